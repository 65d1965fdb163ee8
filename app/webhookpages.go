package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// hookScope is whose endpoints a webhook page manages and where its URLs live.
type hookScope struct {
	Owner       domain.WebhookOwner
	Base        string             // /institutions/{id}/webhooks or /founder/webhooks
	Institution domain.Institution // institution pages
	Founders    []domain.Founder   // founder pages: those the user may register endpoints for
}

// hookPagesScope is the page's view of a resolved owner.
func hookPagesScope(o service.HookOwner) hookScope {
	s := hookScope{Owner: o.Owner, Base: "/founder/webhooks", Institution: o.Institution, Founders: o.Founders}
	if o.Institution.ID != 0 {
		s.Base = fmt.Sprintf("/institutions/%d/webhooks", o.Institution.ID)
	}
	return s
}

// institutionHooks names /institutions/:id/webhooks' owner: the
// institution (through the caller's scope, foreign: 404; its director or
// the admin, others 403); an id that is no number is -1 (not found).
func institutionHooks(c *fiber.Ctx) int64 {
	id, err := paramID(c, "id")
	if err != nil {
		return -1
	}
	return id
}

// founderHooks names /founder/webhooks' owner: the founders the user
// belongs to (every founder for the admin); anyone else 403.
func founderHooks(*fiber.Ctx) int64 { return 0 }

type hookForm struct {
	URL       string
	Events    map[string]bool
	Enabled   bool
	FounderID int64
}

type webhooksPage struct {
	Page
	Scope     hookScope
	Endpoints []domain.WebhookEndpoint
	Kinds     []string
	Form      hookForm
	Errs      formErrs
	Summary   []*fieldErr
}

type webhookPage struct {
	webhooksPage
	Endpoint   domain.WebhookEndpoint
	Deliveries []domain.WebhookDelivery
	Now        time.Time
}

// Moment formats a time of the log (UTC: endpoints span time zones).
func (p webhooksPage) Moment(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05") + " UTC"
}

// Rotating reports whether the previous secret still signs.
func (p webhookPage) Rotating() bool {
	return p.Endpoint.PrevSecret != "" && p.Now.Before(p.Endpoint.PrevUntil)
}

func (a *App) webhooksPage(c *fiber.Ctx, s hookScope) webhooksPage {
	p := webhooksPage{Page: a.page(c, "webhooks.title"), Scope: s, Kinds: domain.WebhookEventKinds, Errs: formErrs{},
		Form: hookForm{Events: map[string]bool{}, Enabled: true}}
	p.Nav = "institutions"
	if s.Institution.ID == 0 {
		p.Nav = "founder"
	}
	if len(s.Founders) > 0 {
		p.Form.FounderID = s.Founders[0].ID
	}
	return p
}

func (a *App) renderWebhooks(c *fiber.Ctx, status int, p webhooksPage) error {
	eps, err := a.store.WebhookEndpoints(c.UserContext(), p.Scope.Owner)
	if err != nil {
		return err
	}
	p.Endpoints = eps
	return a.render(c, status, "webhooks", p)
}

// hookPages are the handlers of one kind of owner (institution or founder).
type hookPages struct {
	a     *App
	owner func(c *fiber.Ctx) int64 // the Institution of service.Webhook
}

func (a *App) institutionHookPages() hookPages { return hookPages{a, institutionHooks} }
func (a *App) founderHookPages() hookPages     { return hookPages{a, founderHooks} }

// list shows the owner's endpoints and the form to register one.
func (h hookPages) list(c *fiber.Ctx) error {
	o, err := h.a.svc.WebhookOwner(c.UserContext(), caller(c), h.owner(c))
	if err != nil {
		return err
	}
	return h.a.renderWebhooks(c, fiber.StatusOK, h.a.webhooksPage(c, hookPagesScope(o)))
}

// idParam is the numeric id in the URL, 0 when it is none (the use case
// answers not found for it, after the owner's checks).
func idParam(c *fiber.Ctx, name string) int64 {
	id, _ := paramID(c, name)
	return id
}

// readHookForm reads the allow-listed fields of an endpoint form (the use
// cases validate them: the URL's text, scheme and addresses, the events).
func (h hookPages) readHookForm(c *fiber.Ctx) (hookForm, service.Webhook) {
	f := hookForm{URL: strings.TrimSpace(c.FormValue("url")), Events: map[string]bool{}, Enabled: c.FormValue("enabled") == "on"}
	f.FounderID, _ = strconv.ParseInt(c.FormValue("founder_id"), 10, 64)
	in := service.Webhook{Institution: h.owner(c), Endpoint: idParam(c, "wid"), URL: f.URL, Enabled: f.Enabled, FounderID: f.FounderID}
	for _, k := range c.Context().PostArgs().PeekMulti("events") {
		in.Events = append(in.Events, string(k))
		f.Events[string(k)] = true
	}
	return f, in
}

