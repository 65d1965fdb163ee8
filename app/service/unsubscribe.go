package service

import (
	"context"

	"planboard/domain"
)

// UnsubscribeStore is what the one-click unsubscribe needs: the link's
// person and their mail choices.
type UnsubscribeStore interface {
	UserByID(ctx context.Context, id int64) (domain.User, error)
	MailSettings(ctx context.Context, userID int64) (domain.MailSettings, error)
	SaveMailSettings(ctx context.Context, userID int64, m domain.MailSettings) error
}

// UnsubscribeTarget resolves a digest's unsubscribe link (its MAC is the
// credential: no session) to its person. Errors: ENotFound (forged).
func (s *Service) UnsubscribeTarget(ctx context.Context, token string) (domain.User, error) {
	uid, err := s.unsubscribe(ctx, token)
	if err != nil {
		return domain.User{}, err
	}
	if uid == 0 {
		return domain.User{}, domain.ErrNotFound
	}
	return s.store.UserByID(ctx, uid)
}

// Unsubscribe switches the link owner's digests off (the link can do
// nothing else) and returns them. Errors: ENotFound (forged).
func (s *Service) Unsubscribe(ctx context.Context, token string) (domain.User, error) {
	u, err := s.UnsubscribeTarget(ctx, token)
	if err != nil {
		return u, err
	}
	m, err := s.store.MailSettings(ctx, u.ID)
	if err != nil {
		return u, err
	}
	m.Digests = false
	return u, s.store.SaveMailSettings(ctx, u.ID, m)
}
