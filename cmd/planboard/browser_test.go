package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// browser is one user's HTTP client against a running server: cookies,
// the CSRF token of the last page, no redirects followed.
type browser struct {
	base   string
	client *http.Client
	csrf   string
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func newBrowser(base string, tr http.RoundTripper) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{base: base, client: &http.Client{Jar: jar, Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends a request and returns the status and body; a transport error
// (no answer at all) is returned as such.
func (b *browser) do(method, path string, form url.Values) (int, string, error) {
	var body io.Reader
	if form != nil {
		if form.Get("_csrf") == "" {
			form.Set("_csrf", b.csrf)
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		return 0, "", err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if m := csrfRe.FindSubmatch(raw); m != nil {
		b.csrf = string(m[1])
	}
	return res.StatusCode, string(raw), err
}

func (b *browser) get(path string) (int, string, error) { return b.do(http.MethodGet, path, nil) }

func (b *browser) post(path string, form url.Values) (int, string, error) {
	return b.do(http.MethodPost, path, form)
}

// login signs in on /login like a person: fetch the form, post it.
func (b *browser) login(email string) error {
	if _, _, err := b.get("/login"); err != nil {
		return err
	}
	code, body, err := b.post("/login", url.Values{"email": {email}, "password": {"demo-password"}})
	if err != nil {
		return err
	}
	if code != http.StatusSeeOther {
		return &statusError{"POST /login as " + email, code, body}
	}
	_, _, err = b.get("/") // the signed-in CSRF token
	return err
}

type statusError struct {
	what string
	code int
	body string
}

func (e *statusError) Error() string {
	return e.what + ": status " + http.StatusText(e.code) + " " + snippet(e.body)
}

func snippet(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// mustGet fails the test unless path answers want.
func (b *browser) mustGet(t testing.TB, path string, want int) string {
	t.Helper()
	code, body, err := b.get(path)
	if err != nil || code != want {
		t.Fatalf("GET %s = %d, %v (want %d)\n%s", path, code, err, want, snippet(body))
	}
	return body
}
