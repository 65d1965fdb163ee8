package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

type calendarPage struct {
	Page
	Created time.Time // zero: no feed yet
	FeedURL string    // shown once, right after (re)generation
}

// showCalendar is the settings page of the user's calendar feed. The feed
// address is secret and only shown when made: the database keeps its hash.
func (a *App) showCalendar(c *fiber.Ctx) error {
	created, err := a.store.CalendarTokenCreated(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	p := a.page(c, "calendar.title")
	p.Nav = "calendar"
	return a.render(c, fiber.StatusOK, "calendar", calendarPage{Page: p, Created: created})
}

// regenerateCalendar makes a new feed address (revoking the old one) and
// shows it; "revoke" in the form turns the feed off instead.
func (a *App) regenerateCalendar(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := a.page(c, "calendar.title")
	p.Nav = "calendar"
	if c.FormValue("action") == "revoke" {
		if err := a.svc.RevokeCalendarFeed(ctx, caller(c)); err != nil {
			return err
		}
		p.Flash = p.T("calendar.revoked")
		return a.render(c, fiber.StatusOK, "calendar", calendarPage{Page: p})
	}
	token, now, err := a.svc.NewCalendarFeed(ctx, caller(c))
	if err != nil {
		return err
	}
	base := strings.TrimRight(a.cfg.BaseURL, "/")
	if base == "" {
		base = c.BaseURL()
	}
	return a.render(c, fiber.StatusOK, "calendar", calendarPage{Page: p, Created: now, FeedURL: base + "/cal/" + token + ".ics"})
}
