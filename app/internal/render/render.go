// Package render is what the HTML surfaces (app/web, app/public) share:
// the page templates and the catalogue, the base of every page's data
// (Page, with the locale), rendering into a response, and downloads. It
// imports no surface.
package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/i18n"
	"planboard/domain"
	"planboard/views"
)

// Pages holds one parsed template set per page (layout + partials + page)
// and the message catalogue.
type Pages struct {
	byName map[string]*template.Template
	kept   *template.Template // the layout around a kept main part (app/web/viewcache.go)
	Cat    i18n.Catalog
}

// ErrNoTemplate is the error of a page name without a template.
func ErrNoTemplate(name string) error { return fmt.Errorf("no page template %q", name) }

// Load parses every page of views/pages with the layouts and partials,
// and loads the catalogue.
func Load() (*Pages, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(views.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	p := &Pages{byName: map[string]*template.Template{}, Cat: cat}
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

// Kept is the layouts with a "content" that prints .Body: the frame
// around a kept page's main part.
func (p *Pages) Kept() *template.Template { return p.kept }

// Template is the parsed template set of a page.
func (p *Pages) Template(name string) (*template.Template, bool) {
	t, ok := p.byName[name]
	return t, ok
}

// In executes a page template inside a layout (layouts/*.html: "base",
// "printbase") straight into the response body; a template error empties
// the body again, so that it becomes a clean 500 instead of half a page.
func (p *Pages) In(c *fiber.Ctx, status int, name, layout string, data any) error {
	t, ok := p.byName[name]
	if !ok {
		return ErrNoTemplate(name)
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

// Public renders a page inside the public layout (no internal
// navigation, embeddable).
func (p *Pages) Public(c *fiber.Ctx, status int, name string, data any) error {
	t, ok := p.byName[name]
	if !ok {
		return fiber.ErrNotFound
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, "publicbase", data); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).SendString(buf.String())
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
	Nav14   NavRoles // what the navigation offers by role (issue 14.10, app/web/ux_nav.go)
}

// NavRoles is what the navigation offers the signed-in person, by role
// (issue 14.10): «Мои задачи» to those who can be given tasks, «На
// проверке» with its count to those who accept closed tasks.
type NavRoles struct {
	Tasks    bool // a director or staff member somewhere (or the admin)
	Reviewer bool // a director somewhere (or the admin)
	Review   int  // items awaiting the reviewer's acceptance
}

// Anonymous is the Page of a request without a session, in the
// catalogue's default language, titled by titleKey.
func (p *Pages) Anonymous(titleKey string) Page {
	pg := Page{Locale: p.Cat.In("")}
	pg.Title = pg.T(titleKey)
	return pg
}

// BasePage gives the shared part of any page's data (embedding Page).
func (p Page) BasePage() Page { return p }

// Unlinked prints a responsible person without an account (an imported
// plan's column 4): «Иванов И.И., завхоз (без учётной записи)», or «—».
func (p Page) Unlinked(text string) string {
	if text == "" {
		return "—"
	}
	return text + " (" + p.T("item.no_account") + ")"
}

// Tr translates an error key ("" stays "").
func (p Page) Tr(key string) string {
	if key == "" {
		return ""
	}
	return p.T(key)
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

// ContentSecurityPolicy allows only the site's own scripts and styles: no
// inline script anywhere. Framing is refused except on routes meant to be
// embedded, which set their own frame-ancestors.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
