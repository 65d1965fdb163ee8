package app

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
)

const localRequestID = "request_id"

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// observe gives each request an id (kept from X-Request-Id when sane),
// recovers panics into 500s, counts the request for /metrics and logs it.
func (a *App) observe(c *fiber.Ctx) (err error) {
	start := time.Now()
	id := c.Get(fiber.HeaderXRequestID)
	if id == "" || len(id) > 64 {
		id = randomToken()[:16]
	}
	c.Locals(localRequestID, id)
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
				"ms", dur.Milliseconds(), "user_id", actor(c).UserID, "request_id", id)
		}
	}()
	return c.Next()
}

// contentSecurityPolicy allows only the site's own scripts and styles: no
// inline script anywhere. Framing is refused except on routes meant to be
// embedded, which set their own frame-ancestors.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	return c.Next()
}
