package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"planboard/domain"
)

// MemberStore is what the member use cases need.
type MemberStore interface {
	Institution(ctx context.Context, sc domain.Scope, id int64) (domain.Institution, error)
	Founders(ctx context.Context, sc domain.Scope) ([]domain.Founder, error)
	UserByEmail(ctx context.Context, email string) (domain.User, error)
	InviteNewUser(ctx context.Context, inv domain.Invitation, token string, now time.Time, mail domain.Mail, host string) (domain.User, error)
	AddPendingInvitation(ctx context.Context, p *domain.PendingInvitation, mail domain.Mail, host string) error
	PendingInvitationsFor(ctx context.Context, userID int64, now time.Time) ([]domain.PendingInvitation, error)
	PendingInvitation(ctx context.Context, userID, id int64, now time.Time) (domain.PendingInvitation, error)
	AcceptInvitation(ctx context.Context, userID, id int64, now time.Time) (domain.PendingInvitation, error)
	DeclineInvitation(ctx context.Context, userID, id int64, now time.Time) (domain.PendingInvitation, error)
	SetMemberRole(ctx context.Context, sc domain.Scope, institutionID, userID int64, role domain.Role) error
	RemoveMember(ctx context.Context, institutionID, userID int64) error
}

// InvitationNotice is what an invitation mail says: who invites (one
// line), where to, in which role, in the invited person's language. With a
// Token it carries the link that sets a new account's password; without,
// it asks an existing account to sign in and accept or decline.
type InvitationNotice struct {
	Lang          string
	Inviter       string
	Where         string
	Role          domain.Role
	Token         string
	Zone          *time.Location
	InstitutionID int64
}

// Invitation is an invitation as the staff page, the admin's founder form
// (or an API) sends it: an institution's director or staff, or a founder's
// person (FounderID, the admin's only).
type Invitation struct {
	Email, FullName, Position, Locale string
	Role                              domain.Role
	InstitutionID                     int64
	FounderID                         int64
	OverseerID                        int64 // a region's person (the admin's; docs/regions.md)
}

// InviteResult is what Invite did: a new account was created and mailed a
// link (User), or the address had an account and was asked (Pending; the
// inviter is told no more than that the invitation went out).
type InviteResult struct {
	User    domain.User
	Pending bool
	Refused bool  // not invitable (domain.Invitable); answered as sent, nothing stored
	UserID  int64 // for the audit log only: the account invited
	Where   string
}

// inviteAction is the permission an invitation in role needs: staff are
// the director's to invite, directors the founder's, founder's people the
// admin's. Any other role is nobody's.
func inviteAction(role domain.Role, founder bool) (domain.Action, bool) {
	switch {
	case founder && role == domain.RoleFounder:
		return domain.ActAdminister, true
	case !founder && role == domain.RoleStaff:
		return domain.ActManageStaff, true
	case !founder && role == domain.RoleDirector:
		return domain.ActInviteDirect, true
	}
	return "", false
}