// create registers an endpoint with a fresh secret and opens its page.
func (h hookPages) create(c *fiber.Ctx) error {
	f, in := h.readHookForm(c)
	res, err := h.a.svc.CreateWebhook(c.UserContext(), caller(c), in)
	if err == nil {
		ep := res.Endpoint
		h.a.audit(c, domain.AuditEntry{Action: domain.AuditWebhookCreated, InstitutionID: ep.InstitutionID,
			Detail: fmt.Sprintf("#%d %s", ep.ID, ep.URL)})
		return h.a.done(c, fmt.Sprintf("%s/%d", hookPagesScope(res.Owner).Base, ep.ID), "webhooks.done.created")
	}
	p := h.a.webhooksPage(c, hookPagesScope(res.Owner))
	f.URL = res.Endpoint.URL
	p.Form = f
	errs, ok := formErrors(p.Page, err)
	if !ok {
		return err
	}
	p.Errs, p.Summary = errs, summary(errs, "url", "events")
	return h.a.renderWebhooks(c, fiber.StatusUnprocessableEntity, p)
}

// endpoint loads the :wid endpoint of the owner (anyone else's: 404).
func (h hookPages) endpoint(c *fiber.Ctx) (hookScope, domain.WebhookEndpoint, error) {
	res, err := h.a.svc.Webhook(c.UserContext(), caller(c), h.owner(c), idParam(c, "wid"))
	return hookPagesScope(res.Owner), res.Endpoint, err
}

func (h hookPages) page(c *fiber.Ctx, s hookScope, ep domain.WebhookEndpoint) webhookPage {
	p := webhookPage{webhooksPage: h.a.webhooksPage(c, s), Endpoint: ep, Now: h.a.now()}
	p.Title = p.T("webhooks.endpoint_title")
	p.Form = hookForm{URL: ep.URL, Events: map[string]bool{}, Enabled: ep.Enabled, FounderID: ep.FounderID}
	for _, k := range ep.Events {
		p.Form.Events[k] = true
	}
	return p
}

func (h hookPages) render(c *fiber.Ctx, status int, p webhookPage) error {
	ds, err := h.a.store.WebhookDeliveries(c.UserContext(), p.Scope.Owner, p.Endpoint.ID, 50)
	if err != nil {
		return err
	}
	p.Deliveries = ds
	return h.a.render(c, status, "webhook", p)
}

// show is an endpoint's page: its secret, settings and delivery log.
func (h hookPages) show(c *fiber.Ctx) error {
	s, ep, err := h.endpoint(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, h.page(c, s, ep))
}

// update saves the URL, events and enabled flag.
func (h hookPages) update(c *fiber.Ctx) error {
	f, in := h.readHookForm(c)
	res, err := h.a.svc.UpdateWebhook(c.UserContext(), caller(c), in)
	s := hookPagesScope(res.Owner)
	if err == nil {
		ep := res.Endpoint
		h.a.audit(c, domain.AuditEntry{Action: domain.AuditWebhookChanged, InstitutionID: ep.InstitutionID,
			Detail: fmt.Sprintf("#%d %s enabled=%v", ep.ID, ep.URL, ep.Enabled)})
		return h.a.done(c, fmt.Sprintf("%s/%d", s.Base, ep.ID), "webhooks.done.saved")
	}
	p := h.page(c, s, res.Endpoint)
	f.URL = cleanURL(f.URL)
	p.Form = f
	errs, ok := formErrors(p.Page, err)
	if !ok {
		return err
	}
	p.Errs, p.Summary = errs, summary(errs, "url", "events")
	return h.render(c, fiber.StatusUnprocessableEntity, p)
}

// cleanURL is the URL as the text rule keeps it (what a refused form shows).
func cleanURL(s string) string {
	v, _ := domain.CleanLine(s)
	return v
}

// rotate gives the endpoint a new secret; the old one signs for a day more.
func (h hookPages) rotate(c *fiber.Ctx) error {
	res, err := h.a.svc.RotateWebhookSecret(c.UserContext(), caller(c), h.owner(c), idParam(c, "wid"))
	if err != nil {
		return err
	}
	ep := res.Endpoint
	h.a.audit(c, domain.AuditEntry{Action: domain.AuditWebhookRotated, InstitutionID: ep.InstitutionID, Detail: fmt.Sprintf("#%d", ep.ID)})
	return h.a.done(c, fmt.Sprintf("%s/%d", hookPagesScope(res.Owner).Base, ep.ID), "webhooks.done.rotated")
}

// resend plans one delivery of the log again, with the same webhook-id.
func (h hookPages) resend(c *fiber.Ctx) error {
	res, err := h.a.svc.ResendWebhook(c.UserContext(), caller(c), h.owner(c), idParam(c, "wid"), idParam(c, "did"))
	if err != nil {
		return err
	}
	return h.a.done(c, fmt.Sprintf("%s/%d", hookPagesScope(res.Owner).Base, res.Endpoint.ID), "webhooks.done.resent")
}
