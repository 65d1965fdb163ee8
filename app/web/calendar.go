package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/export"
	"planboard/app/i18n"
	"planboard/domain"
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

// calendarFeed serves /cal/{token}.ics: the user's dated deadlines as
// all-day events (RFC 5545). An unknown or revoked token is 404.
func (a *App) calendarFeed(c *fiber.Ctx) error {
	token, ok := strings.CutSuffix(c.Params("token"), ".ics")
	if !ok || token == "" {
		return domain.ErrNotFound
	}
	u, events, err := a.store.CalendarEvents(c.UserContext(), token)
	if err != nil {
		return err
	}
	cat := func(k string, args ...any) string { return a.pages.Cat.T(i18n.Pick(u.Locale), k, args...) }
	base := strings.TrimRight(a.cfg.BaseURL, "/")
	if base == "" {
		base = c.BaseURL()
	}
	var ev []export.Event
	for _, e := range events {
		ev = append(ev, export.Event{UID: fmt.Sprintf("item-%d@%s", e.ItemID, a.mailHost()), Day: e.Due,
			Summary:     e.Measure,
			Description: fmt.Sprintf("%s\n%s: %s", e.Institution, cat("col.status"), cat("item.status."+string(e.Status))),
			URL:         base + fmt.Sprintf("/plans/%d", e.PlanID), Modified: e.Updated})
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	c.Set("Referrer-Policy", "no-referrer")
	return c.SendString(export.ICS(cat("calendar.name"), a.now(), ev))
}
