package main

import (
	"planboard/app"
	"planboard/app/service"
	"planboard/storage"
)

// The storage satisfies every store interface its consumers declare: the
// service layer's use cases and the web surface. A method missing or
// changed breaks the build here, in the one place that sees both sides.
var (
	_ service.ItemStore         = (*storage.Store)(nil)
	_ service.ItemFormStore     = (*storage.Store)(nil)
	_ service.PlanStore         = (*storage.Store)(nil)
	_ service.ReportStore       = (*storage.Store)(nil)
	_ service.PlanImportStore   = (*storage.Store)(nil)
	_ service.NokStore          = (*storage.Store)(nil)
	_ service.MemberStore       = (*storage.Store)(nil)
	_ service.PlanEditStore     = (*storage.Store)(nil)
	_ service.ItemWorkStore     = (*storage.Store)(nil)
	_ service.TenantStore       = (*storage.Store)(nil)
	_ service.AccountStore      = (*storage.Store)(nil)
	_ service.QueryStore        = (*storage.Store)(nil)
	_ service.SessionStore      = (*storage.Store)(nil)
	_ service.UnsubscribeStore  = (*storage.Store)(nil)
	_ service.WebhookStore      = (*storage.Store)(nil)
	_ service.MailRulesStore    = (*storage.Store)(nil)
	_ service.InboxStore        = (*storage.Store)(nil)
	_ service.WorkCalendarStore = (*storage.Store)(nil)
	_ app.Store                 = (*storage.Store)(nil)
)
