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

// createToken stores a single-use link under the hash of token and returns its id.
func (s *Store) createToken(ctx context.Context, token string, t domain.AccountToken) (int64, error) {
	row := &tokenRow{TokenHash: hashToken(token), Kind: string(t.Kind), UserID: t.UserID, CreatedBy: t.CreatedBy,
		CreatedAt: s.stamp(t.CreatedAt), ExpiresAt: t.ExpiresAt}
	if _, err := s.db.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
		return 0, mapErr(err)
	}
	return row.ID, nil
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
// session of the user and spends every other open link of theirs. A used,
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
		return tx.DeleteUserSessions(ctx, row.UserID, "")
	})
	return t, err
}

// Invite makes inv.Email a member with inv.Role (creating the user when the
// address is new), stores a single-use invitation link under token and plans
// mail (its SubjectID and RecipientID are filled in) in one transaction.
// An existing member of the same institution or founder is EConflict.
func (s *Store) Invite(ctx context.Context, inv domain.Invitation, token string, now time.Time, mail domain.Mail, host string) (domain.User, error) {
	var u domain.User
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		u, err = tx.UserByEmail(ctx, inv.Email)
		if domain.ErrorCode(err) == domain.ENotFound {
			u = domain.User{Email: inv.Email, FullName: inv.FullName, Position: inv.Position, Locale: inv.Locale}
			err = tx.CreateUser(ctx, &u)
		}
		if err != nil {
			return err
		}
		if err := tx.checkInvitable(ctx, u, inv.Role); err != nil {
			return err
		}
		m := &domain.Membership{UserID: u.ID, Role: inv.Role, InstitutionID: inv.InstitutionID, FounderID: inv.FounderID}
		if err := tx.AddMembership(ctx, m); err != nil {
			if domain.ErrorCode(err) == domain.EConflict {
				return &domain.Error{Code: domain.EConflict, Field: "email", Message: "invite.already_member"}
			}
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

// checkInvitable refuses to invite an existing account across kinds: the
// admin, or a founder's person into an institution, or an institution's
// person to a founder. A membership inside an institution would otherwise
// change what a founder may do there.
func (s *Store) checkInvitable(ctx context.Context, u domain.User, role domain.Role) error {
	ms, err := s.Memberships(ctx, u.ID)
	if err != nil {
		return err
	}
	refuse := u.IsAdmin
	for _, m := range ms {
		refuse = refuse || (m.Role == domain.RoleFounder) != (role == domain.RoleFounder)
	}
	if refuse {
		return &domain.Error{Code: domain.EConflict, Field: "email", Message: "invite.other_account"}
	}
	return nil
}

// RequestReset stores a password-reset link under token for the user with
// the e-mail and plans mail to them. An unknown e-mail does nothing and is
// not an error (the caller answers the same either way); found reports it.
func (s *Store) RequestReset(ctx context.Context, email, token string, now time.Time, mail domain.Mail, host string) (u domain.User, found bool, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		var err error
		u, err = tx.UserByEmail(ctx, email)
		if domain.ErrorCode(err) == domain.ENotFound {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		id, err := tx.createToken(ctx, token, domain.AccountToken{Kind: domain.TokenReset, UserID: u.ID,
			CreatedAt: now, ExpiresAt: now.Add(domain.ResetTTL)})
		if err != nil {
			return err
		}
		mail.SubjectID, mail.RecipientID, mail.To = id, u.ID, u.Email
		_, err = tx.EnqueueMail(ctx, mail, host)
		return err
	})
	return u, found, err
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
// institution and ends the member's sessions at once. A user who is not a
// member of this institution is ErrNotFound.
func (s *Store) SetMemberRole(ctx context.Context, institutionID, userID int64, role domain.Role) error {
	return s.InTx(ctx, func(tx *Store) error {
		res, err := tx.db.NewUpdate().Model((*membershipRow)(nil)).Set("role = ?", string(role)).
			Where("institution_id = ?", institutionID).Where("user_id = ?", userID).Exec(ctx)
		if err := affectedOne(res, err); err != nil {
			return err
		}
		return tx.DeleteUserSessions(ctx, userID, "")
	})
}

// RemoveMember takes a member out of the institution and ends the member's
// sessions at once. A user who is not a member of it is ErrNotFound.
func (s *Store) RemoveMember(ctx context.Context, institutionID, userID int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		res, err := tx.db.NewDelete().Model((*membershipRow)(nil)).
			Where("institution_id = ?", institutionID).Where("user_id = ?", userID).Exec(ctx)
		if err := affectedOne(res, err); err != nil {
			return err
		}
		return tx.DeleteUserSessions(ctx, userID, "")
	})
}
