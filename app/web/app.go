// Package web is the signed-in HTML surface: the pages' route list
// (Routes), their session and CSRF middleware, handlers and the pages'
// own rendering. A handler reads its input and renders; its writes go
// through the use cases of app/service, except the audit entries and a few
// small ones (the language), and many reads still call the stores declared
// here as interfaces (Store) and check access in access.go
// (docs/architecture.md says which). The stores are wired in cmd; the
// surface is mounted by package app.
package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/internal/render"
	"planboard/app/mail"
	"planboard/app/service"
	"planboard/domain"
)

// Config holds the pages' settings (package app fills it from its own).
type Config struct {
	BaseURL       string        // public URL, e.g. https://plan.example.org; links in mail use it
	SecureCookies bool          // set the Secure flag (true when BaseURL is https)
	SessionIdle   time.Duration // a session unused this long ends
	SessionMax    time.Duration // a session ends this long after login, used or not
	MaxUploadMB   int           // largest evidence file accepted, in MB
	DashboardTTL  time.Duration // how long the founder dashboard's figures may be reused (0: never)
	Version       string        // Planboard's version, in the admin's footer
	BackupDir     string        // where serve writes the daily dump (shown on /admin); empty: off
}

// Deps are the pages' collaborators, passed in explicitly.
type Deps struct {
	Store   Store
	Service *service.Service
	Pages   *render.Pages
	Mailer  *mail.Mailer
	Ready   func(ctx context.Context) error // nil error: database reachable (the error page says when not)
	Logger  *slog.Logger
	Now     func() time.Time
	Config  Config
	Backups BackupStatusStore // optional: the daily backups' results, for /admin
}

// BackupStatusStore reads the daily backups' results.
type BackupStatusStore interface {
	BackupStatus(ctx context.Context) (domain.BackupStatus, error)
}

// App is the web surface.
type App struct {
	store     Store
	ready     func(ctx context.Context) error
	log       *slog.Logger
	now       func() time.Time
	cfg       Config
	pages     *render.Pages
	mailer    *mail.Mailer
	dash      dashCache
	fragments fragments // rendered board cards and plan rows
	views     viewCache // rendered main parts of the busiest pages (viewcache.go)
	svc       *service.Service
	backups   BackupStatusStore
	origin    string      // the public URL's origin (normOrigin), "" when unset
	csrfKey   anonCSRFKey // signs anonymous CSRF tokens (csrfsign.go)
}

// New builds the web surface; Routes registers its pages.
func New(d Deps) *App {
	a := &App{backups: d.Backups, store: d.Store, ready: d.Ready, log: d.Logger, now: d.Now, cfg: d.Config,
		pages: d.Pages, mailer: d.Mailer, svc: d.Service}
	a.dash.ttl = d.Config.DashboardTTL
	a.origin = normOrigin(d.Config.BaseURL)
	return a
}

// HandleError renders an error as the pages do (package app's error
// handler for every request outside the API).
func (a *App) HandleError(c *fiber.Ctx, err error) error { return a.handleError(c, err) }

// ActorID is the signed-in person's user id (0: nobody), for the request log.
func ActorID(c *fiber.Ctx) int64 { return actor(c).UserID }

// Origin is the origin of a public URL ("https://host[:port]"), "" when
// it is not an absolute http(s) URL.
func Origin(baseURL string) string { return normOrigin(baseURL) }

// CheckEvidence is the pages' checks of an evidence file, for the API.
func (a *App) CheckEvidence(name string, data []byte) (domain.Attachment, error) {
	return a.checkEvidence(name, data)
}

// CheckEvidenceLink is the pages' check of an evidence link, for the API.
func CheckEvidenceLink(link string) (domain.Attachment, error) { return checkEvidenceLink(link) }

// ParseCron reads a repeat rule as the item form does, for the API.
func ParseCron(s string) (domain.Schedule, error) { return parseCron(s) }
