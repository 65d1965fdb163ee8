package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type pendingRow struct {
	bun.BaseModel `bun:"table:pending_invitations,alias:pi"`
	ID            int64     `bun:"id,pk,autoincrement"`
	UserID        int64     `bun:"user_id"`
	Email         string    `bun:"email"`
	Role          string    `bun:"role"`
	InstitutionID int64     `bun:"institution_id,nullzero"`
	FounderID     int64     `bun:"founder_id,nullzero"`
	InvitedBy     int64     `bun:"invited_by,nullzero"`
	CreatedAt     time.Time `bun:"created_at"`
	ExpiresAt     time.Time `bun:"expires_at"`
}

func (r *pendingRow) domain() domain.PendingInvitation {
	return domain.PendingInvitation{ID: r.ID, UserID: r.UserID, Email: r.Email, Role: domain.Role(r.Role), InstitutionID: r.InstitutionID,
		FounderID: r.FounderID, InvitedBy: r.InvitedBy, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt}
}

// AddPendingInvitation asks the existing account p.UserID to join p's
// institution or founder with p.Role, and plans mail (its SubjectID and
// RecipientID are filled in), in one transaction; p.ID is set. It makes no
// membership. Errors, on field "email": EConflict "invite.other_account"
// when domain.Invitable refuses (the admin, a founder's person into an
// institution, an institution's person to a founder),
// "invite.already_member", "invite.already_pending" (an expired one is
// replaced).
func (s *Store) AddPendingInvitation(ctx context.Context, p *domain.PendingInvitation, mail domain.Mail, host string) error {
	return s.InTx(ctx, func(tx *Store) error {
		u, err := tx.UserByID(ctx, p.UserID)
		if err != nil {
			return err
		}
		ms, err := tx.Memberships(ctx, u.ID)
		if err != nil {
			return err
		}
		if err := domain.Invitable(u, ms, p.Role); err != nil {
			return err
		}
		for _, m := range ms {
			if (p.InstitutionID != 0 && m.InstitutionID == p.InstitutionID) || (p.FounderID != 0 && m.FounderID == p.FounderID) {
				return &domain.Error{Code: domain.EConflict, Field: "email", Message: "invite.already_member"}
			}
		}
		q := tx.db.NewDelete().Model((*pendingRow)(nil)).Where("user_id = ?", p.UserID).Where("expires_at <= ?", p.CreatedAt)
		if p.InstitutionID != 0 {
			q = q.Where("institution_id = ?", p.InstitutionID)
		} else {
			q = q.Where("founder_id = ?", p.FounderID)
		}
		if _, err := q.Exec(ctx); err != nil {
			return err
		}
		row := &pendingRow{UserID: p.UserID, Email: NormalizeEmail(p.Email), Role: string(p.Role), InstitutionID: p.InstitutionID,
			FounderID: p.FounderID, InvitedBy: p.InvitedBy, CreatedAt: tx.stamp(p.CreatedAt), ExpiresAt: p.ExpiresAt}
		if _, err := tx.db.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
			if err = mapErr(err); domain.ErrorCode(err) == domain.EConflict {
				return &domain.Error{Code: domain.EConflict, Field: "email", Message: "invite.already_pending"}
			}
			return err
		}
		p.ID = row.ID
		mail.SubjectID, mail.RecipientID, mail.To = row.ID, u.ID, u.Email
		_, err = tx.EnqueueMail(ctx, mail, host)
		return err
	})
}

// PendingInvitationsFor lists the live invitations addressed to a user,
// newest first, with where to and by whom: what the person is shown.
func (s *Store) PendingInvitationsFor(ctx context.Context, userID int64, now time.Time) ([]domain.PendingInvitation, error) {
	var rows []struct {
		pendingRow  `bun:",extend"`
		Where       string `bun:"where_name"`
		InviterName string `bun:"inviter_name"`
	}
	err := s.db.NewSelect().Model(&rows).
		ColumnExpr("pi.*, COALESCE(i.name, f.name, '') AS where_name, COALESCE(NULLIF(u.full_name, ''), u.email, '') AS inviter_name").
		Join("LEFT JOIN institutions AS i ON i.id = pi.institution_id").
		Join("LEFT JOIN founders AS f ON f.id = pi.founder_id").
		Join("LEFT JOIN users AS u ON u.id = pi.invited_by").
		Where("pi.user_id = ?", userID).Where("pi.expires_at > ?", now).
		OrderExpr("pi.id DESC").Scan(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]domain.PendingInvitation, len(rows))
	for i := range rows {
		out[i] = rows[i].pendingRow.domain()
		out[i].Where, out[i].InviterName = rows[i].Where, domain.StripLine(rows[i].InviterName)
	}
	return out, nil
}

