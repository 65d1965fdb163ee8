package storage

import (
	"context"
	"crypto/sha256"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type sessionRow struct {
	bun.BaseModel `bun:"table:sessions,alias:s"`
	IDHash        []byte    `bun:"id_hash,pk"`
	UserID        int64     `bun:"user_id"`
	CSRFToken     string    `bun:"csrf_token"`
	CreatedAt     time.Time `bun:"created_at"`
	LastSeenAt    time.Time `bun:"last_seen_at"`
	ExpiresAt     time.Time `bun:"expires_at"`
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// CreateSession stores a session under the hash of token.
func (s *Store) CreateSession(ctx context.Context, token string, sess domain.Session) error {
	row := &sessionRow{IDHash: hashToken(token), UserID: sess.UserID, CSRFToken: sess.CSRFToken,
		CreatedAt: sess.CreatedAt, LastSeenAt: sess.CreatedAt, ExpiresAt: sess.ExpiresAt}
	_, err := s.db.NewInsert().Model(row).Exec(ctx)
	return mapErr(err)
}

// SessionByToken returns the live session for token: not expired at now and
// not idle for longer than idle. A dead session is ErrNotFound.
func (s *Store) SessionByToken(ctx context.Context, token string, now time.Time, idle time.Duration) (domain.Session, error) {
	var row sessionRow
	err := s.db.NewSelect().Model(&row).
		Where("id_hash = ?", hashToken(token)).
		Where("expires_at > ?", now).
		Where("last_seen_at > ?", now.Add(-idle)).
		Scan(ctx)
	if err != nil {
		return domain.Session{}, mapErr(err)
	}
	return domain.Session{UserID: row.UserID, CSRFToken: row.CSRFToken, CreatedAt: row.CreatedAt,
		LastSeenAt: row.LastSeenAt, ExpiresAt: row.ExpiresAt}, nil
}

// TouchSession records activity, at most once a minute per session to keep writes rare.
func (s *Store) TouchSession(ctx context.Context, token string, now time.Time) error {
	_, err := s.db.NewUpdate().Model((*sessionRow)(nil)).
		Set("last_seen_at = ?", now).
		Where("id_hash = ?", hashToken(token)).
		Where("last_seen_at < ?", now.Add(-time.Minute)).
		Exec(ctx)
	return err
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	_, err := s.db.NewDelete().Model((*sessionRow)(nil)).Where("id_hash = ?", hashToken(token)).Exec(ctx)
	return err
}

// DeleteUserSessions ends every session of a user, except the one with keepToken when given.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64, keepToken string) error {
	q := s.db.NewDelete().Model((*sessionRow)(nil)).Where("user_id = ?", userID)
	if keepToken != "" {
		q = q.Where("id_hash <> ?", hashToken(keepToken))
	}
	_, err := q.Exec(ctx)
	return err
}

// DeleteExpiredSessions removes sessions past their absolute expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.NewDelete().Model((*sessionRow)(nil)).Where("expires_at <= ?", now).Exec(ctx)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Actor loads a user with all memberships as the policy sees them.
func (s *Store) Actor(ctx context.Context, userID int64) (domain.User, domain.Actor, error) {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return domain.User{}, domain.Actor{}, err
	}
	ms, err := s.Memberships(ctx, userID)
	if err != nil {
		return domain.User{}, domain.Actor{}, err
	}
	return u, domain.Actor{UserID: u.ID, IsAdmin: u.IsAdmin, Memberships: ms}, nil
}
