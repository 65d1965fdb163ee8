package web

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"planboard/app/internal/render"
	"planboard/domain"
)

// StampStore reads the change counters the kept pages are keyed by
// (storage/readrev.go, migration 0125_perf.sql).
type StampStore interface {
	PlanStamp(ctx context.Context, sc domain.Scope, planID int64, nav *domain.NavQuery) (domain.PlanStamp, domain.NavCounts, error)
	ScopeStamp(ctx context.Context, sc domain.Scope, nav *domain.NavQuery) (string, domain.NavCounts, error)
}

// viewCache keeps the rendered main part of the pages people open most (a
// plan's board and table, «Мои задачи», «На проверке», the founder
// dashboard), keyed by the database's change counter of what they show,
// the viewer, the language, the day and the address. Whoever changes
// anything (a page, the API, the importer, a job, another replica) moves
// the counter in the same commit, so a kept page is never older than the
// database: the viewer's one cheap read of the counter decides. The parts
// that differ by request (the navigation and its counts, the one-time
// message, the CSRF token) are put in when the page is served.
type viewCache struct {
	mu    sync.Mutex
	m     map[string]keptView
	bytes int
	// building: a burst of views after a change builds the page once.
	building flights[keptView]
}

// viewBudget is how many bytes of pages are kept at most.
const viewBudget = 16 << 20

// keptView is a page's main part, cut where the viewer's CSRF token goes,
// with the title and the navigation mark the page set.
type keptView struct {
	title, nav string
	parts      []string
	size       int
}

func (v *viewCache) get(key string) (keptView, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	k, ok := v.m[key]
	return k, ok
}

func (v *viewCache) put(key string, k keptView) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil || v.bytes+len(key)+k.size > viewBudget {
		v.m, v.bytes = map[string]keptView{}, 0
	}
	if _, ok := v.m[key]; !ok {
		v.m[key], v.bytes = k, v.bytes+len(key)+k.size
	}
}

// keptPage serves page name from the kept views when stamp (the change
// counter of everything it shows) says it is current, and builds it with
// build otherwise. build gets the page's shared part to embed, with a
// stand-in for the CSRF token; the key adds the viewer, the language and
// the query string to the stamp.
func (a *App) keptPage(c *fiber.Ctx, titleKey, name, stamp string, build func(Page) (any, error)) error {
	pg := a.page(c, titleKey)
	key := name + "|" + stamp + "|" + itoa64(pg.User.ID) + "|" + pg.Lang + "|" + string(c.Request().URI().QueryString())
	k, err := a.views.building.do(c.UserContext(), key, func() (keptView, bool) { return a.views.get(key) },
		func(context.Context) (keptView, error) {
			bp := pg
			bp.CSRF, bp.Flash = csrfSentinel, ""
			data, err := build(bp)
			if err != nil {
				return keptView{}, err
			}
			k, err := a.keep(name, data)
			if err == nil {
				a.views.put(key, k)
			}
			return k, err
		})
	if err != nil {
		return err
	}
	pg.Title, pg.Nav = k.title, k.nav
	if pg.Flash != "" { // a one-time message: this page is printed once
		body := template.HTML(strings.Join(k.parts, template.HTMLEscapeString(pg.CSRF))) //nolint:gosec // rendered by html/template
		return a.renderKept(c, keptData{Page: pg, Body: body})
	}
	// The whole page, navigation included, is kept too, keyed by
	// everything the navigation prints (its counts, what the roles offer,
	// the name); the token goes in when it is sent.
	full := key + "|" + fmt.Sprint(pg.Unread, pg.Nav14, pg.CanPlan, pg.Founder, pg.User.FullName, pg.User.Email, pg.User.IsAdmin, pg.Version)
	whole, ok := a.views.get(full)
	if !ok {
		var err error
		bp := pg
		bp.CSRF = csrfSentinel
		if whole, err = a.keepWhole(keptData{Page: bp, Body: template.HTML(strings.Join(k.parts, csrfSentinel))}); err != nil { //nolint:gosec // rendered by html/template
			return err
		}
		a.views.put(full, whole)
	}
	return sendKept(c, whole, pg.CSRF)
}

// keepWhole prints the layout around a kept main part, cut where the
// viewer's token goes.
func (a *App) keepWhole(d keptData) (keptView, error) {
	var b strings.Builder
	if err := a.pages.Layout(&b, "base", d); err != nil {
		return keptView{}, err
	}
	return keptView{parts: strings.Split(b.String(), csrfSentinel), size: b.Len()}, nil
}

// sendKept answers with a kept whole page and the viewer's token in it.
func sendKept(c *fiber.Ctx, k keptView, csrf string) error {
	res := c.Response()
	res.ResetBody()
	w, token := res.BodyWriter(), []byte(template.HTMLEscapeString(csrf))
	for i, part := range k.parts {
		if i > 0 {
			_, _ = w.Write(token)
		}
		_, _ = io.WriteString(w, part)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Status(fiber.StatusOK)
	return nil
}

// keep renders the main part ("content") of page name with data.
func (a *App) keep(name string, data any) (keptView, error) {
	var b strings.Builder
	if err := a.pages.Content(&b, name, data); err != nil {
		return keptView{}, err
	}
	k := keptView{parts: strings.Split(b.String(), csrfSentinel), size: b.Len()}
	if bp, ok := data.(interface{ BasePage() Page }); ok {
		k.title, k.nav = bp.BasePage().Title, bp.BasePage().Nav
	}
	return k, nil
}

// keptData is what the layout prints around a kept main part.
type keptData = render.Frame

// renderKept prints the layout around a kept page's main part.
func (a *App) renderKept(c *fiber.Ctx, d keptData) error {
	res := c.Response()
	res.ResetBody()
	if err := a.pages.Layout(res.BodyWriter(), "base", d); err != nil {
		res.ResetBody()
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Status(fiber.StatusOK)
	return nil
}