// PendingInvitation is one live invitation addressed to userID, with where
// to and by whom; any other id (someone else's, expired, answered) is
// ErrNotFound.
func (s *Store) PendingInvitation(ctx context.Context, userID, id int64, now time.Time) (domain.PendingInvitation, error) {
	list, err := s.PendingInvitationsFor(ctx, userID, now)
	if err != nil {
		return domain.PendingInvitation{}, err
	}
	for _, p := range list {
		if p.ID == id {
			return p, nil
		}
	}
	return domain.PendingInvitation{}, domain.ErrNotFound
}

// PendingInvitationsOf lists the live invitations to an institution, oldest
// first: only the address typed and the role, never the invited account's
// name or position. Both kinds are listed alike, so that the inviter cannot
// tell whether an address had an account: invitations of existing accounts
// (ID set), and members made by an invitation of a new address who have
// not set a password yet while a password link of theirs lives (ID 0,
// UserID set; until the link's end). The caller must have checked the
// institution's scope.
func (s *Store) PendingInvitationsOf(ctx context.Context, institutionID int64, now time.Time) ([]domain.PendingInvitation, error) {
	var rows []pendingRow
	err := s.db.NewRaw(`SELECT id, user_id, email, role, institution_id, created_at, expires_at
		FROM pending_invitations WHERE institution_id = ? AND expires_at > ?
		UNION ALL
		SELECT 0, u.id, u.email, m.role, m.institution_id, u.created_at, t.expires_at
		FROM memberships m JOIN users u ON u.id = m.user_id
		JOIN LATERAL (SELECT max(expires_at) AS expires_at FROM account_tokens
			WHERE user_id = u.id AND used_at IS NULL AND expires_at > ?) t ON t.expires_at IS NOT NULL
		WHERE m.institution_id = ? AND u.password_hash = ''
		ORDER BY created_at, email`, institutionID, now, now, institutionID).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := make([]domain.PendingInvitation, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// AcceptInvitation makes userID a member as its live invitation id says
// and removes the invitation, in one transaction; it returns the
// invitation. Anyone else's, an expired or an answered invitation is
// ErrNotFound. The rule of domain.Invitable is checked again (the person
// may have become a founder's meanwhile); already a member is no error.
func (s *Store) AcceptInvitation(ctx context.Context, userID, id int64, now time.Time) (domain.PendingInvitation, error) {
	var p domain.PendingInvitation
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		if p, err = tx.takeInvitation(ctx, userID, id, now); err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		ms, err := tx.Memberships(ctx, userID)
		if err != nil {
			return err
		}
		if err := domain.Invitable(u, ms, p.Role); err != nil {
			return &domain.Error{Code: domain.EConflict, Message: "invitations.not_possible"}
		}
		m := &domain.Membership{UserID: userID, Role: p.Role, InstitutionID: p.InstitutionID, FounderID: p.FounderID}
		if err := tx.AddMembership(ctx, m); err != nil && domain.ErrorCode(err) != domain.EConflict {
			return err
		}
		return nil
	})
	return p, err
}

// DeclineInvitation removes userID's live invitation id and returns it;
// anyone else's, an expired or an answered invitation is ErrNotFound.
func (s *Store) DeclineInvitation(ctx context.Context, userID, id int64, now time.Time) (domain.PendingInvitation, error) {
	return s.takeInvitation(ctx, userID, id, now)
}

// takeInvitation deletes and returns a live invitation of userID (with
// where to), so that two answers cannot both succeed.
func (s *Store) takeInvitation(ctx context.Context, userID, id int64, now time.Time) (domain.PendingInvitation, error) {
	p, err := s.PendingInvitation(ctx, userID, id, now)
	if err != nil {
		return p, err
	}
	res, err := s.db.NewDelete().Model((*pendingRow)(nil)).Where("id = ?", id).Where("user_id = ?", userID).Exec(ctx)
	return p, affectedOne(res, err)
}
