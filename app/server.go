// Package app is Planboard's process: it builds the surfaces (app/web,
// app/public) with their collaborators and hands Fiber to cmd.
package app

import (
	"io"
	"log/slog"
	"time"

	"planboard/app/internal/render"
	"planboard/app/mail"
	"planboard/app/public"
	"planboard/app/web"
)

// The web surface's types, under the names cmd and the tests know.
type (
	App               = web.App
	Config            = web.Config
	Deps              = web.Deps
	Store             = web.Store
	BackupStatusStore = web.BackupStatusStore
)

// New builds the app with every route registered.
func New(d Deps) (*App, error) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	pages, err := render.Load()
	if err != nil {
		return nil, err
	}
	if d.Mailer == nil {
		if d.Mailer, err = mail.NewMailer(mail.MailerConfig{Store: d.Store, BaseURL: d.Config.BaseURL, Logger: d.Logger}); err != nil {
			return nil, err
		}
	}
	pub := public.New(public.Deps{Store: d.Store, Mailer: d.Mailer, Pages: pages, Now: d.Now,
		Config: public.Config{BaseURL: d.Config.BaseURL}})
	d.Pages, d.Public = pages, pub.Routes
	return web.New(d)
}

// HashPassword hashes a password for storage (bcrypt).
func HashPassword(pw string) (string, error) { return web.HashPassword(pw) }
