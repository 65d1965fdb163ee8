// Package public is the surface without a session: the published reports
// (/p/{slug}, /p/{slug}/{year}[.ext], embeddable), the calendar feeds
// (/cal/{token}.ics: the secret token is the credential) and the
// one-click unsubscribe (/unsubscribe/{token}: the signed link is the
// credential). No session, no CSRF: nothing here knows who is asking.
package public

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/internal/render"
	"planboard/app/service"
	"planboard/domain"
)

// Store is what the public pages read (the unsubscribe link's write is a
// use case of app/service).
type Store interface {
	PublicationID(ctx context.Context, slug string, year int) (int64, error) // the newest snapshot of a year
	Publication(ctx context.Context, id int64) (domain.Publication, error)
	PublishedYears(ctx context.Context, institutionID int64) ([]int, error)
	InstitutionBySlug(ctx context.Context, slug string) (domain.Institution, error)
	CalendarEvents(ctx context.Context, token string) (domain.User, []domain.CalendarEvent, error)
}

// Mailer is what the pages need of the mail package: the host the
// calendar's event ids are named after.
type Mailer interface {
	Host() string
}

// Config holds the public pages' settings.
type Config struct {
	BaseURL string // public URL; the calendar's links use it (else the request's)
}

// Deps are the public pages' collaborators.
type Deps struct {
	Store   Store
	Service *service.Service
	Mailer  Mailer
	Pages   *render.Pages
	Now     func() time.Time
	Config  Config
}

// App is the public surface.
type App struct {
	store  Store
	svc    *service.Service
	mailer Mailer
	pages  *render.Pages
	now    func() time.Time
	cfg    Config
	// snapshots keeps rendered public reports (immutable once published).
	snapshots snapshotCache
}

// New builds the public surface.
func New(d Deps) *App {
	return &App{store: d.Store, svc: d.Service, mailer: d.Mailer, pages: d.Pages, now: d.Now, cfg: d.Config}
}

// Routes registers the public pages on r. They need no session and no
// CSRF token, so r must not carry that middleware.
func (a *App) Routes(r fiber.Router) {
	// Public report (embeddable: only these routes allow framing).
	r.Get("/p/:slug", allowFraming, a.publicIndex)
	r.Get("/p/:slug/:file", allowFraming, a.publicReport)
	// The visitors' questionnaire (survey.go): anonymous; only the
	// embeddable variant may be framed.
	r.Get("/q/:slug", a.surveyForm)
	r.Post("/q/:slug", a.surveySubmit)
	r.Get("/q/:slug/embed", allowFraming, a.surveyEmbed)
	r.Post("/q/:slug/embed", allowFraming, a.surveyEmbedSubmit)
	r.Get("/q/:slug/poster.pdf", a.surveyPoster)
	r.Get("/q/:slug/qr.png", a.surveyQR("png"))
	r.Get("/q/:slug/qr.svg", a.surveyQR("svg"))
	// Calendar feeds: the secret token is the credential.
	r.Get("/cal/:token", a.calendarFeed)
	// One-click unsubscribe from digests (RFC 8058): the signed link is the
	// credential, and a mail client posts it without a session or CSRF token.
	r.Get("/unsubscribe/:token", a.showUnsubscribe)
	r.Post("/unsubscribe/:token", a.unsubscribe)
}

// page starts the data of a page shown without a session (the same as the
// web surface's for a visitor who is not signed in).
func (a *App) page(_ *fiber.Ctx, titleKey string) render.Page { return a.pages.Anonymous(titleKey) }

// render executes a page template in the site's layout.
func (a *App) render(c *fiber.Ctx, status int, name string, data any) error {
	return a.pages.In(c, status, name, "base", data)
}

func (a *App) mailHost() string { return a.mailer.Host() }

// publicPath is the address of a published report.
func publicPath(slug string, year int) string { return fmt.Sprintf("/p/%s/%d", slug, year) }
