package web

import (
	"context"
	"planboard/app/mail"
	"time"

	"planboard/app/service"
	"planboard/domain"
)

// SessionStore keeps logged-in sessions.
type SessionStore interface {
	CreateSession(ctx context.Context, token string, s domain.Session) error
	SessionActor(ctx context.Context, token string, now time.Time, idle time.Duration) (domain.Session, domain.User, domain.Actor, error)
	TouchSession(ctx context.Context, token string, now time.Time) error
	DeleteSession(ctx context.Context, token string) error
	SetFlash(ctx context.Context, token, text string) error
	ClearFlash(ctx context.Context, token string) error
	KeepPendingUpload(ctx context.Context, userID, itemID int64, att domain.Attachment) error
	PendingUpload(ctx context.Context, userID, itemID int64) (domain.Attachment, error)
	DropPendingUpload(ctx context.Context, userID, itemID int64) error
}

// UserStore finds users and their memberships.
type UserStore interface {
	UserByEmail(ctx context.Context, email string) (domain.User, error)
	Actor(ctx context.Context, userID int64) (domain.User, domain.Actor, error)
	UserByID(ctx context.Context, id int64) (domain.User, error)
	InstitutionMembers(ctx context.Context, institutionID int64) ([]domain.Member, error)
}

// PlanReader reads plans and items within a scope.
type PlanReader interface {
	Plans(ctx context.Context, sc domain.Scope) ([]domain.PlanSummary, error)
	Plan(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, error)
	PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error)
	PlanItems(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Item, error)
	PlanItemsPage(ctx context.Context, sc domain.Scope, planID int64, offset, limit int) ([]domain.Item, error)
	PlanProgress(ctx context.Context, sc domain.Scope, planID int64, today domain.Date) ([]domain.Progress, domain.Progress, error)
	Institution(ctx context.Context, sc domain.Scope, id int64) (domain.Institution, error)
}

// Store is everything the web layer needs from storage.
type Store interface {
	service.Store
	SessionStore
	UserStore
	PlanReader
	mail.MailStore
	AccountStore
	TenantAdmin
	BoardStore
	OversightStore
	CalendarStore
	InboxStore
	HookStore // API tokens and webhooks (docs/integrations.md)
	NokDashStore
	SiteDashStore
	service.QueryStore // the JSON API's reads (docs/integrations.md)
	UXStore            // plan log, decisions, review queue (docs/ux.md §5–§7)
	StampStore         // the change counters of the kept pages (docs/architecture.md)
}
