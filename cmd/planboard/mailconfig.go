package main

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"planboard/app/mail"
)

// loadMailConfig validates the mail settings: a bad schedule or policy stops
// start-up with a message naming the variable.
func (c *config) loadMailConfig(get func(name, def string) string) error {
	if _, ok := mail.StartTLSPolicies[c.SMTPStartTLS]; !ok {
		return &configError{"PLANBOARD_SMTP_STARTTLS", fmt.Sprintf("%q: want opportunistic, mandatory or none", c.SMTPStartTLS)}
	}
	if _, err := cron.ParseStandard(c.RemindSchedule); err != nil {
		return &configError{"PLANBOARD_REMIND_SCHEDULE", fmt.Sprintf("%q is not a cron schedule (e.g. */15 * * * * or @hourly): %v", c.RemindSchedule, err)}
	}
	iv := get("PLANBOARD_MAIL_INTERVAL", "5s")
	d, err := time.ParseDuration(iv)
	if err != nil || d < 100*time.Millisecond || d > time.Hour {
		return &configError{"PLANBOARD_MAIL_INTERVAL", fmt.Sprintf("%q: want a duration from 100ms to 1h, e.g. 5s", iv)}
	}
	c.MailInterval = d
	return nil
}

// newMailer builds the mailer: SMTP when PLANBOARD_SMTP_URL is set,
// otherwise mails are kept in the ledger and shown in the admin view.
func newMailer(e *env, store mail.MailStore) (*mail.Mailer, error) {
	var sender mail.Sender
	if e.cfg.SMTPURL != "" {
		s, err := mail.NewSMTPSender(mail.SMTPConfig{URL: e.cfg.SMTPURL, From: e.cfg.MailFrom, StartTLS: e.cfg.SMTPStartTLS})
		if err != nil {
			return nil, &configError{"PLANBOARD_SMTP_URL", err.Error()}
		}
		sender = s
	}
	return mail.NewMailer(mail.MailerConfig{Store: store, Sender: sender, BaseURL: e.cfg.BaseURL, Logger: e.log, Clock: e.now})
}
