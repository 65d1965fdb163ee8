package app

import (
	"io/fs"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"planboard/views"
)

// routes mounts every surface with the middleware it needs, after the
// process-wide middleware every request passes: forwarded headers, the
// request id, metrics and log (observe), the deadline, the security
// headers and the text check. Each surface
// keeps its own route list: app/public (public.App.Routes), app/api
// (api.Mount), app/web (web.App.Routes, with sessions and CSRF).
func (a *App) routes() {
	f := a.fiber
	f.Use(a.resolveForwarded, a.observe, withDeadline(a.cfg.RequestTimeout), a.securityHeaders, rejectBadText)

	// Operability: no session, no CSRF.
	f.Get("/healthz", a.healthz)
	f.Get("/readyz", a.readyz)
	f.Get("/metrics", a.serveMetrics)
	static, _ := fs.Sub(views.FS, "static")
	f.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(static), MaxAge: 3600}))

	// The public pages (app/public): reports, calendar feeds, unsubscribe
	// links; no session, no CSRF.
	a.public.Routes(f)

	// The JSON API (docs/integrations.md): bearer tokens, problem+json; no session, no CSRF.
	a.api = a.mountAPI()

	// The signed-in pages (app/web), with their session and CSRF middleware.
	a.web.Routes(f)

	f.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}
