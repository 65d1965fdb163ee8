package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type tokenRow struct {
	bun.BaseModel `bun:"table:account_tokens,alias:at"`
	ID            int64      `bun:"id,pk,autoincrement"`
	TokenHash     []byte     `bun:"token_hash"`
	Kind          string     `bun:"kind"`
	UserID        int64      `bun:"user_id"`
	CreatedBy     int64      `bun:"created_by,nullzero"`
	CreatedAt     time.Time  `bun:"created_at"`
	ExpiresAt     time.Time  `bun:"expires_at"`
	UsedAt        *time.Time `bun:"used_at"`
}

// createToken stores a single-use link under the hash of token and returns
// its id; the user's older open links end (one live link at a time).
func (s *Store) createToken(ctx context.Context, token string, t domain.AccountToken) (int64, error) {
	if err := s.endOpenLinks(ctx, t.UserID, t.CreatedAt); err != nil {
		return 0, err
	}
	row := &tokenRow{TokenHash: hashToken(token), Kind: string(t.Kind), UserID: t.UserID, CreatedBy: t.CreatedBy,
		CreatedAt: s.stamp(t.CreatedAt), ExpiresAt: t.ExpiresAt}
	if _, err := s.db.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
		return 0, mapErr(err)
	}
	return row.ID, nil
}

// endOpenLinks spends every open password link of userID (0: the first
// user, for the unknown address of RequestReset, whose work is rolled
// back), so that a new link ends the old ones: a mailbox read later, or an
// old mail in a backup, holds no live link.
func (s *Store) endOpenLinks(ctx context.Context, userID int64, now time.Time) error {
	var uid any
	if userID != 0 {
		uid = userID
	}
	_, err := s.db.ExecContext(ctx, `UPDATE account_tokens SET used_at = ?
		WHERE user_id = COALESCE(?, (SELECT min(id) FROM users)) AND used_at IS NULL AND expires_at > ?`, s.stamp(now), uid, s.stamp(now))
	return mapErr(err)
}

// AccountToken returns the live (unused, unexpired) link for token; any
// other token is ErrNotFound.
func (s *Store) AccountToken(ctx context.Context, token string, now time.Time) (domain.AccountToken, error) {
	var row tokenRow
	err := s.db.NewSelect().Model(&row).Where("token_hash = ?", hashToken(token)).
		Where("used_at IS NULL").Where("expires_at > ?", now).Scan(ctx)
	if err != nil {
		return domain.AccountToken{}, mapErr(err)
	}
	return domain.AccountToken{ID: row.ID, Kind: domain.TokenKind(row.Kind), UserID: row.UserID,
		CreatedBy: row.CreatedBy, CreatedAt: row.CreatedAt, ExpiresAt: row.ExpiresAt}, nil
}

// RedeemToken uses a live link once: it sets the user's password, ends every
// session of the user, spends every other open link of theirs and, for a
// reset, revokes their API tokens (whoever reset the password may not
// know which tokens a thief made). A used,
// expired or unknown token is ErrNotFound; two concurrent redemptions cannot
// both succeed (the row is claimed by one UPDATE).
func (s *Store) RedeemToken(ctx context.Context, token string, now time.Time, passwordHash string) (domain.AccountToken, error) {
	var t domain.AccountToken
	err := s.InTx(ctx, func(tx *Store) error {
		var row tokenRow
		err := tx.db.NewUpdate().Model(&row).Set("used_at = ?", now).
			Where("token_hash = ?", hashToken(token)).Where("used_at IS NULL").Where("expires_at > ?", now).
			Returning("id, kind, user_id").Scan(ctx)
		if err != nil {
			return mapErr(err)
		}
		t = domain.AccountToken{ID: row.ID, Kind: domain.TokenKind(row.Kind), UserID: row.UserID}
		if _, err := tx.db.NewUpdate().Model((*tokenRow)(nil)).Set("used_at = ?", now).
			Where("user_id = ?", row.UserID).Where("used_at IS NULL").Exec(ctx); err != nil {
			return err
		}
		if err := tx.SetPassword(ctx, row.UserID, passwordHash); err != nil {
			return err
		}
		if t.Kind == domain.TokenReset {
			if _, err := tx.db.NewUpdate().Model((*apiTokenRow)(nil)).Set("revoked_at = ?", now).
				Where("user_id = ?", row.UserID).Where("revoked_at IS NULL").Exec(ctx); err != nil {
				return err
			}
		}
		return tx.DeleteUserSessions(ctx, row.UserID, "")
	})
	return t, err
}

