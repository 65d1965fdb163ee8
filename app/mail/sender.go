package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	netmail "net/mail"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/go-mail/mail"
)

// Envelope is one mail ready to go: the ledger row as the sender needs it.
type Envelope struct {
	To              string
	Subject         string
	Text            string // plain-text part
	HTML            string // HTML alternative (optional)
	MessageID       string // stable, from the ledger
	ListUnsubscribe string // header value (digests)
}

// Sender hands a mail to a mail server. A nil error means the server
// accepted it.
type Sender interface {
	Send(ctx context.Context, e Envelope) error
}

// SMTPConfig configures the SMTP sender.
type SMTPConfig struct {
	URL      string        // smtp://user:pass@host:port (STARTTLS) or smtps://… (implicit TLS)
	From     string        // "Planboard <noreply@example.org>"
	StartTLS string        // opportunistic (default), mandatory or none
	Timeout  time.Duration // per network operation; default 10 s
	TLS      *tls.Config   // optional, e.g. a test CA
}

// SMTPSender sends through go-mail/mail. It makes a new Dialer for every
// mail: a shared one is not safe for concurrent use.
type SMTPSender struct {
	host, user, pass string
	port             int
	ssl              bool
	policy           gomail.StartTLSPolicy
	from             *netmail.Address
	timeout          time.Duration
	tls              *tls.Config
}

// StartTLSPolicies are the accepted values of SMTPConfig.StartTLS.
var StartTLSPolicies = map[string]gomail.StartTLSPolicy{
	"":              gomail.OpportunisticStartTLS,
	"opportunistic": gomail.OpportunisticStartTLS,
	"mandatory":     gomail.MandatoryStartTLS,
	"none":          gomail.NoStartTLS,
}

// NewSMTPSender checks the configuration and returns a sender.
func NewSMTPSender(c SMTPConfig) (*SMTPSender, error) {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP URL %q: want smtp://user:pass@host:port or smtps://…", c.URL)
	}
	s := &SMTPSender{host: u.Hostname(), ssl: u.Scheme == "smtps", timeout: c.Timeout, tls: c.TLS, port: 587}
	if s.ssl {
		s.port = 465
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("SMTP port %q is not a number", p)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	var ok bool
	if s.policy, ok = StartTLSPolicies[c.StartTLS]; !ok {
		return nil, fmt.Errorf("STARTTLS policy %q: want opportunistic, mandatory or none", c.StartTLS)
	}
	if s.from, err = netmail.ParseAddress(c.From); err != nil {
		return nil, fmt.Errorf("sender address %q: %w", c.From, err)
	}
	if s.timeout == 0 {
		s.timeout = 10 * time.Second
	}
	return s, nil
}

// Send builds the message (plain text with an HTML alternative) and sends it
// over a fresh connection. go-mail has no context: the timeout bounds it.
func (s *SMTPSender) Send(ctx context.Context, e Envelope) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m := gomail.NewMessage()
	// SetAddressHeader encodes a Cyrillic display name; SetHeader would not.
	m.SetAddressHeader("From", s.from.Address, s.from.Name)
	m.SetHeader("To", e.To)
	m.SetHeader("Subject", e.Subject)
	m.SetHeader("Message-ID", e.MessageID)
	m.SetDateHeader("Date", time.Now()) // wall clock: the moment the mail really leaves
	if e.ListUnsubscribe != "" {
		m.SetHeader("List-Unsubscribe", e.ListUnsubscribe)
		m.SetHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click") // RFC 8058
	}
	m.SetBody("text/plain", e.Text)
	if e.HTML != "" {
		m.AddAlternative("text/html", e.HTML)
	}
	d := gomail.NewDialer(s.host, s.port, s.user, s.pass)
	d.SSL, d.StartTLSPolicy, d.Timeout, d.TLSConfig = s.ssl, s.policy, s.timeout, s.tls
	d.RetryFailure = false // the ledger retries, with backoff
	return d.DialAndSend(m)
}
