package app_test

import (
	"context"
	"planboard/app/mail"
	"sort"
	"strings"
	"testing"
	"time"

	"planboard/app/smtptest"
)

// received is one accepted message (the shared test server's).
type received = smtptest.Message

func startSMTP(t *testing.T) *smtptest.Server { return smtptest.Start(t, nil) }

// kinds summarises messages as sorted "kind to" lines: the kind is the
// first part of the stable Message-ID.
func kinds(msgs []received) []string {
	var out []string
	for _, m := range msgs {
		kind, _, _ := strings.Cut(strings.TrimPrefix(m.MessageID, "<"), ".")
		out = append(out, kind+" "+m.To)
	}
	sort.Strings(out)
	return out
}

// newMailer builds a mailer over the env's store that sends to addr.
func (e *env) mailer(addr string, clock func() time.Time) *mail.Mailer {
	e.t.Helper()
	var sender mail.Sender
	if addr != "" {
		s, err := mail.NewSMTPSender(mail.SMTPConfig{URL: "smtp://" + addr, From: "Планборд <planboard@example.org>",
			StartTLS: "opportunistic", Timeout: 5 * time.Second})
		if err != nil {
			e.t.Fatal(err)
		}
		sender = s
	}
	m, err := mail.NewMailer(mail.MailerConfig{Store: e.store, Sender: sender, BaseURL: "http://planboard.test",
		Clock: clock, Backoff: time.Minute, MaxAttempts: 3})
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

// at parses an RFC 3339 moment for a test.
func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// sweep moves the env's clock to now and runs one mail sweep there.
func (e *env) sweep(m *mail.Mailer, now time.Time) mail.SweepResult {
	e.t.Helper()
	e.now = now
	r, err := m.Sweep(context.Background(), now)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}