// InviteNewUser creates the account of a new address with inv's name,
// position and language, makes it a member with inv.Role, stores a
// single-use link to set its password under token and plans mail (its
// SubjectID and RecipientID are filled in), in one transaction. An address
// that has an account meanwhile is EConflict on field "email" (the caller
// invites that account with AddPendingInvitation instead: an existing
// account is never made a member without its consent).
func (s *Store) InviteNewUser(ctx context.Context, inv domain.Invitation, token string, now time.Time, mail domain.Mail, host string) (domain.User, error) {
	u := domain.User{Email: inv.Email, FullName: inv.FullName, Position: inv.Position, Locale: inv.Locale}
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			if domain.ErrorCode(err) == domain.EConflict {
				return &domain.Error{Code: domain.EConflict, Field: "email", Message: "invite.try_again"}
			}
			return err
		}
		m := &domain.Membership{UserID: u.ID, Role: inv.Role, InstitutionID: inv.InstitutionID, FounderID: inv.FounderID, OverseerID: inv.OverseerID}
		if err := tx.AddMembership(ctx, m); err != nil {
			return err
		}
		id, err := tx.createToken(ctx, token, domain.AccountToken{Kind: domain.TokenInvitation, UserID: u.ID,
			CreatedBy: inv.InvitedBy, CreatedAt: now, ExpiresAt: now.Add(domain.InvitationTTL)})
		if err != nil {
			return err
		}
		mail.SubjectID, mail.RecipientID, mail.To = id, u.ID, u.Email
		_, err = tx.EnqueueMail(ctx, mail, host)
		return err
	})
	return u, err
}

