package app_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"planboard/app"
)

// smtpServer is a real SMTP server (emersion/go-smtp) on 127.0.0.1:0 that
// records what it receives, or refuses it while reject is set.
type smtpServer struct {
	addr   string
	reject atomic.Bool
	mu     sync.Mutex
	msgs   []received
}

// received is one accepted message.
type received struct {
	To        string
	MessageID string
	Subject   string
	Header    mail.Header
	Body      string // the raw MIME body
	Text      string // the decoded text/plain part
}

func startSMTP(t *testing.T) *smtpServer { return startSMTPWith(t, nil) }

// startSMTPWith offers STARTTLS when tlsConfig is set.
func startSMTPWith(t *testing.T, tlsConfig *tls.Config) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{addr: ln.Addr().String()}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &smtpSession{srv: s}, nil }))
	srv.Domain, srv.AllowInsecureAuth, srv.TLSConfig = "localhost", true, tlsConfig
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	go srv.Serve(ln) //nolint:errcheck
	t.Cleanup(func() { srv.Close() })
	return s
}

type smtpSession struct {
	srv *smtpServer
	to  []string
}

func (s *smtpSession) Reset()                                      { s.to = nil }
func (s *smtpSession) Logout() error                               { return nil }
func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error { return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.srv.reject.Load() {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "mailbox busy, try later"}
	}
	m, err := mail.ReadMessage(strings.NewReader(string(b)))
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(m.Body)
	dec := new(mimeDecoder)
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	for _, to := range s.to {
		s.srv.msgs = append(s.srv.msgs, received{To: to, MessageID: m.Header.Get("Message-ID"),
			Subject: dec.header(m.Header.Get("Subject")), Header: m.Header, Body: string(body), Text: plainPart(m.Header, body)})
	}
	return nil
}

// take returns the messages received since the last call.
func (s *smtpServer) take() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.msgs
	s.msgs = nil
	return out
}

// plainPart decodes the text/plain part of a message ("" if it has none).
func plainPart(h mail.Header, body []byte) string {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return ""
	}
	if mt == "text/plain" {
		return decodePart(h.Get("Content-Transfer-Encoding"), bytes.NewReader(body))
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return ""
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err != nil {
			return ""
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			return decodePart(p.Header.Get("Content-Transfer-Encoding"), p)
		}
	}
}

func decodePart(encoding string, r io.Reader) string {
	if strings.EqualFold(encoding, "quoted-printable") {
		r = quotedprintable.NewReader(r)
	} else if strings.EqualFold(encoding, "base64") {
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, _ := io.ReadAll(r)
	return string(b)
}

// mimeDecoder decodes RFC 2047 encoded headers.
type mimeDecoder struct{}

func (mimeDecoder) header(v string) string {
	d := new(mime.WordDecoder)
	if s, err := d.DecodeHeader(v); err == nil {
		return s
	}
	return v
}

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
func (e *env) mailer(addr string, clock func() time.Time) *app.Mailer {
	e.t.Helper()
	var sender app.Sender
	if addr != "" {
		s, err := app.NewSMTPSender(app.SMTPConfig{URL: "smtp://" + addr, From: "Планборд <planboard@example.org>",
			StartTLS: "opportunistic", Timeout: 5 * time.Second})
		if err != nil {
			e.t.Fatal(err)
		}
		sender = s
	}
	m, err := app.NewMailer(app.MailerConfig{Store: e.store, Sender: sender, BaseURL: "http://planboard.test",
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

func sweep(t *testing.T, m *app.Mailer, now time.Time) app.SweepResult {
	t.Helper()
	r, err := m.Sweep(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
