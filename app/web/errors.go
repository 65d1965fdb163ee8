package web

import (
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"

	"planboard/app/internal/render"
	"planboard/app/internal/status"
	"planboard/domain"
)

type errorPage struct {
	Page
	Heading   string
	Message   string
	RequestID string
}

// statusOf is the HTTP status of a domain error code (app/internal/status,
// shared by every surface).
func statusOf(code string) int { return status.Of(code) }

// requestID is the request's id (set by package app's observe).
func requestID(c *fiber.Ctx) string { return render.RequestID(c) }

// handleError renders an error (package app's error handler, for every
// request outside the API): domain errors become their status
// and a page in the user's language; anything else is logged once with the
// request id and shown as a plain apology.
func (a *App) handleError(c *fiber.Ctx, err error) error {
	code, status, key := domain.EInternal, fiber.StatusInternalServerError, "error.internal"
	var fe *fiber.Error
	var de *domain.Error
	switch {
	case errors.As(err, &fe):
		status = fe.Code
		switch fe.Code {
		case fiber.StatusNotFound, fiber.StatusMethodNotAllowed:
			code, key = domain.ENotFound, "error.not_found"
		case fiber.StatusRequestEntityTooLarge:
			code, key = domain.EInvalid, "error.too_large"
		default:
			code, key = domain.EInvalid, "error.invalid"
		}
	case errors.As(err, &de):
		code, status = de.Code, statusOf(de.Code)
		key = "error." + de.Code
		if de == errCSRF || de == render.ErrBadText {
			key = de.Message
		}
	default:
		if domain.ErrorCode(err) == domain.EInvalid {
			code, status, key = domain.EInvalid, statusOf(domain.EInvalid), "error.invalid"
		}
	}
	if errors.Is(err, context.DeadlineExceeded) && c.UserContext().Err() != nil {
		// The request's own deadline (withDeadline) ran out while it waited:
		// busy, not broken.
		status, key = fiber.StatusServiceUnavailable, "error.busy"
		c.Set(fiber.HeaderRetryAfter, render.RetryAfterBusy)
		a.log.Warn("request ran out of time", "method", c.Method(), "path", c.Path(), "request_id", requestID(c))
	} else if status >= 500 {
		a.log.Error("request failed", "err", err, "method", c.Method(), "path", c.Path(), "request_id", requestID(c))
		if a.ready != nil && a.ready(c.UserContext()) != nil {
			status, key = fiber.StatusServiceUnavailable, "error.unavailable"
		}
	}
	if code == domain.EUnauthorized && c.Method() == fiber.MethodGet {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	p := errorPage{Page: a.page(c, key+".heading"), Heading: key + ".heading", Message: key}
	if status >= 500 {
		p.RequestID = requestID(c)
	}
	if status == fiber.StatusRequestEntityTooLarge {
		p.Message = p.T("evidence.too_large", itoa(a.cfg.MaxUploadMB)) // the limit, stated
	}
	if rerr := a.render(c, status, "error", p); rerr != nil {
		return c.Status(status).SendString(p.T(key))
	}
	return nil
}
