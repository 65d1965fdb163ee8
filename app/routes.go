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

	// Everything below knows who is asking and checks CSRF on writes.
	f.Use(a.loadSession, a.checkCSRF)
	f.Get("/login", a.showLogin)
	f.Post("/login", a.login)
	f.Post("/logout", a.logout)

	in := f.Group("", a.requireLogin)
	in.Get("/", a.home)
	in.Get("/plans/:id", a.showPlan)
	in.Get("/settings/notifications", a.showMailSettings)
	in.Post("/settings/notifications", a.saveMailSettings)
	in.Get("/institutions/:id/mail-rules", a.showMailRules)
	in.Post("/institutions/:id/mail-rules", a.saveMailRules)
	in.Get("/admin/mail", a.adminMail)
	in.Get("/admin/mail/:id", a.adminMailShow)
	in.Post("/admin/mail/:id/resend", a.adminMailResend)

	f.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}
