// Package render is what the HTML surfaces (app/web, app/public) share:
// the page templates and the catalogue, the base of every page's data
// (Page, with the locale), rendering into a response, and downloads. It
// imports no surface.
package render

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/i18n"
	"planboard/domain"
	"planboard/views"
)

// Pages holds the page templates and the message catalogue. Every page,
// layout and partial is in one parsed set: the partials and layouts are
// parsed once, not once per page (47 copies of them were a third of the
// idle heap). A page's main part is the template "page:<name>";
// the layouts print it through "content", which prints the frame's Body.
type Pages struct {
	set   *template.Template
	pages map[string]bool
	Cat   i18n.Catalog
}

// ErrNoTemplate is the error of a page name without a template.
func ErrNoTemplate(name string) error { return fmt.Errorf("no page template %q", name) }

// pageDefine is how a page file opens its main part.
const pageDefine = `{{define "content"`

// Load parses the layouts, the partials and every page of views/pages
// into one set, and loads the catalogue.
func Load() (*Pages, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	set, err := template.New("").ParseFS(views.FS, "layouts/*.html", "partials/*.html")
	if err != nil {
		return nil, err
	}
	if set, err = set.Parse(`{{define "content"}}{{.Body}}{{end}}`); err != nil {
		return nil, err
	}
	names, err := fs.Glob(views.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	p := &Pages{set: set, pages: map[string]bool{}, Cat: cat}
	for _, n := range names {
		src, err := fs.ReadFile(views.FS, n)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(path.Base(n), ".html")
		if strings.Count(string(src), pageDefine) != 1 {
			return nil, fmt.Errorf("template %s: want exactly one %s}}", n, pageDefine)
		}
		text := strings.Replace(string(src), pageDefine, `{{define "page:`+name+`"`, 1)
		if _, err := set.New(n).Parse(text); err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		p.pages[name] = true
	}
	return p, nil
}

// Frame is what a layout prints around a page's main part: the shared
// part of the page's data, the main part itself, and the public layout's
// visually-impaired mode.
type Frame struct {
	Page
	Body template.HTML
	VI   bool
}

// Has reports whether name is a page.
func (p *Pages) Has(name string) bool { return p.pages[name] }

// Content executes the main part of page name with data into w.
func (p *Pages) Content(w io.Writer, name string, data any) error {
	if !p.pages[name] {
		return ErrNoTemplate(name)
	}
	return p.set.ExecuteTemplate(w, "page:"+name, data)
}

// Fragment executes a template a page defines (a board's "card", a
// table's "row") with data into w.
func (p *Pages) Fragment(w io.Writer, name string, data any) error {
	return p.set.ExecuteTemplate(w, name, data)
}

// Layout executes a layout (layouts/*.html: "base", "printbase",
// "publicbase") around an already printed main part into w.
func (p *Pages) Layout(w io.Writer, layout string, f Frame) error {
	return p.set.ExecuteTemplate(w, layout, f)
}

// frameOf is the frame around body for a page's data (which embeds Page).
func frameOf(data any, body string) (Frame, error) {
	bp, ok := data.(interface{ BasePage() Page })
	if !ok {
		return Frame{}, fmt.Errorf("page data %T does not embed render.Page", data)
	}
	f := Frame{Page: bp.BasePage(), Body: template.HTML(body)} //nolint:gosec // printed by html/template
	if vi, ok := data.(interface{ VisuallyImpaired() bool }); ok {
		f.VI = vi.VisuallyImpaired()
	}
	return f, nil
}

// Render prints page name with data inside layout into w: the main part
// first, then the layout around it.
func (p *Pages) Render(w io.Writer, name, layout string, data any) error {
	var body strings.Builder
	if err := p.Content(&body, name, data); err != nil {
		return err
	}
	f, err := frameOf(data, body.String())
	if err != nil {
		return err
	}
	return p.Layout(w, layout, f)
}

// In executes a page template inside a layout (layouts/*.html: "base",
// "printbase") straight into the response body; a template error empties
// the body again, so that it becomes a clean 500 instead of half a page.
func (p *Pages) In(c *fiber.Ctx, status int, name, layout string, data any) error {
	res := c.Response()
	res.ResetBody()
	if err := p.Render(res.BodyWriter(), name, layout, data); err != nil {
		res.ResetBody()
		if !p.pages[name] {
			return err
		}
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Status(status)
	return nil
}

// Public renders a page inside the public layout (no internal
// navigation, embeddable).
func (p *Pages) Public(c *fiber.Ctx, status int, name string, data any) error {
	if !p.pages[name] {
		return fiber.ErrNotFound
	}
	var buf strings.Builder
	if err := p.Render(&buf, name, "publicbase", data); err != nil {
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
	Nav14   NavRoles // what the navigation offers by role (docs/ux.md §10, app/web/ux_nav.go)
}

// NavRoles is what the navigation offers the signed-in person, by role
// (docs/ux.md §10): «Мои задачи» to those who can be given tasks, «На
// проверке» with its count to those who accept closed tasks.
type NavRoles struct {
	Tasks    bool // a director or staff member somewhere (or the admin)
	Reviewer bool // a director somewhere (or the admin)
	Review   int  // items awaiting the reviewer's acceptance
	Region   bool // a region's person (the region's dashboard, docs/regions.md)
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

// MinutesText is "n minutes" in the page's language, declined for n
// (Russian: 1 минута, 2 минуты, 5 минут): the wait that a rate limit names.
func (p Page) MinutesText(n int) string {
	form := "many"
	switch {
	case n%10 == 1 && n%100 != 11:
		form = "one"
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		form = "few"
	}
	return p.T("minutes."+form, n)
}
