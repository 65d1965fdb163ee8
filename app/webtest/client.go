// Package webtest is the one HTTP client the tests and the load generator
// use to act as a person in a browser: it keeps the cookies (expiring them
// by the given clock, which may be a test's moved clock rather than the
// wall's) and the CSRF token of the last page, sends forms with it, and
// follows no redirects. It works over any http.RoundTripper: a real
// connection to a listening server, or a surface called in process.
package webtest

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Response is an answered request with its body read.
type Response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

// Client is one person's browser.
type Client struct {
	// Base is prepended to every path ("" when paths are already absolute
	// or the transport does not need a host).
	Base string
	// Cookies are the cookies the server set and has not expired, by name.
	Cookies map[string]string
	// CSRF is the token of the last page that had a form.
	CSRF string
	// Headers are sent with every request (e.g. Origin, Accept-Language).
	Headers map[string]string

	http *http.Client
	now  func() time.Time
}

// New returns a client over tr (nil: the default transport) whose cookies
// expire by now (nil: the wall clock); timeout 0 waits forever.
func New(base string, tr http.RoundTripper, now func() time.Time, timeout time.Duration) *Client {
	if now == nil {
		now = time.Now
	}
	return &Client{Base: base, Cookies: map[string]string{}, now: now,
		http: &http.Client{Transport: tr, Timeout: timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// RoundTripFunc turns a function into a transport, e.g. a surface's
// in-process test entry.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Do sends req with the client's cookies and headers, and keeps what the
// answer sets. A transport error (no answer at all) is returned as such.
func (c *Client) Do(req *http.Request) (Response, error) {
	for k, v := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	for k, v := range c.Headers {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.Value == "" || ck.MaxAge < 0 || (!ck.Expires.IsZero() && ck.Expires.Before(c.now())) {
			delete(c.Cookies, ck.Name)
		} else {
			c.Cookies[ck.Name] = ck.Value
		}
	}
	if m := csrfRe.FindSubmatch(b); m != nil {
		c.CSRF = string(m[1])
	}
	return Response{Status: res.StatusCode, Body: string(b), Header: res.Header, Location: res.Header.Get("Location")}, err
}

// Get requests path.
func (c *Client) Get(path string) (Response, error) {
	req, err := http.NewRequest(http.MethodGet, c.Base+path, nil)
	if err != nil {
		return Response{}, err
	}
	return c.Do(req)
}

// Post submits a form with the current CSRF token (unless the form sets
// _csrf itself).
func (c *Client) Post(path string, form url.Values) (Response, error) {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.CSRF)
	}
	req, err := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return Response{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// File is one file of a multipart form.
type File struct {
	Field, Name, ContentType string
	Data                     []byte
}

// PostMultipart submits a form with files, with the current CSRF token.
func (c *Client) PostMultipart(path string, form url.Values, files ...File) (Response, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.CSRF)
	}
	for k, vs := range form {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				return Response{}, err
			}
		}
	}
	for _, f := range files {
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, f.Field, f.Name)}
		if f.ContentType != "" {
			h["Content-Type"] = []string{f.ContentType}
		}
		part, err := w.CreatePart(h)
		if err != nil {
			return Response{}, err
		}
		if _, err := part.Write(f.Data); err != nil {
			return Response{}, err
		}
	}
	if err := w.Close(); err != nil {
		return Response{}, err
	}
	req, err := http.NewRequest(http.MethodPost, c.Base+path, &buf)
	if err != nil {
		return Response{}, err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}

// StatusError is an answer other than the one a step expected.
type StatusError struct {
	What string
	Code int
	Body string
}

func (e *StatusError) Error() string {
	body := e.Body
	if len(body) > 300 {
		body = body[:300] + "…"
	}
	return e.What + ": status " + http.StatusText(e.Code) + " " + body
}

// Login signs in on /login like a person (fetch the form, post it) and
// loads the home page for the signed-in CSRF token.
func (c *Client) Login(email, password string) error {
	if _, err := c.Get("/login"); err != nil {
		return err
	}
	r, err := c.Post("/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	if r.Status != http.StatusSeeOther {
		return &StatusError{"POST /login as " + email, r.Status, r.Body}
	}
	_, err = c.Get("/")
	return err
}

// CookieHeader is the Cookie header the client would send.
func (c *Client) CookieHeader() string {
	parts := make([]string, 0, len(c.Cookies))
	for k, v := range c.Cookies {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, "; ")
}
