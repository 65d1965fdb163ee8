package render

import (
	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// ErrBadText is answered with 422 and a page naming the problem: the
// request's query or form holds a NUL byte or text that is not UTF-8
// (package app's rejectBadText refuses it before any surface reads it).
var ErrBadText = &domain.Error{Code: domain.EInvalid, Message: "error.bad_text"}

// RetryAfterBusy is how long a request refused for its deadline is told to
// wait, in seconds.
const RetryAfterBusy = "5"

// LocalRequestID is the Fiber local under which package app keeps the
// request's id (X-Request-Id).
const LocalRequestID = "request_id"

// RequestID is the request's id, for logs and the error page.
func RequestID(c *fiber.Ctx) string {
	id, _ := c.Locals(LocalRequestID).(string)
	return id
}
