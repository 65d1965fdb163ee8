package app

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// The inbox (/notifications): the notices that go by mail, also listed for
// their recipient (written with the mail, in storage). Every query is the
// signed-in user's own: another user's notice is not found.

// InboxStore reads and marks the signed-in user's notices.
type InboxStore interface {
	InboxNotices(ctx context.Context, userID int64, offset, limit int) ([]domain.InboxNotice, int, error)
	MarkNoticeRead(ctx context.Context, userID, id int64) error
	MarkAllNoticesRead(ctx context.Context, userID int64) (int, error)
}

// inboxPageSize is how many notices a page of the inbox lists.
const inboxPageSize = 30

type inboxPage struct {
	Page
	Notices []domain.InboxNotice
	Pager   pager
}

// UnreadText is the count as the navigation shows it: "3", "99+".
func (p Page) UnreadText() string {
	if p.Unread > domain.InboxCountCap {
		return strconv.Itoa(domain.InboxCountCap) + "+"
	}
	return strconv.Itoa(p.Unread)
}

// UnreadLabel is what screen readers hear as the navigation's inbox link
// (its visible text and badge are hidden from them): «Уведомления,
// непрочитанных: 3», or «Уведомления, непрочитанных нет».
func (p Page) UnreadLabel() string {
	if p.Unread == 0 {
		return p.T("inbox.nav.none")
	}
	return p.T("inbox.nav.count", p.UnreadText())
}

// NoticeWhen shows a notice's time in its institution's zone (UTC for a
// notice about no institution).
func (p inboxPage) NoticeWhen(n domain.InboxNotice) string {
	return p.When(n.CreatedAt.In(domain.Institution{TimeZone: n.TimeZone}.Location()))
}

// showInbox lists the user's notices, newest first, a page at a time.
func (a *App) showInbox(c *fiber.Ctx) error {
	u := currentUser(c)
	p := inboxPage{Page: a.page(c, "inbox.title")}
	p.Nav = "inbox"
	n, _ := strconv.Atoi(c.Query("page"))
	n = max(n, 1)
	notices, total, err := a.store.InboxNotices(c.UserContext(), u.ID, (n-1)*inboxPageSize, inboxPageSize)
	if err != nil {
		return err
	}
	p.Pager = newPager(c.Query("page"), total, inboxPageSize)
	if p.Pager.Page != n { // past the end: the last page
		if notices, _, err = a.store.InboxNotices(c.UserContext(), u.ID, (p.Pager.Page-1)*inboxPageSize, inboxPageSize); err != nil {
			return err
		}
	}
	p.Notices = notices
	p.Pager.RangeKey, p.Pager.LabelKey = "inbox.page_range", "inbox.pages"
	return a.render(c, fiber.StatusOK, "inbox", p)
}

// inboxCount answers the navigation's script: {"unread": 3, "text": "3",
// "label": "Уведомления, непрочитанных: 3"}. It is not cached, and it does
// not count as activity of the session (see loadSession).
func (a *App) inboxCount(c *fiber.Ctx) error {
	p := a.page(c, "inbox.title")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"unread": p.Unread, "text": p.UnreadText(), "label": p.UnreadLabel()})
}

// readNotice marks one of the user's notices read and comes back to the
// same page of the inbox.
func (a *App) readNotice(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := a.svc.ReadNotice(c.UserContext(), caller(c), id); err != nil {
		return err
	}
	return a.done(c, inboxURL(c), "inbox.marked_read")
}

// readAllNotices marks every unread notice of the user read.
func (a *App) readAllNotices(c *fiber.Ctx) error {
	n, err := a.svc.ReadAllNotices(c.UserContext(), caller(c))
	if err != nil {
		return err
	}
	return a.done(c, inboxURL(c), "inbox.marked_all", n)
}

// inboxURL is the inbox page the form came from.
func inboxURL(c *fiber.Ctx) string {
	u := "/notifications"
	if n, err := strconv.Atoi(c.FormValue("page")); err == nil && n > 1 {
		u += "?page=" + strconv.Itoa(n)
	}
	return u
}
