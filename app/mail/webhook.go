package mail

import (
	"fmt"
	"time"

	"planboard/app/i18n"
	"planboard/domain"
)

// Host is the host part of the Message-IDs of the mails the Mailer plans.
func (m *Mailer) Host() string { return m.host }

// WebhookDisabledMail is the mail that tells an endpoint's owner that
// deliveries to it stopped (reason "failing" or "gone"), in the owner's
// language, with a link to the endpoint's page. It is planned in the
// transaction that disables the endpoint; Event keeps a second disabling
// (after the owner re-enabled it) a mail of its own.
func (m *Mailer) WebhookDisabledMail(d domain.WebhookDelivery, reason string, at time.Time) *domain.Mail {
	lang := i18n.Pick(d.Owner.Locale)
	t := func(k string, args ...any) string { return m.tmpl.cat.T(lang, k, args...) }
	link := fmt.Sprintf("%s/founder/webhooks/%d", m.cfg.BaseURL, d.EndpointID)
	if d.Endpoint.InstitutionID != 0 {
		link = fmt.Sprintf("%s/institutions/%d/webhooks/%d", m.cfg.BaseURL, d.Endpoint.InstitutionID, d.EndpointID)
	}
	greeting := t("mail.greeting.anon")
	if d.Owner.Name != "" {
		greeting = t("mail.greeting", d.Owner.Name)
	}
	return &domain.Mail{Kind: domain.MailWebhookDisabled, SubjectID: d.EndpointID, RecipientID: d.Owner.ID,
		InstitutionID: d.Endpoint.InstitutionID, To: d.Owner.Email, Day: domain.Today(at, time.UTC), Event: at.Unix(),
		Subject: t("mail.webhook_disabled.subject"),
		Text:    greeting + "\n\n" + t("mail.webhook_disabled.text."+reason, d.Endpoint.URL, link)}
}