// RequestReset is one request for a password-reset link, in one
// transaction: unless a limit of r refuses it (BlockedUntil set, nothing
// written), it is recorded, and for the user with the e-mail a link is
// stored under token and mail is planned to them. An unknown e-mail is
// not an error (the caller answers the same either way; the zero User).
//
// Known and unknown addresses do the same work, so that neither the answer
// nor its time tells them apart: the same locks, the same limit queries,
// the same recorded row (hence one WAL flush at commit for both), and the
// same inserts of a link and a mail inside a savepoint, which is released
// for a known address and rolled back for an unknown one (nothing of it
// remains, nothing is sent).
// Requests for one address or from one client are serialised by advisory
// locks, so concurrent requests (several replicas) cannot pass a limit
// together.
func (s *Store) RequestReset(ctx context.Context, r domain.ResetRequest, token string, mail domain.Mail, host string) (domain.ResetResult, error) {
	var res domain.ResetResult
	email := NormalizeEmail(r.Email)
	err := s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('reset-ip:' || ?, 0)),
				pg_advisory_xact_lock(hashtextextended('reset-email:' || ?, 0))`, r.IP, email); err != nil {
			return err
		}
		until, err := tx.resetBlockedUntil(ctx, email, r)
		if err != nil || !until.IsZero() {
			res.BlockedUntil = until
			return err
		}
		if _, err := tx.db.NewInsert().Model(&resetRequestRow{Email: email, IP: r.IP, At: r.At}).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.db.NewDelete().Model((*resetRequestRow)(nil)).
			Where("id IN (SELECT id FROM password_reset_requests WHERE at < ? LIMIT 100)", r.At.Add(-resetRequestKeep)).Exec(ctx); err != nil {
			return err
		}
		u, err := tx.UserByEmail(ctx, email)
		known := err == nil
		if err != nil && domain.ErrorCode(err) != domain.ENotFound {
			return err
		}
		if _, err := tx.db.ExecContext(ctx, "SAVEPOINT reset_link"); err != nil {
			return err
		}
		err = tx.resetLink(ctx, u, email, token, r.At, mail, host)
		if !known {
			_, rerr := tx.db.ExecContext(ctx, "ROLLBACK TO SAVEPOINT reset_link")
			return rerr // an unknown address: the link and the mail are undone, their errors too
		}
		if err != nil {
			return err
		}
		res.User = u
		_, err = tx.db.ExecContext(ctx, "RELEASE SAVEPOINT reset_link")
		return err
	})
	if err != nil {
		return domain.ResetResult{}, err
	}
	return res, nil
}

// resetLink stores a reset link under token for u and plans mail to u. For
// an unknown address (u zero) it does the same inserts for the first user
// and the typed address, to be rolled back by the caller.
func (s *Store) resetLink(ctx context.Context, u domain.User, email, token string, at time.Time, mail domain.Mail, host string) error {
	var uid any
	if u.ID != 0 {
		uid = u.ID
	}
	if err := s.endOpenLinks(ctx, u.ID, at); err != nil {
		return err
	}
	var id int64
	err := s.db.NewRaw(`INSERT INTO account_tokens (token_hash, kind, user_id, created_at, expires_at)
		VALUES (?, ?, COALESCE(?, (SELECT min(id) FROM users)), ?, ?) RETURNING id`,
		hashToken(token), string(domain.TokenReset), uid, s.stamp(at), at.Add(domain.ResetTTL)).Scan(ctx, &id)
	if err != nil {
		return mapErr(err)
	}
	mail.SubjectID, mail.RecipientID, mail.To = id, u.ID, email
	_, err = s.EnqueueMail(ctx, mail, host)
	return err
}

type resetRequestRow struct {
	bun.BaseModel `bun:"table:password_reset_requests,alias:rr"`
	ID            int64     `bun:"id,pk,autoincrement"`
	Email         string    `bun:"email"`
	IP            string    `bun:"ip"`
	At            time.Time `bun:"at"`
}

// resetRequestKeep is how long reset requests are kept; the limits look at
// far less, the rest is pruned a little at every request.
const resetRequestKeep = 24 * time.Hour

// resetBlockedUntil is when r's address and client may ask again: zero
// when neither limit is reached.
func (s *Store) resetBlockedUntil(ctx context.Context, email string, r domain.ResetRequest) (time.Time, error) {
	var until time.Time
	for _, c := range []struct {
		col, val string
		window   time.Duration
		max      int
	}{{"email", email, r.AddressEvery, 1}, {"ip", r.IP, r.ClientWindow, r.ClientMax}} {
		if c.max < 1 || c.window <= 0 {
			continue
		}
		var at []time.Time
		err := s.db.NewSelect().Model((*resetRequestRow)(nil)).Column("at").
			Where("? = ?", bun.Ident(c.col), c.val).Where("at > ?", r.At.Add(-c.window)).
			Order("at DESC").Offset(int64(c.max-1)).Limit(1).Scan(ctx, &at)
		if err != nil {
			return time.Time{}, err
		}
		if len(at) == 1 && at[0].Add(c.window).After(until) {
			until = at[0].Add(c.window)
		}
	}
	return until, nil
}

// ChangePassword sets a new password and ends every other session of the user.
func (s *Store) ChangePassword(ctx context.Context, userID int64, hash, keepToken string) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.SetPassword(ctx, userID, hash); err != nil {
			return err
		}
		return tx.DeleteUserSessions(ctx, userID, keepToken)
	})
}

// UpdateProfile changes a user's name, position and interface language.
func (s *Store) UpdateProfile(ctx context.Context, userID int64, fullName, position, locale string) error {
	res, err := s.db.NewUpdate().Model((*userRow)(nil)).
		Set("full_name = ?", fullName).Set("position = ?", position).Set("locale = ?", locale).
		Set("updated_at = ?", s.now()).Where("id = ?", userID).Exec(ctx)
	return affectedOne(res, err)
}

// SetMemberRole changes the role (director or staff) of a member of the
// institution. The member's sessions stay: every request reads the
// memberships afresh (SessionActor), so the new role applies to the next
// request of every session, and the member's other institutions are not
// touched. A user who is not a member of this institution, or an
// institution outside sc, is ErrNotFound: the statement itself keeps to sc.
func (s *Store) SetMemberRole(ctx context.Context, sc domain.Scope, institutionID, userID int64, role domain.Role) error {
	q := s.db.NewUpdate().Model((*membershipRow)(nil)).Set("role = ?", string(role)).
		Where("institution_id = ?", institutionID).Where("user_id = ?", userID)
	res, err := scopedUpdate(q, sc, "institution_id").Exec(ctx)
	return affectedOne(res, err)
}

// RemoveMember takes a member out of the institution. The institution is
// gone from the member's next request (memberships are read per request);
// the member's sessions end only when no membership is left (and the user
// is not the admin), so a removal in one tenant never logs a person out of
// another. A user who is not a member of it is ErrNotFound.
func (s *Store) RemoveMember(ctx context.Context, institutionID, userID int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		res, err := tx.db.NewDelete().Model((*membershipRow)(nil)).
			Where("institution_id = ?", institutionID).Where("user_id = ?", userID).Exec(ctx)
		if err := affectedOne(res, err); err != nil {
			return err
		}
		_, err = tx.db.NewDelete().Model((*sessionRow)(nil)).Where("user_id = ?", userID).
			Where("NOT EXISTS (SELECT 1 FROM memberships WHERE user_id = ?)", userID).
			Where("NOT EXISTS (SELECT 1 FROM users WHERE id = ? AND is_admin)", userID).Exec(ctx)
		return err
	})
}
