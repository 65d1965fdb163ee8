package main

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"planboard/app/webtest"
)

// browser is one user's HTTP client against a running server (webtest's:
// cookies, the CSRF token of the last page, no redirects followed).
type browser struct{ c *webtest.Client }

func newBrowser(base string, tr http.RoundTripper) *browser {
	return &browser{c: webtest.New(base, tr, nil, 30*time.Second)}
}

// do sends a request and returns the status and body; a transport error
// (no answer at all) is returned as such.
func (b *browser) do(method, path string, form url.Values) (int, string, error) {
	var r webtest.Response
	var err error
	if method == http.MethodPost {
		r, err = b.c.Post(path, form)
	} else {
		r, err = b.c.Get(path)
	}
	return r.Status, r.Body, err
}

func (b *browser) get(path string) (int, string, error) { return b.do(http.MethodGet, path, nil) }

func (b *browser) post(path string, form url.Values) (int, string, error) {
	return b.do(http.MethodPost, path, form)
}

// login signs in on /login like a person: fetch the form, post it.
func (b *browser) login(email string) error { return b.c.Login(email, "demo-password") }

type statusError = webtest.StatusError

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
