// Package smtptest is a real SMTP server (emersion/go-smtp) for tests: it
// listens on 127.0.0.1, records what it accepts, and can refuse mail, go
// down and come back, or hold a mail in flight while the test kills its
// sender.
package smtptest

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one accepted mail, once per recipient.
type Message struct {
	To        string
	MessageID string
	Subject   string // decoded
	Header    mail.Header
	Body      string // the raw MIME body
	Text      string // the decoded text/plain part
}

// Server is the test's mail server.
type Server struct {
	Addr string

	tls    *tls.Config
	reject atomic.Int32 // SMTP code to answer DATA with; 0 accepts
	hold   atomic.Bool  // hold the next mail: see HoldNext
	held   chan string  // the held sender's address (its local host:port)
	free   chan struct{}

	mu   sync.Mutex
	srv  *smtp.Server
	msgs []Message
}

// Start serves on a free port of 127.0.0.1 until the test ends; STARTTLS is
// offered when tlsConfig is set.
func Start(t testing.TB, tlsConfig *tls.Config) *Server {
	t.Helper()
	s := &Server{tls: tlsConfig, held: make(chan string, 1)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Down)
	return s
}

func (s *Server) serve(ln net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: s, peer: c.Conn().RemoteAddr().String()}, nil
	}))
	srv.Domain, srv.AllowInsecureAuth, srv.TLSConfig = "localhost", true, s.tls
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go srv.Serve(ln) //nolint:errcheck
}

// Reject makes the server answer every mail with code (451: try later,
// 554: refused); 0 accepts again.
func (s *Server) Reject(code int) { s.reject.Store(int32(code)) }

// Down closes the listener and every connection: senders get "connection
// refused" until Up.
func (s *Server) Down() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Up listens again on the same address.
func (s *Server) Up(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	s.serve(ln)
}

// HoldNext makes the next mail wait, its data received but not answered,
// and returns a channel that yields the sender's address (host:port as the
// sender sees its own end). Release lets it go: it is refused, never
// recorded, as a mail is whose sender died before the server answered.
func (s *Server) HoldNext() <-chan string {
	s.mu.Lock()
	s.free = make(chan struct{})
	s.mu.Unlock()
	s.hold.Store(true)
	return s.held
}

// Release ends the hold of HoldNext.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.free)
}

// Take returns the messages accepted since the last call.
func (s *Server) Take() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.msgs
	s.msgs = nil
	return out
}

type session struct {
	srv  *Server
	peer string
	to   []string
}

func (s *session) Reset()                                      { s.to = nil }
func (s *session) Logout() error                               { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error { return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.srv.hold.CompareAndSwap(true, false) {
		s.srv.mu.Lock()
		free := s.srv.free
		s.srv.mu.Unlock()
		s.srv.held <- s.peer
		<-free
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "held, never accepted"}
	}
	if code := int(s.srv.reject.Load()); code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 3, 0}, Message: "refused by the test"}
	}
	m, err := mail.ReadMessage(strings.NewReader(string(b)))
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(m.Body)
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		subject = m.Header.Get("Subject")
	}
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	for _, to := range s.to {
		s.srv.msgs = append(s.srv.msgs, Message{To: to, MessageID: m.Header.Get("Message-ID"),
			Subject: subject, Header: m.Header, Body: string(body), Text: plainPart(m.Header, body)})
	}
	return nil
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
