package mail

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"time"

	"planboard/domain"
)

// MailerConfig are the mailer's collaborators and settings.
type MailerConfig struct {
	Store       MailStore
	Sender      Sender // nil: no SMTP server, mails are kept in the ledger for the admin view
	BaseURL     string // links in mails
	Logger      *slog.Logger
	Clock       func() time.Time // the delivery clock (leases, backoff); default time.Now
	Lease       time.Duration    // how long a claimed mail is reserved for its sender; default 10 min
	MaxAttempts int              // attempts before a mail is marked failed; default 6
	Backoff     time.Duration    // wait after the first failure, doubled after each next one; default 1 min
	Batch       int              // mails claimed at once; default 20 (500 when keeping)
}

// Mailer plans the scheduled mails, renders every mail from the catalogue,
// and delivers the ledger through the Sender.
type Mailer struct {
	cfg     MailerConfig
	store   MailStore
	host    string
	tmpl    *mailTemplates
	secrets secrets // the unsubscribe links' key, loaded once
}

// NewMailer loads the mail templates and the catalogue and applies defaults.
func NewMailer(c MailerConfig) (*Mailer, error) {
	t, err := loadMailTemplates()
	if err != nil {
		return nil, err
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.Lease == 0 {
		c.Lease = 10 * time.Minute
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 6
	}
	if c.Backoff == 0 {
		c.Backoff = time.Minute
	}
	if c.Batch == 0 {
		c.Batch = 20
		if c.Sender == nil {
			c.Batch = 500
		}
	}
	host := "planboard.local"
	if u, err := url.Parse(c.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return &Mailer{cfg: c, store: c.Store, host: host, tmpl: t}, nil
}

// SweepResult counts what one sweep did.
type SweepResult struct {
	Planned int // new rows in the ledger
	DeliveryResult
}

// Sweep plans the mails due at now, then delivers everything due.
func (m *Mailer) Sweep(ctx context.Context, now time.Time) (SweepResult, error) {
	n, err := m.Plan(ctx, now)
	if err != nil {
		return SweepResult{Planned: n}, err
	}
	d, err := m.Deliver(ctx)
	return SweepResult{Planned: n, DeliveryResult: d}, err
}

// Plan computes which scheduled mails are due at now (in each institution's
// zone), renders them and writes them to the ledger, with their inbox
// notices, and deletes the inbox notices older than domain.InboxKeep: a
// constant number of statements whatever the number of items. Planning
// twice is harmless.
func (m *Mailer) Plan(ctx context.Context, now time.Time) (int, error) {
	if _, err := m.store.PruneInbox(ctx, now.Add(-domain.InboxKeep)); err != nil {
		return 0, err
	}
	items, err := m.store.DueItemMails(ctx, now)
	if err != nil {
		return 0, err
	}
	digests, digestItems, err := m.store.DueDigests(ctx, now)
	if err != nil {
		return 0, err
	}
	summaries, lines, err := m.store.DueSummaries(ctx, now)
	if err != nil {
		return 0, err
	}
	key, err := m.secrets.get(ctx, m.store.Secret)
	if err != nil {
		return 0, err
	}
	mails := make([]domain.Mail, 0, len(items)+len(digests)+len(summaries))
	var escalations []domain.MailCandidate
	for _, c := range items {
		if domain.Grouped(c.Kind) {
			escalations = append(escalations, c)
			continue
		}
		mail, err := m.itemMail(c, "")
		if err != nil {
			return 0, err
		}
		mails = append(mails, mail)
	}
	for _, c := range digests {
		mail, err := m.digestMail(c, digestItems[c.InstitutionID], key)
		if err != nil {
			return 0, err
		}
		mails = append(mails, mail)
	}
	for _, c := range summaries {
		mail, err := m.summaryMail(c, lines[c.SubjectID], key)
		if err != nil {
			return 0, err
		}
		mails = append(mails, mail)
	}
	n, err := m.store.EnqueueMails(ctx, mails, m.host)
	if err != nil {
		return n, err
	}
	g, err := m.store.EnqueueGrouped(ctx, m.escalationMarkers(escalations), m.host, func(fresh []int) ([]domain.Mail, error) {
		return m.groupedMails(escalations, fresh)
	})
	n += g
	if err == nil && n > 0 {
		m.cfg.Logger.Info("mail planned", "new", n, "at", now.Format(time.RFC3339))
	}
	return n, err
}

// Keeping reports that no SMTP server is configured: mails are kept in the
// ledger for the admin to read.
func (m *Mailer) Keeping() bool { return m.cfg.Sender == nil }
