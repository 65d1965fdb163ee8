package mail

import (
	"context"
	"time"

	"planboard/domain"
)

// MailPlanStore finds the mails that are due (set-based: a constant number
// of queries whatever the number of items) and plans them in the ledger.
type MailPlanStore interface {
	DueItemMails(ctx context.Context, now time.Time) ([]domain.MailCandidate, error)
	DueDigests(ctx context.Context, now time.Time) ([]domain.MailCandidate, map[int64][]domain.MailItem, error)
	DueSummaries(ctx context.Context, now time.Time) ([]domain.MailCandidate, map[int64][]domain.InstitutionSummary, error)
	EnqueueMails(ctx context.Context, mails []domain.Mail, host string) (int, error)
	EnqueueMail(ctx context.Context, m domain.Mail, host string) (bool, error)
	Secret(ctx context.Context, name string) ([]byte, error) // created on first use
	EnqueueGrouped(ctx context.Context, markers []domain.Mail, host string, group func(fresh []int) ([]domain.Mail, error)) (int, error)
	PruneInbox(ctx context.Context, before time.Time) (int, error) // notices older than the moment
}

// MailDeliveryStore leases due mails and records how sending went.
type MailDeliveryStore interface {
	ClaimMails(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]domain.OutboxMail, error)
	MarkMailSent(ctx context.Context, id int64, at time.Time) error
	MarkMailsKept(ctx context.Context, ids []int64) error
	MarkMailRetry(ctx context.Context, id int64, next time.Time, lastErr string) error
	MarkMailFailed(ctx context.Context, id int64, lastErr string) error
}

// MailAdminStore reads the ledger for the admin view and the user's choices.
type MailAdminStore interface {
	MailCounts(ctx context.Context) (map[string]int, error)
	Mails(ctx context.Context, status string, limit int) ([]domain.OutboxMail, error)
	Mail(ctx context.Context, id int64) (domain.OutboxMail, error)
	ResendMail(ctx context.Context, id int64) error
	MailSettings(ctx context.Context, userID int64) (domain.MailSettings, error)
	SaveMailSettings(ctx context.Context, userID int64, m domain.MailSettings) error
	InstitutionMailRules(ctx context.Context, sc domain.Scope, id int64) (domain.MailRules, error)
	SaveInstitutionMailRules(ctx context.Context, sc domain.Scope, id int64, r domain.MailRules) error
}

// MailStore is everything mail needs from storage.
type MailStore interface {
	MailPlanStore
	MailDeliveryStore
	MailAdminStore
}
