package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAnonymousCSRFCookieIsOurs: a pb_csrf cookie the client chose (or a
// sibling host tossed) is not a token: a login form carrying it is
// refused and nobody is signed in; the cookie the server issues works.
func TestAnonymousCSRFCookieIsOurs(t *testing.T) {
	e := newEnv(t)
	tossed := strings.Repeat("A", 43)
	c := e.client()
	c.Cookies["pb_csrf"] = tossed
	r := c.post("/login", url.Values{"email": {"director@example.org"}, "password": {"demo-password"}, "_csrf": {tossed}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("login with a client-chosen CSRF cookie: %d, want 403", r.Status)
	}
	if _, ok := c.Cookies["pb_session"]; ok {
		t.Fatal("a session was made with a tossed CSRF cookie")
	}
	// A page replaces the unknown cookie with a signed one.
	c.get("/login")
	if got := c.Cookies["pb_csrf"]; got == tossed || !strings.Contains(got, ".") || c.CSRF != got {
		t.Fatalf("cookie after a page: %q (form token %q)", got, c.CSRF)
	}
	// A signed token changed in one character is not ours either.
	forged := c.CSRF[:len(c.CSRF)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(c.CSRF, "A")]
	c2 := e.client()
	c2.Cookies["pb_csrf"] = forged
	if r := c2.post("/login", url.Values{"email": {"director@example.org"}, "password": {"demo-password"}, "_csrf": {forged}}); r.Status != http.StatusForbidden {
		t.Errorf("a forged signature: %d, want 403", r.Status)
	}
	if r := c.post("/login", url.Values{"email": {"director@example.org"}, "password": {"demo-password"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("login with the issued token: %d", r.Status)
	}
}
