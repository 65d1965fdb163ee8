package storage

import (
	"context"
	"crypto/sha256"
	"encoding/json"
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
		CreatedAt: s.stamp(sess.CreatedAt), LastSeenAt: s.stamp(sess.CreatedAt), ExpiresAt: sess.ExpiresAt}
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

// Actor loads a user with all memberships as the policy sees them, in one
// query: every API request runs it.
func (s *Store) Actor(ctx context.Context, userID int64) (domain.User, domain.Actor, error) {
	var (
		u  userRow
		ms []byte
	)
	h := (&hotSQL{}).add(`SELECT u.email, u.full_name, u.position, u.password_hash, u.is_admin, u.locale, u.created_at, ` + membershipsJSON + `
		FROM users AS u WHERE u.id = `).arg(userID)
	if err := s.hotRow(ctx, h, &u.Email, &u.FullName, &u.Position, &u.PasswordHash, &u.IsAdmin, &u.Locale, &u.CreatedAt, &ms); err != nil {
		return domain.User{}, domain.Actor{}, err
	}
	u.ID = userID
	return actorOf(u, ms)
}

// membershipsJSON is a user's (u) memberships as one JSON column, in id order.
const membershipsJSON = `COALESCE((SELECT json_agg(json_build_object('id', m.id, 'role', m.role,
		'institution_id', COALESCE(m.institution_id, 0), 'founder_id', COALESCE(m.founder_id, 0),
		'overseer_id', COALESCE(m.overseer_id, 0), 'founders', CASE WHEN m.overseer_id IS NOT NULL THEN
			(SELECT json_agg(f.id ORDER BY f.id) FROM founders AS f WHERE f.overseer_path @> ARRAY[m.overseer_id]) END) ORDER BY m.id)
		FROM memberships AS m WHERE m.user_id = u.id), '[]')`

// actorOf is the user of u with the memberships of membershipsJSON.
func actorOf(u userRow, ms []byte) (domain.User, domain.Actor, error) {
	var list []membershipJSON
	if err := json.Unmarshal(ms, &list); err != nil {
		return domain.User{}, domain.Actor{}, err
	}
	user := u.domain()
	a := domain.Actor{UserID: user.ID, IsAdmin: user.IsAdmin}
	for _, m := range list {
		a.Memberships = append(a.Memberships, domain.Membership{ID: m.ID, UserID: user.ID, Role: domain.Role(m.Role),
			InstitutionID: m.InstitutionID, FounderID: m.FounderID, OverseerID: m.OverseerID, Founders: m.Founders})
	}
	return user, a, nil
}

// SessionActor returns the live session for token together with its user
// and the user's memberships, in one query: it runs on every request.
// A dead session (expired, idle too long, revoked) is ErrNotFound.
func (s *Store) SessionActor(ctx context.Context, token string, now time.Time, idle time.Duration) (domain.Session, domain.User, domain.Actor, error) {
	var (
		sess domain.Session
		u    userRow
		ms   []byte
	)
	h := (&hotSQL{}).add(`SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.flash,
			u.email, u.full_name, u.position, u.password_hash, u.is_admin, u.locale, u.created_at, ` + membershipsJSON + `
		FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id_hash = `).arg(hashToken(token)).
		add(" AND s.expires_at > ").arg(now).add(" AND s.last_seen_at > ").arg(now.Add(-idle))
	err := s.hotRow(ctx, h, &sess.UserID, &sess.CSRFToken, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt, &sess.Flash,
		&u.Email, &u.FullName, &u.Position, &u.PasswordHash, &u.IsAdmin, &u.Locale, &u.CreatedAt, &ms)
	if err != nil {
		return domain.Session{}, domain.User{}, domain.Actor{}, err
	}
	u.ID = sess.UserID
	user, a, err := actorOf(u, ms)
	return sess, user, a, err
}

type membershipJSON struct {
	ID            int64   `json:"id"`
	Role          string  `json:"role"`
	InstitutionID int64   `json:"institution_id"`
	FounderID     int64   `json:"founder_id"`
	OverseerID    int64   `json:"overseer_id"`
	Founders      []int64 `json:"founders"` // a region's: every founder below its node
}
