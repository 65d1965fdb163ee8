package public

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/export"
	"planboard/app/i18n"
	"planboard/domain"
)

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