// Invite asks a person to join an institution (director, staff) or a
// founder (founder). A new address gets an account (with the name,
// position and language typed), the membership and a mail with a link to
// set its password. An address that has an account never becomes a member
// by an invitation alone (docs/accounts.md): it gets a pending invitation that
// the person sees when signed in and accepts or declines, and a mail
// saying so; the admin's and founders' addresses are refused. Errors:
// ENotFound (the institution or founder outside the caller's scope),
// EForbidden (the role is not the caller's to give), EInvalid with fields
// "email", "full_name", "position", "locale", EConflict on "email"
// (invite.other_account, invite.already_member, invite.already_pending).
func (s *Service) Invite(ctx context.Context, who Caller, in Invitation) (InviteResult, error) {
	where, zone, err := s.inviteTarget(ctx, who, in)
	if err != nil {
		return InviteResult{}, err
	}
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.FullName, in.Position = strings.TrimSpace(in.FullName), strings.TrimSpace(in.Position)
	var fe domain.FieldErrors
	if err := domain.CheckEmail("email", in.Email); err != nil {
		fe.Add("email", "form.email_invalid")
	}
	domain.CheckPerson(&fe, in.FullName, in.Position, in.Locale)
	if err := fe.Err(); err != nil {
		return InviteResult{}, err
	}
	now := s.now()
	n := InvitationNotice{Lang: in.Locale, Inviter: inviterName(who.User), Where: where, Role: in.Role, Zone: zone, InstitutionID: in.InstitutionID}
	u, err := s.store.UserByEmail(ctx, in.Email)
	switch {
	case domain.ErrorCode(err) == domain.ENotFound:
		n.Token = s.token()
		notices, err := s.notices.InvitationNotices(n, now)
		if err != nil {
			return InviteResult{}, err
		}
		inv := domain.Invitation{Email: in.Email, FullName: in.FullName, Position: in.Position, Locale: in.Locale,
			Role: in.Role, InstitutionID: in.InstitutionID, FounderID: in.FounderID, OverseerID: in.OverseerID, InvitedBy: who.User.ID}
		u, err := s.store.InviteNewUser(ctx, inv, n.Token, now, notices.Mails[0], notices.Host)
		if err != nil {
			return InviteResult{}, err
		}
		return InviteResult{User: u, UserID: u.ID, Where: where}, nil
	case err != nil:
		return InviteResult{}, err
	case in.OverseerID != 0:
		// A region's person is a new account: pending invitations are
		// kept per institution or founder only.
		return InviteResult{}, &domain.Error{Code: domain.EConflict, Field: "email", Message: "region.invite_existing"}
	}
	n.Lang = u.Locale // the person's own language, not the one typed by someone else
	notices, err := s.notices.InvitationNotices(n, now)
	if err != nil {
		return InviteResult{}, err
	}
	p := &domain.PendingInvitation{UserID: u.ID, Email: in.Email, Role: in.Role, InstitutionID: in.InstitutionID, FounderID: in.FounderID,
		InvitedBy: who.User.ID, CreatedAt: now, ExpiresAt: now.Add(domain.InvitationTTL)}
	if err := s.store.AddPendingInvitation(ctx, p, notices.Mails[0], notices.Host); err != nil {
		return s.inviteRefused(who, u, where, err)
	}
	return InviteResult{Pending: true, UserID: u.ID, Where: where}, nil
}

// inviteRefused answers an invitation of an existing account that was
// refused so that the inviter learns nothing about the account: invited
// before as a new address and not yet signed in is said as an invitation
// awaiting an answer (as for an existing account), and an address of the
// admin or of another founder's people is answered as sent, with nothing
// stored and no mail (the audit log has it). The admin, who sees every
// account anyway, is told.
func (s *Service) inviteRefused(who Caller, u domain.User, where string, err error) (InviteResult, error) {
	var de *domain.Error
	if !errors.As(err, &de) || who.User.IsAdmin {
		return InviteResult{}, err
	}
	switch {
	case de.Message == "invite.already_member" && u.PasswordHash == "":
		return InviteResult{}, &domain.Error{Code: domain.EConflict, Field: "email", Message: "invite.already_pending"}
	case de.Message == "invite.other_account":
		return InviteResult{Pending: true, Refused: true, UserID: u.ID, Where: where}, nil
	}
	return InviteResult{}, err
}

// inviteTarget loads the institution (through the caller's scope) or the
// founder of an invitation and checks that its role is the caller's to
// give; it returns the name the mail shows and the time zone of its day.
func (s *Service) inviteTarget(ctx context.Context, who Caller, in Invitation) (string, *time.Location, error) {
	if in.OverseerID != 0 {
		return s.regionInviteTarget(ctx, who, in)
	}
	act, ok := inviteAction(in.Role, in.FounderID != 0)
	if in.FounderID != 0 {
		if !ok || !who.can(act, domain.Institution{}) {
			return "", nil, domain.ErrNotFound // the founder form is the admin's: nobody else sees it
		}
		founders, err := s.store.Founders(ctx, domain.Scope{All: true})
		if err != nil {
			return "", nil, err
		}
		for _, f := range founders {
			if f.ID == in.FounderID {
				return f.Name, time.UTC, nil
			}
		}
		return "", nil, domain.FieldError("founder_id", "admin.founder_required")
	}
	inst, err := s.store.Institution(ctx, who.Scope(), in.InstitutionID)
	if err != nil {
		return "", nil, err
	}
	if !ok {
		return "", nil, ErrForbidden
	}
	if err := who.authorize(act, inst); err != nil {
		return "", nil, err
	}
	return inst.Name, inst.Location(), nil
}

