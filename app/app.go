// Package app is Planboard's process-wide wiring: it builds the surfaces
// (the pages in app/web, the public pages in app/public, the JSON API in
// app/api) over one service layer, mounts each with the middleware it
// needs (routes.go), and owns what every request shares: forwarded
// headers, request ids, metrics and logs, the deadline, the security
// headers, the text check, /healthz, /readyz, /metrics and /static.
package app

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/api"
	"planboard/app/internal/render"
	"planboard/app/mail"
	"planboard/app/passhash"
	"planboard/app/public"
	"planboard/app/service"
	"planboard/app/web"
	"planboard/app/webhook"
	"planboard/domain"
)

// Config holds the process's settings.
type Config struct {
	BaseURL       string        // public URL, e.g. https://plan.example.org; links in mail use it
	SecureCookies bool          // set the Secure flag (true when BaseURL is https)
	SessionIdle   time.Duration // a session unused this long ends
	SessionMax    time.Duration // a session ends this long after login, used or not
	MaxUploadMB   int           // largest evidence file accepted, in MB (default 20)
	DashboardTTL  time.Duration // how long the founder dashboard's figures may be reused (0: never)
	MetricsToken  string        // when set, /metrics wants "Authorization: Bearer <token>"; else loopback only
	// RequestTimeout bounds every wait of a request (database pool, caches,
	// hashing): past it the request answers 503 with Retry-After (default
	// 25 s, under the 30 s most clients give up after; negative: none).
	RequestTimeout time.Duration
	Version        string // Planboard's version (set at build time), in /metrics and the admin's footer
	// TrustedProxies are the CIDRs (or addresses) of reverse proxies whose
	// X-Forwarded-For and X-Forwarded-Proto are believed; empty: nobody's.
	TrustedProxies []string
	BackupDir      string // where serve writes the daily dump (shown on /admin); empty: off
	// WebhookAllowPrivate lets webhook endpoints be private addresses
	// (PLANBOARD_WEBHOOK_ALLOW_PRIVATE=1: tests, closed networks).
	WebhookAllowPrivate bool
	// APIRate and APIBurst limit each API token: requests per second and
	// the burst allowed (PLANBOARD_API_RATE, PLANBOARD_API_BURST; 0: 10 and 30).
	APIRate  float64
	APIBurst int
}

// Deps are the app's collaborators, passed in explicitly.
type Deps struct {
	Store   Store
	Ready   func(ctx context.Context) error // nil error: database reachable and schema current
	DBStats func() sql.DBStats              // optional, for /metrics
	Logger  *slog.Logger
	Now     func() time.Time
	Config  Config
	Mailer  *mail.Mailer      // optional: built over Store, keeping mails, when nil
	Backups BackupStatusStore // optional: the daily backups' results, for /admin and /metrics
	// Passwords hashes and compares passwords; nil: passhash.Limited{}
	// (bcrypt at passhash.DefaultCost within the process's limit), as
	// cmd/planboard wires it. Tests pass a cheap cost.
	Passwords service.Passwords
}

// Store is everything the surfaces and the service layer read and write
// (the web surface's Store covers the public pages' and the API's).
type Store = web.Store

// BackupStatusStore reads the daily backups' results.
type BackupStatusStore = web.BackupStatusStore

// App is the configured process: Fiber with every surface mounted.
type App struct {
	fiber   *fiber.App
	store   Store
	ready   func(ctx context.Context) error
	dbStats func() sql.DBStats
	log     *slog.Logger
	now     func() time.Time
	cfg     Config
	pages   *render.Pages
	metrics *metrics
	svc     *service.Service
	trusted []*net.IPNet
	backups BackupStatusStore
	hsts    bool // the public URL is https: ask browsers to keep to it
	web     *web.App
	public  *public.App
	api     *api.API
}

