package mail

import (
	"fmt"
	"strings"
	"time"

	"planboard/app/i18n"
	"planboard/domain"
)

// SiteWorseMails tells the institution's directors that a site audit found
// less than the previous one (docs/site-audit.md): one mail per director
// and run, its key the run's moment, so a run is told once.
func (m *Mailer) SiteWorseMails(job domain.SiteJob, run domain.SiteRun, changes []domain.SiteChange, to []domain.User, now time.Time) []domain.Mail {
	var lost []string
	for _, c := range changes {
		if !c.Appeared {
			if chk, ok := domain.LookupSiteCheck(c.Key); ok {
				lost = append(lost, "— "+chk.Wording)
			}
		}
	}
	link := fmt.Sprintf("%s/institutions/%d/site", m.cfg.BaseURL, job.Institution.ID)
	day := domain.Today(now, job.Institution.Location())
	var out []domain.Mail
	for _, u := range to {
		lang := i18n.Pick(u.Locale)
		t := func(k string, args ...any) string { return m.tmpl.cat.T(lang, k, args...) }
		greeting := t("mail.greeting.anon")
		if u.FullName != "" {
			greeting = t("mail.greeting", u.FullName)
		}
		out = append(out, domain.Mail{Kind: domain.MailSiteWorse, SubjectID: job.Institution.ID, RecipientID: u.ID,
			InstitutionID: job.Institution.ID, To: u.Email, Day: day, Event: run.StartedAt.Unix(),
			Subject: t("mail.site_worse.subject"),
			Text:    greeting + "\n\n" + t("mail.site_worse.text", job.Institution.Name, job.URL, strings.Join(lost, "\n"), link)})
	}
	return out
}
