package app

import (
	"io/fs"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"planboard/views"
)

// routes is the one route table: every URL Planboard answers is here.
func (a *App) routes() {
	f := a.fiber
	f.Use(a.observe, securityHeaders)

	// Operability: no session, no CSRF.
	f.Get("/healthz", a.healthz)
	f.Get("/readyz", a.readyz)
	f.Get("/metrics", a.serveMetrics)
	static, _ := fs.Sub(views.FS, "static")
	f.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(static), MaxAge: 3600}))

	// Public report (embeddable: only these routes allow framing) and
	// calendar feeds (the secret token is the credential): no session.
	f.Get("/p/:slug", allowFraming, a.publicIndex)
	f.Get("/p/:slug/:file", allowFraming, a.publicReport)
	f.Get("/cal/:token", a.calendarFeed)

	// Everything below knows who is asking and checks CSRF on writes.
	f.Use(a.loadSession, a.checkCSRF)
	f.Get("/login", a.showLogin)
	f.Post("/login", a.login)
	f.Post("/logout", a.logout)

	in := f.Group("", a.requireLogin)
	in.Get("/", a.home)
	in.Get("/plans/:id", a.showPlan)
	in.Get("/plans/:id/approval", a.showApproval)
	in.Post("/plans/:id/submit", a.submitPlan)
	in.Post("/plans/:id/approve", a.approvePlan)
	in.Post("/plans/:id/return", a.returnPlan)
	in.Post("/plans/:id/reapprove", a.reapprovePlan)
	in.Post("/plans/:id/reapproval", a.setReapproval)
	in.Post("/plans/:id/publish", a.publish)
	in.Post("/plans/:id/reports", a.submitReport)
	in.Get("/plans/:id/reports/:rid", a.showReport)
	in.Post("/plans/:id/reports/:rid/accept", a.acceptReport)
	in.Post("/plans/:id/reports/:rid/return", a.returnReport)
	in.Get("/founder", a.founderDashboard)
	in.Get("/founder.xlsx", a.founderXLSX)
	in.Get("/settings/calendar", a.showCalendar)
	in.Post("/settings/calendar", a.regenerateCalendar)

	f.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}
