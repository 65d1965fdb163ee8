package app

import (
	"time"

	"planboard/domain"
)

// mailHost is the host part of Message-IDs: the public host name.
func (a *App) mailHost() string { return a.mailer.host }

// setPasswordLink is the absolute link a single-use token is mailed in.
func (a *App) setPasswordLink(token string) string {
	return a.cfg.BaseURL + "/password/set/" + token
}

// invitationMail is the mail carrying an invitation link, in the language
// chosen for the invited person. To, SubjectID and RecipientID are filled in
// by storage.
func (a *App) invitationMail(lang, inviter, where string, role domain.Role, token string, loc *time.Location, instID int64) domain.Mail {
	lang = pickLang(lang)
	t := func(k string, args ...any) string { return a.pages.cat.T(lang, k, args...) }
	return domain.Mail{Kind: string(domain.TokenInvitation), InstitutionID: instID,
		Day:     domain.Today(a.now(), loc),
		Subject: t("mail.invitation.subject"),
		Text:    t("mail.invitation.text", inviter, where, t("role."+string(role)), a.setPasswordLink(token))}
}

// resetMail is the mail carrying a password-reset link.
func (a *App) resetMail(lang, token string) domain.Mail {
	lang = pickLang(lang)
	t := func(k string, args ...any) string { return a.pages.cat.T(lang, k, args...) }
	return domain.Mail{Kind: string(domain.TokenReset), Day: domain.Today(a.now(), time.UTC),
		Subject: t("mail.reset.subject"),
		Text:    t("mail.reset.text", a.setPasswordLink(token))}
}
