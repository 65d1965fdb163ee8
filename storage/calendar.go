package storage

import (
	"context"
	"crypto/sha256"
	"time"

	"planboard/domain"
)

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// SetCalendarToken stores (the hash of) a user's new calendar feed token,
// replacing and thereby revoking the previous one.
func (s *Store) SetCalendarToken(ctx context.Context, userID int64, token string, at time.Time) error {
	_, err := s.db.NewRaw(`INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
		userID, tokenHash(token), at).Exec(ctx)
	return mapErr(err)
}

// DeleteCalendarToken revokes a user's calendar feed.
func (s *Store) DeleteCalendarToken(ctx context.Context, userID int64) error {
	_, err := s.db.NewDelete().Table("calendar_tokens").Where("user_id = ?", userID).Exec(ctx)
	return err
}

// CalendarTokenCreated returns when the user's feed token was made, or the
// zero time when the user has none.
func (s *Store) CalendarTokenCreated(ctx context.Context, userID int64) (time.Time, error) {
	var at []time.Time
	err := s.db.NewSelect().Table("calendar_tokens").Column("created_at").Where("user_id = ?", userID).Scan(ctx, &at)
	if err != nil || len(at) == 0 {
		return time.Time{}, err
	}
	return at[0], nil
}

// CalendarEvents returns the dated deadlines of the items assigned to the
// owner of a feed token, in institutions the user still belongs to. An
// unknown or revoked token is ErrNotFound. Two queries.
func (s *Store) CalendarEvents(ctx context.Context, token string) (domain.User, []domain.CalendarEvent, error) {
	var userID int64
	err := s.db.NewSelect().Table("calendar_tokens").Column("user_id").Where("token_hash = ?", tokenHash(token)).Scan(ctx, &userID)
	if err != nil {
		return domain.User{}, nil, mapErr(err)
	}
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return domain.User{}, nil, err
	}
	var rows []struct {
		ID      int64     `bun:"id"`
		PlanID  int64     `bun:"plan_id"`
		Inst    string    `bun:"inst"`
		Measure string    `bun:"measure"`
		Due     time.Time `bun:"deadline_date"`
		Status  string    `bun:"status"`
		Updated time.Time `bun:"updated_at"`
	}
	err = s.db.NewSelect().TableExpr("items AS it").
		ColumnExpr("it.id, it.plan_id, coalesce(nullif(i.short_name, ''), i.name) AS inst, it.measure, it.deadline_date, it.status, it.updated_at").
		Join("JOIN institutions AS i ON i.id = it.institution_id").
		Where("it.assignee_id = ? AND it.deadline_date IS NOT NULL AND it.status <> 'cancelled'", userID).
		Where("it.institution_id IN (SELECT institution_id FROM memberships WHERE user_id = ? AND institution_id IS NOT NULL)", userID).
		OrderExpr("it.deadline_date, it.id").Scan(ctx, &rows)
	if err != nil {
		return domain.User{}, nil, err
	}
	out := make([]domain.CalendarEvent, len(rows))
	for i, r := range rows {
		out[i] = domain.CalendarEvent{ItemID: r.ID, PlanID: r.PlanID, Institution: r.Inst, Measure: r.Measure, Due: domain.DateOf(r.Due.UTC()),
			Status: domain.ItemStatus(r.Status), Updated: r.Updated}
	}
	return u, out, nil
}
