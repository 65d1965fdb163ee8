package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// The inbox: its rows are written with their mails by insertOutbox (same
// statement, same key); here they are read, marked read and pruned, always
// through the recipient: another user's notice is not found.

type inboxRow struct {
	ID            int64      `bun:"id"`
	Kind          string     `bun:"kind"`
	SubjectID     int64      `bun:"subject_id"`
	InstitutionID int64      `bun:"institution_id"`
	Text          string     `bun:"text"`
	Link          string     `bun:"link"`
	CreatedAt     time.Time  `bun:"created_at"`
	ReadAt        *time.Time `bun:"read_at"`
	TimeZone      string     `bun:"time_zone"`
	Total         int        `bun:"total"`
}

func (r *inboxRow) domain() domain.InboxNotice {
	n := domain.InboxNotice{ID: r.ID, Kind: r.Kind, SubjectID: r.SubjectID, InstitutionID: r.InstitutionID,
		Text: r.Text, Link: r.Link, CreatedAt: r.CreatedAt, TimeZone: r.TimeZone}
	if r.ReadAt != nil {
		n.ReadAt = *r.ReadAt
	}
	return n
}

// InboxNotices returns a page of the user's notices, newest first (each
// with its institution's time zone), and how many the user has in all:
// one query.
func (s *Store) InboxNotices(ctx context.Context, userID int64, offset, limit int) ([]domain.InboxNotice, int, error) {
	var rows []inboxRow
	err := s.db.NewRaw(`SELECT n.id, n.kind, n.subject_id, coalesce(n.institution_id, 0) AS institution_id, n.text, n.link,
		n.created_at, n.read_at, coalesce(i.time_zone, '') AS time_zone, count(*) OVER () AS total
	FROM inbox_notices n LEFT JOIN institutions i ON i.id = n.institution_id
	WHERE n.recipient_id = ?
	ORDER BY n.created_at DESC, n.id DESC OFFSET ? LIMIT ?`, userID, offset, limit).Scan(ctx, &rows)
	if err != nil {
		return nil, 0, mapErr(err)
	}
	out := make([]domain.InboxNotice, len(rows))
	total := 0
	for i := range rows {
		out[i], total = rows[i].domain(), rows[i].Total
	}
	if len(rows) == 0 && offset > 0 {
		err = s.db.NewRaw(`SELECT count(*) FROM inbox_notices WHERE recipient_id = ?`, userID).Scan(ctx, &total)
	}
	return out, total, mapErr(err)
}

// MarkNoticeRead marks one of the user's notices read (again is harmless);
// a notice of someone else, or none, is domain.ErrNotFound.
func (s *Store) MarkNoticeRead(ctx context.Context, userID, id int64) error {
	res, err := s.db.NewRaw(`UPDATE inbox_notices SET read_at = coalesce(read_at, ?) WHERE id = ? AND recipient_id = ?`,
		s.now(), id, userID).Exec(ctx)
	return affectedOne(res, err)
}

// MarkAllNoticesRead marks every unread notice of the user read and says how many.
func (s *Store) MarkAllNoticesRead(ctx context.Context, userID int64) (int, error) {
	res, err := s.db.NewRaw(`UPDATE inbox_notices SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL`,
		s.now(), userID).Exec(ctx)
	if err != nil {
		return 0, mapErr(err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// PruneInbox deletes the notices created before the moment (the planner's
// sweep: notices are kept domain.InboxKeep) and says how many.
func (s *Store) PruneInbox(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.NewRaw(`DELETE FROM inbox_notices WHERE created_at < ?`, before).Exec(ctx)
	if err != nil {
		return 0, mapErr(err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// noticeChannels reads the user's channel choices.
func (s *Store) noticeChannels(ctx context.Context, userID int64) (map[string]domain.Channel, error) {
	var rows []struct {
		Kind    string `bun:"kind"`
		Channel string `bun:"channel"`
	}
	if err := s.db.NewRaw(`SELECT kind, channel FROM user_notice_channels WHERE user_id = ?`, userID).Scan(ctx, &rows); err != nil {
		return nil, mapErr(err)
	}
	out := map[string]domain.Channel{}
	for _, r := range rows {
		out[r.Kind] = domain.Channel(r.Channel)
	}
	return out, nil
}

// saveNoticeChannels replaces the user's channel choices: a row for each
// notice kind not on the default (both).
func (s *Store) saveNoticeChannels(ctx context.Context, userID int64, ch map[string]domain.Channel) error {
	if _, err := s.db.NewRaw(`DELETE FROM user_notice_channels WHERE user_id = ?`, userID).Exec(ctx); err != nil {
		return mapErr(err)
	}
	var kinds, chans []string
	for _, k := range domain.NoticeKinds {
		if c, ok := ch[k]; ok && c != domain.ChannelBoth {
			kinds, chans = append(kinds, k), append(chans, string(c))
		}
	}
	if len(kinds) == 0 {
		return nil
	}
	_, err := s.db.NewRaw(`INSERT INTO user_notice_channels (user_id, kind, channel)
		SELECT ?, k, c FROM unnest(?::text[], ?::text[]) AS u(k, c)`, userID, pgdialect.Array(kinds), pgdialect.Array(chans)).Exec(ctx)
	return mapErr(err)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// shortText cuts s to at most n characters.
func shortText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// NavCounts reads the navigation's two counts in one statement: the user's
// unread notices (up to domain.InboxCountCap+1: the navigation shows
// "99+") and, with review set, the items
// awaiting acceptance in that scope (0 without it). Every signed-in page
// shows them, so they share one round trip.
func (s *Store) NavCounts(ctx context.Context, userID int64, review *domain.Scope) (unread, inReview int, err error) {
	h := (&hotSQL{}).add("SELECT ")
	navColumns(h, &domain.NavQuery{UserID: userID, Review: review})
	err = s.hotRow(ctx, h, &unread, &inReview)
	return unread, inReview, err
}

// navColumns appends the two counts of NavCounts as two columns of a
// SELECT list (zeros without nav): other reads that every page makes (the
// kept pages' change counters) take them into their own statement.
func navColumns(h *hotSQL, nav *domain.NavQuery) {
	if nav == nil {
		h.add("0, 0")
		return
	}
	h.add("(SELECT count(*) FROM (SELECT 1 FROM inbox_notices WHERE recipient_id = ").arg(nav.UserID).
		add(" AND read_at IS NULL LIMIT ").arg(domain.InboxCountCap + 1).add(") AS u), ")
	if nav.Review == nil {
		h.add("0")
		return
	}
	h.add("(SELECT count(*) FROM items it WHERE it.status = '" + string(domain.StatusReview) + "'")
	if !nav.Review.All {
		h.add(" AND ")
		hotScope(h, *nav.Review, "it.institution_id")
	}
	h.add(")")
}
