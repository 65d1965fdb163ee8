package service

import "context"

// InboxStore is what the inbox's marks need: the caller's own notices only.
type InboxStore interface {
	MarkNoticeRead(ctx context.Context, userID, id int64) error
	MarkAllNoticesRead(ctx context.Context, userID int64) (int, error)
}

// ReadNotice marks one of the caller's notices read (again is harmless).
// Errors: ENotFound (not the caller's).
func (s *Service) ReadNotice(ctx context.Context, who Caller, id int64) error {
	return s.store.MarkNoticeRead(ctx, who.User.ID, id)
}

// ReadAllNotices marks every unread notice of the caller read and says how
// many there were.
func (s *Service) ReadAllNotices(ctx context.Context, who Caller) (int, error) {
	return s.store.MarkAllNoticesRead(ctx, who.User.ID)
}
