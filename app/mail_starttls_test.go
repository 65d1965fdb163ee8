package app_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"planboard/app/mail"
	"planboard/app/smtptest"
)

// selfSigned makes a certificate for 127.0.0.1 and a client config trusting it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), // wall clock: the TLS handshake checks the certificate against the real time
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

func TestMailSMTPStartTLSPolicy(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := selfSigned(t)
	plain := startSMTP(t)
	secure := smtptest.Start(t, serverTLS)
	env := mail.Envelope{To: "staff@example.org", Subject: "Проверка", Text: "текст", HTML: "<p>текст</p>", MessageID: "<t.1@planboard.test>"}
	send := func(addr, policy string) error {
		s, err := mail.NewSMTPSender(mail.SMTPConfig{URL: "smtp://" + addr, From: "Планборд <planboard@example.org>",
			StartTLS: policy, Timeout: 5 * time.Second, TLS: clientTLS})
		if err != nil {
			t.Fatal(err)
		}
		return s.Send(context.Background(), env)
	}
	if err := send(secure.Addr, "mandatory"); err != nil || len(secure.Take()) != 1 {
		t.Errorf("mandatory STARTTLS to a server offering it: %v", err)
	}
	if err := send(plain.Addr, "mandatory"); err == nil || len(plain.Take()) != 0 {
		t.Errorf("mandatory STARTTLS to a server without it was sent in the clear")
	}
	if err := send(plain.Addr, "opportunistic"); err != nil || len(plain.Take()) != 1 {
		t.Errorf("opportunistic to a plain server: %v", err)
	}
	if err := send(secure.Addr, "none"); err != nil || len(secure.Take()) != 1 {
		t.Errorf("no STARTTLS: %v", err)
	}
	if _, err := mail.NewSMTPSender(mail.SMTPConfig{URL: "smtp://x:25", From: "a@b.c", StartTLS: "maybe"}); err == nil || !strings.Contains(err.Error(), "maybe") {
		t.Errorf("bad policy accepted: %v", err)
	}
}
