package app

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/i18n"
	"planboard/domain"
	"planboard/views"
)

// pages holds one parsed template set per page (layout + partials + page)
// and the message catalogue.
type pages struct {
	byName map[string]*template.Template
	kept   *template.Template // the layout around a kept main part (viewcache.go)
	cat    i18n.Catalog
}

func errNoTemplate(name string) error { return fmt.Errorf("no page template %q", name) }

func loadPages() (*pages, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(views.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}, cat: cat}
	for _, n := range names {
		t, err := template.New("").ParseFS(views.FS, "layouts/*.html", "partials/*.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		p.byName[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	kept, err := template.New("").ParseFS(views.FS, "layouts/*.html", "partials/*.html")
	if err != nil {
		return nil, err
	}
	if p.kept, err = kept.Parse(`{{define "content"}}{{.Body}}{{end}}`); err != nil {
		return nil, err
	}
	return p, nil
}

// Page is the part every page's data shares: who is looking, in which
// language, the CSRF token for its forms, and formatting helpers.
type Page struct {
	i18n.Locale // the language, and words and formats in it (.T, .Date, .Deadline…)
	Title       string
	User        domain.User
	CSRF        string
	Flash       string
	Nav         string

	CanPlan bool // may create plans (director of some institution, or admin)
	// Founder is set for users who oversee a founder's institutions (the dashboard link).
	Founder bool
	Version string   // Planboard's version, shown in the footer to the admin only
	Unread  int      // the user's unread notices (the navigation's count)
	Nav14   navRoles // what the navigation offers by role (issue 14.10, ux_nav.go)
}

// unlinked prints a responsible person without an account (an imported
// plan's column 4): «Иванов И.И., завхоз (без учётной записи)», or «—».
func (p Page) unlinked(text string) string {
	if text == "" {
		return "—"
	}
	return text + " (" + p.T("item.no_account") + ")"
}

// page starts the shared part of a page's data for the current request.
func (a *App) page(c *fiber.Ctx, titleKey string) Page {
	p := Page{Locale: a.pages.cat.In(""), CSRF: csrfToken(c)}
	if u, ok := c.Locals(localUser).(domain.User); ok {
		p.User = u
		p.Locale = a.pages.cat.In(u.Locale)
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
	t, ok := a.pages.byName[name]
	if !ok {
		return errNoTemplate(name)
	}
	res := c.Response()
	res.ResetBody()
	if err := t.ExecuteTemplate(res.BodyWriter(), layout, data); err != nil {
		res.ResetBody()
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Status(status)
	return nil
}
