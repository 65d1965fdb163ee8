package web

import (
	"github.com/gofiber/fiber/v2"

	"planboard/app/internal/render"
	"planboard/domain"
)

// Page is the part every page's data shares (app/internal/render).
type Page = render.Page

// page starts the shared part of a page's data for the current request.
func (a *App) page(c *fiber.Ctx, titleKey string) Page {
	p := Page{Locale: a.pages.Cat.In(""), CSRF: csrfToken(c)}
	if u, ok := c.Locals(localUser).(domain.User); ok {
		p.User = u
		p.Locale = a.pages.Cat.In(u.Locale)
		p.CanPlan = canPlan(actor(c))
		p.Flash = a.takeFlash(c)
	}
	p.Founder = isFounder(actor(c))
	p.Nav14 = a.navRolesOf(c)
	if p.User.ID != 0 {
		p.Unread, p.Nav14.Review = a.navCounts(c, p.User.ID, p.Nav14.Reviewer)
	}
	if p.User.IsAdmin {
		p.Version = a.cfg.Version
	}
	p.Title = p.T(titleKey)
	return p
}

// render executes a page template straight into the response body; a
// template error empties the body again, so that it becomes a clean 500
// instead of half a page.
func (a *App) render(c *fiber.Ctx, status int, name string, data any) error {
	return a.renderIn(c, status, name, "base", data)
}

// renderIn is render inside another layout (layouts/*.html): "printbase"
// for the print view.
func (a *App) renderIn(c *fiber.Ctx, status int, name, layout string, data any) error {
	return a.pages.In(c, status, name, layout, data)
}