// New builds the app with every route registered.
func New(d Deps) (*App, error) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Passwords == nil {
		d.Passwords = passhash.Limited{}
	}
	if d.Config.SessionIdle == 0 {
		d.Config.SessionIdle = 24 * time.Hour
	}
	if d.Config.SessionMax == 0 {
		d.Config.SessionMax = 14 * 24 * time.Hour
	}
	if d.Config.RequestTimeout == 0 {
		d.Config.RequestTimeout = 25 * time.Second
	}
	if d.Config.MaxUploadMB <= 0 {
		d.Config.MaxUploadMB = domain.DefaultMaxUploadMB
	}
	trusted, err := parseTrustedProxies(d.Config.TrustedProxies)
	if err != nil {
		return nil, err
	}
	p, err := render.Load()
	if err != nil {
		return nil, err
	}
	a := &App{trusted: trusted, backups: d.Backups, store: d.Store, ready: d.Ready, dbStats: d.DBStats, log: d.Logger, now: d.Now, cfg: d.Config, pages: p, metrics: newMetrics()}
	a.hsts = strings.HasPrefix(web.Origin(d.Config.BaseURL), "https://")
	mailer := d.Mailer
	if mailer == nil {
		if mailer, err = mail.NewMailer(mail.MailerConfig{Store: d.Store, BaseURL: d.Config.BaseURL, Logger: d.Logger}); err != nil {
			return nil, err
		}
	}
	a.svc = service.New(service.Deps{Store: d.Store, Notices: mailer, Now: d.Now,
		BaseURL: d.Config.BaseURL, Passwords: d.Passwords, UnsubscribeUser: unsubscribeUser(mailer),
		WebhookGuard: webhook.Guard{AllowPrivate: d.Config.WebhookAllowPrivate}})
	c := d.Config
	a.web = web.New(web.Deps{Store: d.Store, Service: a.svc, Pages: p, Mailer: mailer, Ready: d.Ready, Logger: d.Logger,
		Now: d.Now, Backups: d.Backups, Config: web.Config{BaseURL: c.BaseURL, SecureCookies: c.SecureCookies,
			SessionIdle: c.SessionIdle, SessionMax: c.SessionMax, MaxUploadMB: c.MaxUploadMB, DashboardTTL: c.DashboardTTL,
			Version: c.Version, BackupDir: c.BackupDir}})
	a.public = public.New(public.Deps{Store: d.Store, Service: a.svc, Mailer: mailer, Pages: p, Now: d.Now,
		Config: public.Config{BaseURL: c.BaseURL}})
	a.fiber = fiber.New(fiber.Config{
		AppName:               "planboard",
		Immutable:             true, // values from the request outlive the handler (Fiber reuses buffers otherwise)
		DisableStartupMessage: true,
		ErrorHandler:          a.handleError,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		// A page of a 60-item plan is some 100 KB: written through the default
		// 4 KB buffer it took thirty writes to the socket.
		WriteBufferSize: 32 << 10,
		BodyLimit:       (2*d.Config.MaxUploadMB + 1) << 20, // larger uploads get 413 stating the limit
		// Multipart bodies are parsed when a handler asks for them: parsed
		// while the request is read, a malformed one was answered before
		// routing, with the path lost (an HTML page for an API client).
		DisablePreParseMultipartForm: true,
		// Forwarded headers only from the configured proxies (none by
		// default): c.IP(), c.Protocol() and c.Hostname() ignore them from
		// anyone else. Without EnableTrustedProxyCheck Fiber would believe
		// X-Forwarded-Proto and X-Forwarded-Host from every client.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          a.trustedCIDRs(),
		ProxyHeader:             fiber.HeaderXForwardedFor,
		EnableIPValidation:      true,
	})
	a.routes()
	return a, nil
}

// API returns the mounted JSON API (its route table and document).
func (a *App) API() *api.API { return a.api }

// Fiber returns the underlying Fiber app (for Listen and app.Test).
func (a *App) Fiber() *fiber.App { return a.fiber }

// HashPassword hashes a password for storage (bcrypt), as the sign-in
// compares it: for cmd's account commands and the demo data.
func HashPassword(password string) (string, error) { return passhash.Hash(password) }

// unsubscribeUser resolves a digest's unsubscribe link to its user id (0:
// forged), for the use cases: the MAC is checked under the mailer's key.
func unsubscribeUser(m *mail.Mailer) func(ctx context.Context, token string) (int64, error) {
	return func(ctx context.Context, token string) (int64, error) {
		key, err := m.UnsubscribeKey(ctx)
		if err != nil {
			return 0, err
		}
		return mail.UnsubscribeUser(key, token), nil
	}
}
