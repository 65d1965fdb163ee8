package mail

import (
	"time"

	"planboard/app/i18n"
	"planboard/app/service"
	"planboard/domain"
)

// InvitationNotices renders the mail of an invitation in the invited
// person's language: for a new account with the link that sets its
// password (kind "invitation"), for an existing one asking to sign in and
// accept or decline (kind "membership_invitation", no link but the site's).
// To, SubjectID and RecipientID are filled in by storage.
func (m *Mailer) InvitationNotices(n service.InvitationNotice, now time.Time) (domain.Notices, error) {
	lang := i18n.Pick(n.Lang)
	t := func(k string, args ...any) string { return m.tmpl.cat.T(lang, k, args...) }
	zone := n.Zone
	if zone == nil {
		zone = time.UTC
	}
	inviter, where, role := domain.StripLine(n.Inviter), domain.StripLine(n.Where), t("role."+string(n.Role))
	mail := domain.Mail{Kind: string(domain.TokenInvitation), InstitutionID: n.InstitutionID, Day: domain.Today(now, zone),
		Subject: t("mail.invitation.subject"),
		Text:    t("mail.invitation.text", inviter, where, role, m.cfg.BaseURL+"/password/set/"+n.Token)}
	if n.Token == "" {
		mail.Kind, mail.Subject = kindMembershipInvitation, t("mail.membership_invitation.subject")
		mail.Text = t("mail.membership_invitation.text", inviter, where, role, m.cfg.BaseURL+"/invitations")
	}
	return m.notices([]domain.Mail{mail}), nil
}

// kindMembershipInvitation is the mail kind asking an existing account to
// answer an invitation.
const kindMembershipInvitation = "membership_invitation"
