package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type auditRow struct {
	bun.BaseModel `bun:"table:audit_log,alias:al"`
	ID            int64     `bun:"id,pk,autoincrement"`
	At            time.Time `bun:"at"`
	ActorID       int64     `bun:"actor_id,nullzero"`
	ActorEmail    string    `bun:"actor_email"`
	Action        string    `bun:"action"`
	TargetUserID  int64     `bun:"target_user_id,nullzero"`
	TargetEmail   string    `bun:"target_email"`
	InstitutionID int64     `bun:"institution_id,nullzero"`
	IP            string    `bun:"ip"`
	Detail        string    `bun:"detail"`
}

// AddAudit appends one entry to the audit log.
func (s *Store) AddAudit(ctx context.Context, e domain.AuditEntry) error {
	row := auditRow{At: e.At, ActorID: e.ActorID, ActorEmail: e.ActorEmail, Action: e.Action, TargetUserID: e.TargetUserID,
		TargetEmail: e.TargetEmail, InstitutionID: e.InstitutionID, IP: e.IP, Detail: e.Detail}
	_, err := s.db.NewInsert().Model(&row).Exec(ctx)
	return mapErr(err)
}

// AuditLog returns the newest entries first, at most limit of them, older
// than beforeID when it is not zero (for paging).
func (s *Store) AuditLog(ctx context.Context, beforeID int64, limit int) ([]domain.AuditEntry, error) {
	var rows []auditRow
	q := s.db.NewSelect().Model(&rows).Order("id DESC").Limit(int64(limit))
	if beforeID > 0 {
		q = q.Where("id < ?", beforeID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = domain.AuditEntry{ID: r.ID, At: r.At, ActorID: r.ActorID, ActorEmail: r.ActorEmail, Action: r.Action,
			TargetUserID: r.TargetUserID, TargetEmail: r.TargetEmail, InstitutionID: r.InstitutionID, IP: r.IP, Detail: r.Detail}
	}
	return out, nil
}

type loginFailureRow struct {
	bun.BaseModel `bun:"table:login_failures,alias:lf"`
	ID            int64     `bun:"id,pk,autoincrement"`
	Email         string    `bun:"email"`
	IP            string    `bun:"ip"`
	At            time.Time `bun:"at"`
}

// loginFailureKeep is how long failed logins are kept; the limit looks at
// far less, the rest is pruned a little at every failure.
const loginFailureKeep = 24 * time.Hour

// RecordLoginFailure remembers a failed login for the rate limit and prunes
// up to 100 failures older than a day, so the table stays small without a job.
func (s *Store) RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error {
	if _, err := s.db.NewInsert().Model(&loginFailureRow{Email: NormalizeEmail(email), IP: ip, At: at}).Exec(ctx); err != nil {
		return err
	}
	_, err := s.db.NewDelete().Model((*loginFailureRow)(nil)).
		Where("id IN (SELECT id FROM login_failures WHERE at < ? LIMIT 100)", at.Add(-loginFailureKeep)).Exec(ctx)
	return err
}

// LoginBlockedUntil returns when logins for the e-mail from the IP are
// allowed again: the zero time when fewer than maxEmail failures for the
// e-mail from that IP and fewer than maxIP from the IP (any account)
// happened within window before now. An account is never locked for every
// address: failures from elsewhere do not stop its owner signing in.
func (s *Store) LoginBlockedUntil(ctx context.Context, email, ip string, now time.Time, window time.Duration, maxEmail, maxIP int) (time.Time, error) {
	var until time.Time
	for _, c := range []struct {
		email string // "": any account
		max   int
	}{{NormalizeEmail(email), maxEmail}, {"", maxIP}} {
		var at []time.Time
		q := s.db.NewSelect().Model((*loginFailureRow)(nil)).Column("at").Where("ip = ?", ip)
		if c.email != "" {
			q = q.Where("email = ?", c.email)
		}
		err := q.Where("at > ?", now.Add(-window)).
			Order("at DESC").Offset(int64(c.max-1)).Limit(1).Scan(ctx, &at)
		if err != nil {
			return time.Time{}, err
		}
		if len(at) == 1 && at[0].Add(window).After(until) {
			until = at[0].Add(window)
		}
	}
	return until, nil
}