// inviterName is the inviter as the mail names them, on one line whatever
// was stored before the text rule (a line break would add lines to the
// plain-text mail).
func inviterName(u domain.User) string {
	if n := domain.StripLine(u.FullName); n != "" {
		return n
	}
	return u.Email
}

// Invitations lists the live invitations addressed to the caller, with
// where to and by whom.
func (s *Service) Invitations(ctx context.Context, who Caller) ([]domain.PendingInvitation, error) {
	return s.store.PendingInvitationsFor(ctx, who.User.ID, s.now())
}

// Invitation is one live invitation addressed to the caller. Errors:
// ENotFound for anyone else's, an expired or an answered one (an
// invitation is the invited person's alone: not even the admin answers it).
func (s *Service) Invitation(ctx context.Context, who Caller, id int64) (domain.PendingInvitation, error) {
	return s.store.PendingInvitation(ctx, who.User.ID, id, s.now())
}

// AcceptInvitation makes the caller a member as their invitation says,
// from the next request of every session of theirs. Errors: ENotFound
// (not theirs, expired, answered), EConflict when the rule of
// domain.Invitable now refuses it.
func (s *Service) AcceptInvitation(ctx context.Context, who Caller, id int64) (domain.PendingInvitation, error) {
	p, err := s.store.AcceptInvitation(ctx, who.User.ID, id, s.now())
	if err == nil {
	}
	return p, err
}

// DeclineInvitation removes the caller's invitation. Errors: ENotFound
// (not theirs, expired, answered).
func (s *Service) DeclineInvitation(ctx context.Context, who Caller, id int64) (domain.PendingInvitation, error) {
	return s.store.DeclineInvitation(ctx, who.User.ID, id, s.now())
}

// memberTarget loads the institution through the caller's scope and
// checks the right to manage its staff; nobody changes or removes
// themselves. Errors: ENotFound, EForbidden, EInvalid "members.not_self".
func (s *Service) memberTarget(ctx context.Context, who Caller, instID, userID int64) (domain.Institution, error) {
	inst, err := s.store.Institution(ctx, who.Scope(), instID)
	if err != nil {
		return inst, err
	}
	if err := who.authorize(domain.ActManageStaff, inst); err != nil {
		return inst, err
	}
	if userID == who.User.ID {
		return inst, &domain.Error{Code: domain.EInvalid, Message: "members.not_self"}
	}
	return inst, nil
}

// ChangeRole switches a member of the institution between staff and
// director. It applies to the member's live sessions from their next
// request (memberships are read per request) and ends none of them: the
// member's other institutions are another tenant's. Errors: ENotFound (the
// institution, or a user who is not its member), EForbidden, EInvalid
// ("role", "members.not_self").
func (s *Service) ChangeRole(ctx context.Context, who Caller, instID, userID int64, role domain.Role) error {
	inst, err := s.memberTarget(ctx, who, instID, userID)
	if err != nil {
		return err
	}
	if role != domain.RoleStaff && role != domain.RoleDirector {
		return domain.FieldError("role", "error.invalid_value")
	}
	if err := s.store.SetMemberRole(ctx, who.Scope(), inst.ID, userID, role); err != nil {
		return err
	}
	return nil
}

// Remove takes a member out of the institution; the member's sessions end
// only when no membership is left. Errors: as ChangeRole.
func (s *Service) Remove(ctx context.Context, who Caller, instID, userID int64) error {
	inst, err := s.memberTarget(ctx, who, instID, userID)
	if err != nil {
		return err
	}
	if err := s.store.RemoveMember(ctx, inst.ID, userID); err != nil {
		return err
	}
	return nil
}
