package service

import (
	"context"
	"strings"
	"time"

	"planboard/domain"
)

// AccountStore is what a person's own settings need: every write is to
// the caller's own account.
type AccountStore interface {
	UpdateProfile(ctx context.Context, userID int64, fullName, position, locale string) error
	SaveMailSettings(ctx context.Context, userID int64, m domain.MailSettings) error
	SetCalendarToken(ctx context.Context, userID int64, token string, at time.Time) error
	DeleteCalendarToken(ctx context.Context, userID int64) error
	CreateAPIToken(ctx context.Context, userID int64, token string, n domain.NewAPIToken) (domain.APIToken, error)
	RevokeAPIToken(ctx context.Context, userID, id, by int64) (domain.APIToken, error)
	SetReapprovalRequired(ctx context.Context, institutionID int64, on bool) error
}

// Profile is a person's name, position and interface language.
type Profile struct{ FullName, Position, Locale string }

// UpdateProfile saves the caller's name and position (printed in the
// official report as the responsible person) and language. Errors:
// *domain.ValidationError (full_name, position, locale).
func (s *Service) UpdateProfile(ctx context.Context, who Caller, in Profile) error {
	in.FullName, in.Position = strings.TrimSpace(in.FullName), strings.TrimSpace(in.Position)
	var fe domain.FieldErrors
	domain.CheckPerson(&fe, in.FullName, in.Position, in.Locale)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.store.UpdateProfile(ctx, who.User.ID, in.FullName, in.Position, in.Locale)
}

// SaveMailSettings stores the caller's own mail choices.
func (s *Service) SaveMailSettings(ctx context.Context, who Caller, m domain.MailSettings) error {
	return s.store.SaveMailSettings(ctx, who.User.ID, m)
}

// NewCalendarFeed gives the caller a new calendar feed token, revoking the
// old one; it returns the token and when it was made.
func (s *Service) NewCalendarFeed(ctx context.Context, who Caller) (string, time.Time, error) {
	token, now := s.token(), s.now()
	return token, now, s.store.SetCalendarToken(ctx, who.User.ID, token, now)
}

// RevokeCalendarFeed turns the caller's calendar feed off.
func (s *Service) RevokeCalendarFeed(ctx context.Context, who Caller) error {
	return s.store.DeleteCalendarToken(ctx, who.User.ID)
}

// CreateAPIToken makes a personal access token for the caller; token is
// the secret (pbt_…, made by the surface's token generator), shown once.
// Errors: *domain.ValidationError (name, scope, days).
func (s *Service) CreateAPIToken(ctx context.Context, who Caller, req domain.NewAPIToken, token string) (domain.APIToken, error) {
	if err := req.Check(); err != nil {
		return domain.APIToken{}, err
	}
	return s.store.CreateAPIToken(ctx, who.User.ID, token, req)
}

// RevokeAPIToken revokes one of the caller's tokens, or anyone's for the
// admin (all=true). A token of someone else is not found.
func (s *Service) RevokeAPIToken(ctx context.Context, who Caller, id int64, all bool) (domain.APIToken, error) {
	owner := who.User.ID
	if all {
		if err := who.administer(); err != nil {
			return domain.APIToken{}, err
		}
		owner = 0
	}
	return s.store.RevokeAPIToken(ctx, owner, id, who.User.ID)
}

// SetReapprovalRequired stores the director's choice whether changes to an
// approved plan of the plan's institution need the founder's approval again.
func (s *Service) SetReapprovalRequired(ctx context.Context, who Caller, planID int64, on bool) (domain.Plan, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return domain.Plan{}, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return domain.Plan{}, err
	}
	return plan, s.store.SetReapprovalRequired(ctx, inst.ID, on)
}
