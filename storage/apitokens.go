package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type apiTokenRow struct {
	bun.BaseModel `bun:"table:api_tokens,alias:tk"`
	ID            int64      `bun:"id,pk,autoincrement"`
	UserID        int64      `bun:"user_id"`
	UserEmail     string     `bun:"user_email,scanonly"`
	Name          string     `bun:"name"`
	Scope         string     `bun:"scope"`
	TokenHash     []byte     `bun:"token_hash"`
	Hint          string     `bun:"hint"`
	CreatedAt     time.Time  `bun:"created_at"`
	ExpiresAt     *time.Time `bun:"expires_at"`
	LastUsedAt    *time.Time `bun:"last_used_at"`
	RevokedAt     *time.Time `bun:"revoked_at"`
	RevokedBy     int64      `bun:"revoked_by,nullzero"`
}

func (r *apiTokenRow) domain() domain.APIToken {
	return domain.APIToken{ID: r.ID, UserID: r.UserID, UserEmail: r.UserEmail, Name: r.Name, Scope: domain.APIScope(r.Scope),
		Hint: r.Hint, CreatedAt: r.CreatedAt, ExpiresAt: fromNullTime(r.ExpiresAt), LastUsedAt: fromNullTime(r.LastUsedAt),
		RevokedAt: fromNullTime(r.RevokedAt), RevokedBy: r.RevokedBy}
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func fromNullTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// CreateAPIToken stores a new personal access token of userID under the
// hash of token (the caller generated it and shows it once) and returns it
// as stored. The token's name, scope and lifetime are validated (EInvalid).
func (s *Store) CreateAPIToken(ctx context.Context, userID int64, token string, n domain.NewAPIToken) (domain.APIToken, error) {
	if err := n.Check(); err != nil {
		return domain.APIToken{}, err
	}
	now := s.now()
	hint := ""
	if len(token) >= 4 {
		hint = token[len(token)-4:]
	}
	row := &apiTokenRow{UserID: userID, Name: n.Name, Scope: string(n.Scope), TokenHash: hashToken(token), Hint: hint,
		CreatedAt: now, ExpiresAt: nullTime(n.Expiry(now))}
	err := s.InTx(ctx, func(tx *Store) error {
		// One person's tokens are counted and added one request at a time.
		if _, err := tx.db.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended('api-tokens:' || ?, 0))", userID); err != nil {
			return err
		}
		live, err := tx.db.NewSelect().Model((*apiTokenRow)(nil)).Where("user_id = ?", userID).Where("revoked_at IS NULL").
			Where("expires_at IS NULL OR expires_at > ?", now).Count(ctx)
		if err != nil {
			return err
		}
		if live >= domain.MaxAPITokensPerUser {
			return &domain.Error{Code: domain.EInvalid, Field: "name", Message: fmt.Sprintf("tokens.too_many|%d", domain.MaxAPITokensPerUser)}
		}
		_, err = tx.db.NewInsert().Model(row).Returning("id").Exec(ctx)
		return err
	})
	if err != nil {
		return domain.APIToken{}, mapErr(err)
	}
	return row.domain(), nil
}

// APITokenByValue returns the live token whose value is token, with its
// user and scope; a revoked, expired or unknown token is ErrNotFound. It
// records the use at now, but at most once per domain.APITokenTouchEvery,
// so a busy client reads a row per request and writes one a minute.
func (s *Store) APITokenByValue(ctx context.Context, token string, now time.Time) (domain.APIToken, error) {
	var row apiTokenRow
	err := s.db.NewSelect().Model(&row).Where("token_hash = ?", hashToken(token)).
		Where("revoked_at IS NULL").Where("expires_at IS NULL OR expires_at > ?", now).Scan(ctx)
	if err != nil {
		return domain.APIToken{}, mapErr(err)
	}
	if row.LastUsedAt == nil || !row.LastUsedAt.After(now.Add(-domain.APITokenTouchEvery)) {
		// Conditional, so that concurrent requests write once between them.
		if _, err := s.db.NewUpdate().Model((*apiTokenRow)(nil)).Set("last_used_at = ?", now).Where("id = ?", row.ID).
			Where("last_used_at IS NULL OR last_used_at <= ?", now.Add(-domain.APITokenTouchEvery)).Exec(ctx); err != nil {
			return domain.APIToken{}, mapErr(err)
		}
		row.LastUsedAt = &now
	}
	return row.domain(), nil
}

// UserAPITokens lists a user's tokens, newest first, revoked ones included.
func (s *Store) UserAPITokens(ctx context.Context, userID int64) ([]domain.APIToken, error) {
	return s.apiTokens(ctx, userID)
}

// AllAPITokens lists every user's tokens for the admin, newest first.
func (s *Store) AllAPITokens(ctx context.Context) ([]domain.APIToken, error) {
	return s.apiTokens(ctx, 0)
}

func (s *Store) apiTokens(ctx context.Context, userID int64) ([]domain.APIToken, error) {
	var rows []apiTokenRow
	q := s.db.NewSelect().Model(&rows).ColumnExpr("tk.*, u.email AS user_email").
		Join("JOIN users AS u ON u.id = tk.user_id").OrderExpr("tk.id DESC").Limit(1000)
	if userID != 0 {
		q = q.Where("tk.user_id = ?", userID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, mapErr(err)
	}
	out := make([]domain.APIToken, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// APIToken returns one token: of userID, or of anyone when userID is 0 (the
// admin). Another user's token is ErrNotFound.
func (s *Store) APIToken(ctx context.Context, userID, id int64) (domain.APIToken, error) {
	var row apiTokenRow
	q := s.db.NewSelect().Model(&row).ColumnExpr("tk.*, u.email AS user_email").
		Join("JOIN users AS u ON u.id = tk.user_id").Where("tk.id = ?", id)
	if userID != 0 {
		q = q.Where("tk.user_id = ?", userID)
	}
	if err := q.Scan(ctx); err != nil {
		return domain.APIToken{}, mapErr(err)
	}
	return row.domain(), nil
}

// RevokeAPIToken revokes a token of userID (any user's when userID is 0)
// at the store's clock, recording who did it. Another user's token is
// ErrNotFound; revoking a revoked token changes nothing and is no error.
func (s *Store) RevokeAPIToken(ctx context.Context, userID, id, by int64) (domain.APIToken, error) {
	t, err := s.APIToken(ctx, userID, id)
	if err != nil || !t.RevokedAt.IsZero() {
		return t, err
	}
	now := s.now()
	_, err = s.db.NewUpdate().Model((*apiTokenRow)(nil)).Set("revoked_at = ?", now).Set("revoked_by = ?", nullID(by)).
		Where("id = ?", id).Where("revoked_at IS NULL").Exec(ctx)
	if err != nil {
		return t, mapErr(err)
	}
	t.RevokedAt, t.RevokedBy = now, by
	return t, nil
}
