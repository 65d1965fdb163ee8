package storage

import (
	"context"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// MailCounts returns how many ledger rows are in each status.
func (s *Store) MailCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Status string `bun:"status"`
		N      int    `bun:"n"`
	}
	if err := s.db.NewRaw(`SELECT status, count(*) AS n FROM mail_outbox GROUP BY status`).Scan(ctx, &rows); err != nil {
		return nil, mapErr(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// Mails lists the newest ledger rows, optionally of one status, at most limit.
func (s *Store) Mails(ctx context.Context, status string, limit int) ([]domain.OutboxMail, error) {
	var rows []outboxRow
	q := s.db.NewSelect().Model(&rows).ColumnExpr(outboxColumns("mo")).OrderExpr("mo.id DESC").Limit(int64(limit))
	if status != "" {
		q = q.Where("mo.status = ?", status)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, mapErr(err)
	}
	out := make([]domain.OutboxMail, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// Mail returns one ledger row (ErrNotFound when there is none).
func (s *Store) Mail(ctx context.Context, id int64) (domain.OutboxMail, error) {
	var row outboxRow
	if err := s.db.NewSelect().Model(&row).ColumnExpr(outboxColumns("mo")).Where("mo.id = ?", id).Scan(ctx); err != nil {
		return domain.OutboxMail{}, mapErr(err)
	}
	return row.domain(), nil
}

// ResendMail plans a failed (or kept) mail again, due at once with a fresh
// count of attempts. A mail in another status is an EConflict error.
func (s *Store) ResendMail(ctx context.Context, id int64) error {
	res, err := s.db.NewRaw(`UPDATE mail_outbox SET status = 'planned', attempts = 0, next_attempt_at = ?,
		locked_until = NULL, last_error = '' WHERE id = ? AND status IN ('failed', 'kept')`, s.now(), id).Exec(ctx)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Mail(ctx, id); err != nil {
			return err
		}
		return &domain.Error{Code: domain.EConflict, Message: "mail.resend.not_failed"}
	}
	return nil
}

// MailSettings returns a user's mail choices.
func (s *Store) MailSettings(ctx context.Context, userID int64) (domain.MailSettings, error) {
	var row struct {
		Digests bool    `bun:"mail_digests"`
		Offsets []int64 `bun:"remind_offsets,array"`
	}
	err := s.db.NewRaw(`SELECT coalesce(s.mail_digests, true) AS mail_digests, s.remind_offsets
		FROM users u LEFT JOIN user_mail_settings s ON s.user_id = u.id WHERE u.id = ?`, userID).Scan(ctx, &row)
	if err != nil {
		return domain.MailSettings{}, mapErr(err)
	}
	m := domain.MailSettings{Digests: row.Digests}
	for _, n := range row.Offsets {
		m.RemindOffsets = append(m.RemindOffsets, int(n))
	}
	m.Channels, err = s.noticeChannels(ctx, userID)
	return m, err
}

// SaveMailSettings stores a user's mail choices (nil offsets: the
// institution's) and channel per notice kind, in one transaction.
func (s *Store) SaveMailSettings(ctx context.Context, userID int64, m domain.MailSettings) error {
	var offsets any
	if m.RemindOffsets != nil {
		offsets = pgdialect.Array(m.RemindOffsets)
	}
	return s.InTx(ctx, func(tx *Store) error {
		_, err := tx.db.NewRaw(`INSERT INTO user_mail_settings (user_id, mail_digests, remind_offsets) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET mail_digests = excluded.mail_digests, remind_offsets = excluded.remind_offsets`,
			userID, m.Digests, offsets).Exec(ctx)
		if err != nil {
			return mapErr(err)
		}
		return tx.saveNoticeChannels(ctx, userID, m.Channels)
	})
}

// InstitutionMailRules returns an institution's reminder rules, through the scope.
func (s *Store) InstitutionMailRules(ctx context.Context, sc domain.Scope, id int64) (domain.MailRules, error) {
	var row struct {
		Offsets          []int64 `bun:"remind_offsets,array"`
		OverdueEvery     int     `bun:"overdue_every"`
		EscalateDirector int     `bun:"escalate_director"`
		EscalateFounder  int     `bun:"escalate_founder"`
		Weekends         bool    `bun:"mail_on_weekends"`
		RemindWorking    bool    `bun:"remind_working_days"`
		EscalateWorking  bool    `bun:"escalate_working_days"`
	}
	q := s.db.NewSelect().TableExpr("institutions AS i").
		Join("LEFT JOIN institution_mail_rules AS r ON r.institution_id = i.id").
		ColumnExpr("coalesce(r.remind_offsets, '{7,3,1,0}') AS remind_offsets, coalesce(r.overdue_every, 3) AS overdue_every").
		ColumnExpr("coalesce(r.escalate_director, 3) AS escalate_director, coalesce(r.escalate_founder, 14) AS escalate_founder").
		ColumnExpr("coalesce(r.mail_on_weekends, false) AS mail_on_weekends").
		ColumnExpr("coalesce(r.remind_working_days, false) AS remind_working_days, coalesce(r.escalate_working_days, true) AS escalate_working_days").
		Where("i.id = ?", id)
	if err := scoped(q, sc, "i.id").Scan(ctx, &row); err != nil {
		return domain.MailRules{}, mapErr(err)
	}
	r := domain.MailRules{OverdueEvery: row.OverdueEvery, EscalateDirector: row.EscalateDirector,
		EscalateFounder: row.EscalateFounder, Weekends: row.Weekends, RemindWorkingDays: row.RemindWorking,
		EscalateWorkingDays: row.EscalateWorking}
	for _, n := range row.Offsets {
		r.RemindOffsets = append(r.RemindOffsets, int(n))
	}
	return r, nil
}

// SaveInstitutionMailRules stores an institution's reminder rules; the
// statement writes only when the institution is in sc (else ErrNotFound),
// whatever the caller loaded before.
func (s *Store) SaveInstitutionMailRules(ctx context.Context, sc domain.Scope, id int64, r domain.MailRules) error {
	res, err := s.db.NewRaw(`INSERT INTO institution_mail_rules AS r (institution_id, remind_offsets, overdue_every,
		escalate_director, escalate_founder, mail_on_weekends, remind_working_days, escalate_working_days)
		SELECT i.id, ?, ?, ?, ?, ?, ?, ? FROM institutions i
		WHERE i.id = ? AND (? OR i.id = ANY(?) OR i.founder_id = ANY(?))
	ON CONFLICT (institution_id) DO UPDATE SET remind_offsets = excluded.remind_offsets, overdue_every = excluded.overdue_every,
		escalate_director = excluded.escalate_director, escalate_founder = excluded.escalate_founder,
		mail_on_weekends = excluded.mail_on_weekends, remind_working_days = excluded.remind_working_days,
		escalate_working_days = excluded.escalate_working_days`,
		pgdialect.Array(r.RemindOffsets), r.OverdueEvery, r.EscalateDirector, r.EscalateFounder, r.Weekends,
		r.RemindWorkingDays, r.EscalateWorkingDays,
		id, sc.All, pgdialect.Array(nonNil(sc.InstitutionIDs)), pgdialect.Array(nonNil(sc.FounderIDs))).Exec(ctx)
	return affectedOne(res, err)
}
