package storage

import "context"

// SetUserLocale stores a user's UI language ("ru" or "en").
func (s *Store) SetUserLocale(ctx context.Context, userID int64, locale string) error {
	res, err := s.db.NewUpdate().TableExpr("users").Set("locale = ?, updated_at = ?", locale, s.now()).Where("id = ?", userID).Exec(ctx)
	return affectedOne(res, err)
}
