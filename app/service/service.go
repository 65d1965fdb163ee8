// Package service holds Planboard's use cases: the operations the pages,
// the API, the importers and the jobs perform. Each takes the caller, a
// typed input and the clock; checks the access policy; validates; writes in
// one transaction with the mails it causes; and returns domain errors
// (domain.ENotFound for anything outside the caller's scope, EForbidden for
// the right tenant without the right role, EInvalid with field errors,
// EConflict for a stale version). It imports neither Fiber nor storage:
// every use case declares the small store interface it needs, and cmd
// checks that *storage.Store satisfies each.
package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"planboard/app/webhook"
	"planboard/domain"
)

// Caller is who performs an operation: the signed-in person with their
// roles (from a session, an API token, or a command).
type Caller struct {
	Actor domain.Actor
	User  domain.User
}

// Scope is what the caller may see; every read and write is limited to it.
func (c Caller) Scope() domain.Scope { return c.Actor.Scope() }

// can asks the policy whether the caller may do act in inst.
func (c Caller) can(act domain.Action, inst domain.Institution, assignees ...int64) bool {
	return domain.Can(c.Actor, act, domain.Resource{InstitutionID: inst.ID, FounderID: inst.FounderID, AssigneeIDs: assignees})
}

// authorize is can as an error: EForbidden inside the scope without the
// role (outside the scope the lookups have already answered not found).
func (c Caller) authorize(act domain.Action, inst domain.Institution, assignees ...int64) error {
	if !c.can(act, inst, assignees...) {
		return ErrForbidden
	}
	return nil
}

// ErrForbidden is the answer for the right tenant without the right role.
var ErrForbidden = &domain.Error{Code: domain.EForbidden, Message: "error.forbidden"}

// Notifier renders the mails an operation causes, to be planned in the
// operation's transaction (the mail ledger). The app's Mailer is one.
type Notifier interface {
	ItemNotices(kind string, item domain.Item, inst domain.Institution, to []domain.User, note string, now time.Time) (domain.Notices, error)
	AssignedNotices(byAssignee map[int64][]domain.Item, people map[int64]domain.User, inst domain.Institution, now time.Time) (domain.Notices, error)
	PlanNotices(kind string, plan domain.Plan, inst domain.Institution, to []domain.User, note string, now time.Time) (domain.Notices, error)
	ReportNotices(kind string, plan domain.Plan, r domain.ProgressReport, inst domain.Institution, to []domain.User, note string, now time.Time) (domain.Notices, error)
	CommentNotices(item domain.Item, inst domain.Institution, author domain.User, body string, assignees, mentioned []domain.User, now time.Time) (domain.Notices, error)
	// InvitationNotices renders the one mail of an invitation.
	InvitationNotices(n InvitationNotice, now time.Time) (domain.Notices, error)
}

// Store is every store interface the use cases declare.
type Store interface {
	ItemStore
	ItemFormStore
	PlanStore
	ReportStore
	CommentStore
	PlanImportStore
	PlanDeleteStore
	NokStore
	MemberStore
	PlanEditStore
	ItemWorkStore
	TenantStore
	AccountStore
	SessionStore
	UnsubscribeStore
	WebhookStore
	MailRulesStore
	InboxStore
	WorkCalendarStore
	SiteStore
	RegionStore
	RecommendationStore
	SurveyStore
	PaperSurveyStore
	SurveyPlanStore
	SurveySetAsideStore
}

// Deps are the service's collaborators.
type Deps struct {
	Store   Store
	Notices Notifier
	Now     func() time.Time
	// BaseURL is the public URL of the site (https://plan.example.org):
	// the links in webhook events use it.
	BaseURL string
	// Token returns a fresh random token for a single-use link or a
	// session (default: 32 bytes from crypto/rand, URL-safe).
	Token func() string
	// Passwords compares and makes password hashes within the process's
	// hashing limit (signing in, setting a password).
	Passwords Passwords
	// UnsubscribeUser resolves a digest's unsubscribe link to its
	// person's id (0: forged or unknown).
	UnsubscribeUser func(ctx context.Context, token string) (int64, error)
	// WebhookGuard checks the addresses of webhook endpoints (private
	// addresses refused unless it allows them).
	WebhookGuard webhook.Guard
}

// Service performs the use cases.
type Service struct {
	store   Store
	notices Notifier
	now     func() time.Time
	token   func() string
	base    string

	passwords   Passwords
	unsubscribe func(ctx context.Context, token string) (int64, error)
	guard       webhook.Guard
}

// New returns the service over its dependencies.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Token == nil {
		d.Token = randomToken
	}
	return &Service{store: d.Store, notices: d.Notices, now: d.Now, token: d.Token, base: d.BaseURL,
		passwords: d.Passwords, unsubscribe: d.UnsubscribeUser, guard: d.WebhookGuard}
}

// randomToken returns 32 random bytes, URL-safe encoded.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failing is not recoverable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
