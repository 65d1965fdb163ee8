package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"planboard/app"
)

// postWith submits a form with extra request headers (and the current
// CSRF token in the body unless the form sets _csrf).
func (c *client) postWith(path string, form url.Values, headers map[string]string) response {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.CSRF)
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return c.do(req)
}

// The CSRF token is read from the form body or the
// X-CSRF-Token header only (never the URL, which ends up in logs and
// Referer headers), and a write from another origin is refused even with
// a valid token. Every write route passes checkCSRF; the hostile-input
// probe sends a foreign Origin and a token in the query string to each.
func TestCSRFTokenAndOriginRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("staff@example.org")
	lang := url.Values{"lang": {"en"}}
	if r := c.postWith("/settings/lang?_csrf="+url.QueryEscape(c.CSRF), url.Values{"lang": {"en"}, "_csrf": {""}}, nil); r.Status != http.StatusForbidden {
		t.Errorf("token in the query string = %d, want 403", r.Status)
	}
	for _, tc := range []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"no Origin (older browsers, curl)", nil, http.StatusSeeOther},
		{"same origin", map[string]string{"Origin": "http://example.com"}, http.StatusSeeOther},
		{"same origin, fetch metadata", map[string]string{"Origin": "http://example.com", "Sec-Fetch-Site": "same-origin"}, http.StatusSeeOther},
		{"token in the header", map[string]string{"X-CSRF-Token": c.CSRF}, http.StatusSeeOther},
		{"foreign origin", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"same host, other scheme", map[string]string{"Origin": "https://example.com"}, http.StatusForbidden},
		{"opaque origin", map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"cross-site fetch metadata", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
	} {
		form := url.Values{"lang": lang["lang"]}
		if tc.headers["X-CSRF-Token"] != "" {
			form.Set("_csrf", "")
		}
		if r := c.postWith("/settings/lang", form, tc.headers); r.Status != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, r.Status, tc.want)
		}
	}
	// The login form too: a foreign page cannot log a victim into its account.
	anon := e.client()
	anon.get("/login")
	r := anon.postWith("/login", url.Values{"email": {"staff@example.org"}, "password": {"demo-password"}}, map[string]string{"Origin": "https://evil.example"})
	if r.Status != http.StatusForbidden {
		t.Errorf("login from a foreign origin = %d, want 403", r.Status)
	}
}

// The configured public URL is the site's origin behind a proxy that
// does not pass the host on.
func TestOriginFromBaseURL(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, err := app.New(app.Deps{Store: e.store, Now: e.clock, Config: app.Config{BaseURL: "https://plan.example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	c := e.login("staff@example.org")
	for origin, want := range map[string]int{"https://plan.example.org": http.StatusSeeOther, "http://example.com": http.StatusSeeOther,
		"https://plan.example.org.evil.example": http.StatusForbidden, "http://plan.example.org": http.StatusForbidden} {
		if r := c.postWith("/settings/lang", url.Values{"lang": {"ru"}}, map[string]string{"Origin": origin}); r.Status != want {
			t.Errorf("Origin %s = %d, want %d", origin, r.Status, want)
		}
	}
}

// Every answer to a signed-in request (and every page holding
// a secret: the calendar URL, a password link) is no-store; HSTS is sent
// when the public URL is https.
func TestCacheAndTransportHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("director@example.org")
	for _, path := range []string{"/", "/profile", "/settings/calendar", "/my", "/institutions"} {
		r := c.get(path)
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: %d, Cache-Control %q, want no-store", path, r.Status, r.Header.Get("Cache-Control"))
		}
	}
	r := c.post("/settings/calendar", nil)
	if !strings.Contains(r.Body, "/cal/") || !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
		t.Errorf("the page with the secret calendar URL: Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	if h := r.Header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS over a plain-http public URL: %q", h)
	}

	a, err := app.New(app.Deps{Store: e.store, Now: e.clock, Config: app.Config{BaseURL: "https://plan.example.org", SecureCookies: true}})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/login", nil)
	res, err := a.Fiber().Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if h := res.Header.Get("Strict-Transport-Security"); h != "max-age=31536000" {
		t.Errorf("HSTS with an https public URL = %q, want max-age=31536000", h)
	}
}
