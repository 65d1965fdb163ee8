package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

var unsubscribeRe = regexp.MustCompile(`^<http://planboard\.test(/unsubscribe/(\d+)\.[A-Za-z0-9_-]{24})>$`)

// A digest's List-Unsubscribe link works in one click, without a session
// (RFC 8058), for its own recipient only; next week there is no digest.
func TestOneClickUnsubscribeFromDigests(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	srv := startSMTP(t)
	m := e.mailer(srv.Addr, e.clock)
	e.sweep(m, e.mondayMorning(0))
	director := e.userID("director@example.org")
	var link string
	for _, msg := range srv.Take() {
		if msg.To == "director@example.org" && strings.HasPrefix(msg.MessageID, "<digest.") {
			u := unsubscribeRe.FindStringSubmatch(msg.Header.Get("List-Unsubscribe"))
			if u == nil || u[2] != itoa(director) || !strings.Contains(msg.Text, "Отписаться от сводок: http://planboard.test"+u[1]) {
				t.Fatalf("digest List-Unsubscribe %q, text:\n%s", msg.Header.Get("List-Unsubscribe"), msg.Text)
			}
			link = u[1]
		}
	}
	if link == "" {
		t.Fatal("no digest to the director")
	}
	anon := e.client()
	// Opening the link only asks (mail scanners open links).
	mustContain(t, "confirm page", anon.get(link), 200, "Отписаться от сводок", `action="`+link+`"`)
	if s := must(e.store.MailSettings(context.Background(), director)); !s.Digests {
		t.Fatal("opening the link unsubscribed")
	}
	// A forged or someone else's link is unknown.
	staffLink := strings.Replace(link, "/"+itoa(director)+".", "/"+itoa(e.userID("staff@example.org"))+".", 1)
	forged := link[:len(link)-1] + "A" // the signature with its last character changed
	if strings.HasSuffix(link, "A") {
		forged = link[:len(link)-1] + "B"
	}
	for _, bad := range []string{forged, staffLink, "/unsubscribe/x"} {
		if r := anon.post(bad, nil); r.Status != 404 {
			t.Errorf("POST %s = %d", bad, r.Status)
		}
	}
	// The mail client's one-click POST: no cookie, no CSRF token.
	req := httptest.NewRequest(http.MethodPost, link, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := e.app.Fiber().Test(req, -1)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("one-click POST: %v %v", res.StatusCode, err)
	}
	if s := must(e.store.MailSettings(context.Background(), director)); s.Digests {
		t.Fatal("still subscribed after the one-click POST")
	}
	e.sweep(m, e.mondayMorning(1))
	for _, msg := range srv.Take() {
		if msg.To == "director@example.org" && strings.HasPrefix(msg.MessageID, "<digest.") {
			t.Error("a digest went to the director after unsubscribing")
		}
	}
}

// unsubscribePath plans the week's digests and returns the director's
// unsubscribe link from the ledger.
func unsubscribePath(t *testing.T, e *env) string {
	t.Helper()
	if _, err := e.mailer("", e.clock).Plan(context.Background(), e.mondayMorning(0)); err != nil {
		t.Fatal(err)
	}
	var header string
	if err := e.store.DB().NewRaw(`SELECT list_unsubscribe FROM mail_outbox WHERE kind = 'digest' AND to_email = 'director@example.org'`).
		Scan(context.Background(), &header); err != nil {
		t.Fatal(err)
	}
	u := unsubscribeRe.FindStringSubmatch(header)
	if u == nil {
		t.Fatalf("digest List-Unsubscribe %q", header)
	}
	return u[1]
}
