package web

import (
	"net/url"

	"planboard/app/api"
	"planboard/app/apiauth"
	"planboard/app/service"
	"planboard/domain"
)

// mountAPI mounts the JSON API (/api/v1) with what it shares with the
// pages: the use cases, the catalogue, the evidence checks and the clock.
// It runs before the session and CSRF middleware: cookies never reach it.
func (a *App) mountAPI() *api.API {
	limiter := apiauth.DefaultLimiter()
	if a.cfg.APIRate > 0 {
		limiter = apiauth.NewLimiter(a.cfg.APIRate, max(a.cfg.APIBurst, 1))
	}
	return api.Mount(a.fiber, api.Deps{
		Service:   a.svc,
		Queries:   service.NewQueries(a.store, a.now),
		Auth:      &apiauth.Authenticator{Store: a.store, Now: a.now, Limiter: limiter},
		T:         a.pages.Cat.T,
		Evidence:  a.checkEvidence,
		CheckLink: checkEvidenceLink,
		Cron:      parseCron,
		Now:       a.now,
		Logger:    a.log,
		Version:   a.cfg.Version,
	})
}

// checkEvidence applies the pages' checks to a file sent to the API: the
// size limit, the type sniffed from the bytes, a name that follows it.
func (a *App) checkEvidence(name string, data []byte) (domain.Attachment, error) {
	if len(data) > a.cfg.MaxUploadMB<<20 {
		return domain.Attachment{}, &domain.Error{Code: domain.EInvalid, Field: "evidence", Message: "evidence.too_large|" + itoa(a.cfg.MaxUploadMB)}
	}
	name = domain.FileName(name, "")
	ct := sniffType(name, data)
	if ct == "" {
		return domain.Attachment{}, domain.FieldError("evidence", "evidence.bad_type")
	}
	name = domain.FileName(name, typeExt[ct])
	return domain.Attachment{Kind: "file", Filename: name, ContentType: ct, Size: int64(len(data)), Data: data}, nil
}

// checkEvidenceLink applies the pages' checks to an evidence link.
func checkEvidenceLink(link string) (domain.Attachment, error) {
	if !domain.ValidLine(link) {
		return domain.Attachment{}, domain.FieldError("link", domain.MsgInvisible)
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(link) > 2000 {
		return domain.Attachment{}, domain.FieldError("link", "evidence.bad_link")
	}
	return domain.Attachment{Kind: "link", URL: link}, nil
}
