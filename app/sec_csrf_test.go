package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"planboard/app"
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

	// Over HTTPS the cookie is __Host- prefixed: no other host may set it.
	a, err := app.New(app.Deps{Store: e.store, Now: e.clock, Config: app.Config{BaseURL: "https://plan.example.org", SecureCookies: true}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Fiber().Test(httptest.NewRequest(http.MethodGet, "/login", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var host *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "__Host-pb_csrf" {
			host = ck
		}
	}
	if host == nil || !host.Secure || host.Path != "/" || host.Domain != "" {
		t.Errorf("the CSRF cookie over HTTPS: %+v", res.Cookies())
	}
}
