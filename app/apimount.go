package app

import (
	"planboard/app/api"
	"planboard/app/apiauth"
	"planboard/app/service"
	"planboard/app/web"
)

// mountAPI mounts the JSON API (/api/v1) with what it shares with the
// pages: the use cases, the catalogue, the evidence checks and the clock.
// It is mounted without the session and CSRF middleware: cookies never
// reach it.
func (a *App) mountAPI() *api.API {
	limiter := apiauth.DefaultLimiter()
	if a.cfg.APIRate > 0 {
		limiter = apiauth.NewLimiter(a.cfg.APIRate, max(a.cfg.APIBurst, 1))
	}
	return api.Mount(a.fiber, api.Deps{
		Service:     a.svc,
		Queries:     service.NewQueries(a.store, a.now),
		Auth:        &apiauth.Authenticator{Store: a.store, Now: a.now, Limiter: limiter},
		T:           a.pages.Cat.T,
		Evidence:    a.web.CheckEvidence,
		CheckLink:   web.CheckEvidenceLink,
		Cron:        web.ParseCron,
		Now:         a.now,
		Logger:      a.log,
		Version:     a.cfg.Version,
		MaxUploadMB: a.cfg.MaxUploadMB,
	})
}
