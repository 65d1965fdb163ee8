package app

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"planboard/app/api"
	"planboard/app/internal/render"
	"planboard/app/web"
)

// newRequestID is a fresh request id: 16 characters of URL-safe base64.
func newRequestID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failing is not recoverable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// handleError is Fiber's error handler: JSON clients get problem+json
// from the API, never a page; every other request the pages' error page.
func (a *App) handleError(c *fiber.Ctx, err error) error {
	if a.api != nil && strings.HasPrefix(c.Path(), api.Prefix+"/") {
		return a.api.HandleError(c, err)
	}
	return a.web.HandleError(c, err)
}

// observe gives each request an id (kept from X-Request-Id when sane),
// recovers panics into 500s, counts the request for /metrics and logs it.
func (a *App) observe(c *fiber.Ctx) (err error) {
	start := time.Now() // wall clock: measures the request's duration
	id := c.Get(fiber.HeaderXRequestID)
	if id == "" || len(id) > 64 {
		id = newRequestID()
	}
	c.Locals(render.LocalRequestID, id)
	c.Set(fiber.HeaderXRequestID, id)
	a.metrics.inFlight.Add(1)
	defer func() {
		a.metrics.inFlight.Add(-1)
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
		if err != nil {
			if herr := a.handleError(c, err); herr != nil {
				c.Status(fiber.StatusInternalServerError)
			}
			err = nil
		}
		status := c.Response().StatusCode()
		dur := time.Since(start)
		a.metrics.observe(c.Method(), status, dur)
		if c.Path() != "/healthz" && c.Path() != "/metrics" {
			a.log.Info("request", "method", c.Method(), "path", c.Path(), "status", status,
				"ms", dur.Milliseconds(), "user_id", web.ActorID(c), "request_id", id)
		}
	}()
	return c.Next()
}

// securityHeaders sets the headers every answer carries; with an https
// public URL also HSTS (a year), so a browser that has seen the site once
// never tries it over plain http again.
func (a *App) securityHeaders(c *fiber.Ctx) error {
	if a.hsts {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000")
	}
	c.Set("Content-Security-Policy", render.ContentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	return c.Next()
}

// rejectBadText refuses a request whose query or form (names, values,
// upload file names) holds a NUL byte or text that is not UTF-8: no page
// of ours sends them and PostgreSQL cannot store them, so they are refused
// before any handler reads them.
func rejectBadText(c *fiber.Ctx) error {
	bad := false
	check := func(k, v []byte) {
		bad = bad || !utf8.Valid(k) || !utf8.Valid(v) || bytes.IndexByte(k, 0) >= 0 || bytes.IndexByte(v, 0) >= 0
	}
	c.Request().URI().QueryArgs().VisitAll(check)
	if c.Method() == fiber.MethodPost {
		c.Request().PostArgs().VisitAll(check)
		if form, err := c.MultipartForm(); err == nil {
			for k, vs := range form.Value {
				for _, v := range vs {
					check([]byte(k), []byte(v))
				}
			}
			for _, fhs := range form.File {
				for _, fh := range fhs {
					check(nil, []byte(fh.Filename))
				}
			}
		}
	}
	if bad {
		return render.ErrBadText
	}
	return c.Next()
}
