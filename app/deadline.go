package app

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// withDeadline gives every request a context that ends after d. Fiber's
// own request context never ends (c.UserContext() is context.Background()
// unless set), so without it a request could wait without bound: for a
// database connection when the pool is busy, for the dashboard's single
// reader, for the password-hashing limiter. With it every such wait ends,
// and the request answers 503 with Retry-After (errBusy) instead of hanging
// past the client's patience. A zero d leaves requests unbounded.
func withDeadline(d time.Duration) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if d <= 0 {
			return c.Next()
		}
		ctx, cancel := context.WithTimeout(c.UserContext(), d)
		defer cancel()
		c.SetUserContext(ctx)
		return c.Next()
	}
}
