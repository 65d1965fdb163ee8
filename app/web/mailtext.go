package web

import (
	"time"

	"planboard/app/i18n"
	"planboard/domain"
)

// mailHost is the host part of Message-IDs: the public host name.
func (a *App) mailHost() string { return a.mailer.Host() }

// setPasswordLink is the absolute link a single-use token is mailed in.
func (a *App) setPasswordLink(token string) string {
	return a.cfg.BaseURL + "/password/set/" + token
}

// resetMail is the mail carrying a password-reset link.
func (a *App) resetMail(lang, token string) domain.Mail {
	lang = i18n.Pick(lang)
	t := func(k string, args ...any) string { return a.pages.Cat.T(lang, k, args...) }
	return domain.Mail{Kind: string(domain.TokenReset), Day: domain.Today(a.now(), time.UTC),
		Subject: t("mail.reset.subject"),
		Text:    t("mail.reset.text", a.setPasswordLink(token))}
}
