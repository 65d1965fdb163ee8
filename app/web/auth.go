package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

type loginPage struct {
	Page
	Email   string
	Next    string
	Error   string
	Minutes int // with Error "login.too_many": minutes until the next try
}

func (a *App) showLogin(c *fiber.Ctx) error {
	if actor(c).UserID != 0 {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	p := loginPage{Page: a.page(c, "login.title"), Next: safeNext(c.Query("next"))}
	if c.Query("done") == "password" {
		p.Flash = p.T("login.password_set")
	}
	return a.render(c, fiber.StatusOK, "login", p)
}

// login reads the form, signs in through the use case (password check,
// limits, the new session: a fresh random id, never one the browser
// brought, and a fresh CSRF token) and sets the cookies.
func (a *App) login(c *fiber.Ctx) error {
	email := domain.StripLine(c.FormValue("email")) // shown in the audit log: no invisible characters
	next := safeNext(c.FormValue("next"))
	fail := func(status int, p loginPage) error {
		p.Page, p.Email, p.Next = a.page(c, "login.title"), email, next
		return a.render(c, status, "login", p)
	}
	in, err := a.svc.Login(c.UserContext(), service.Login{Email: email, Password: c.FormValue("password"), IP: c.IP(),
		OldSession: c.Cookies(sessionCookie), CSRFToken: randomToken(), Lifetime: a.cfg.SessionMax, WithActor: next == "/"})
	var limited *service.LoginLimited
	switch {
	case err == service.ErrLoginRequired:
		return fail(fiber.StatusUnauthorized, loginPage{Error: "login.required"})
	case errors.As(err, &limited):
		// too many failures lately: 429 with the minutes to wait
		minutes := int((limited.Until.Sub(a.now()) + time.Minute - 1) / time.Minute)
		a.audit(c, domain.AuditEntry{Action: domain.AuditLoginLimited, TargetEmail: normEmail(email)})
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(minutes*60))
		return fail(fiber.StatusTooManyRequests, loginPage{Error: "login.too_many", Minutes: minutes})
	case err == service.ErrLoginInvalid:
		a.log.Info("login failed", "email", email, "ip", c.IP(), "request_id", requestID(c))
		a.audit(c, domain.AuditEntry{Action: domain.AuditLoginFailed, TargetUserID: in.User.ID, TargetEmail: normEmail(email)})
		return fail(fiber.StatusUnauthorized, loginPage{Error: "login.invalid"})
	case err != nil:
		return err
	}
	user := in.User
	a.setCookie(c, sessionCookie, in.Token, in.Session.ExpiresAt)
	a.setCookie(c, a.anonCSRFName(), "", time.Unix(0, 0))
	a.audit(c, domain.AuditEntry{Action: domain.AuditLogin, ActorID: user.ID, ActorEmail: user.Email, TargetUserID: user.ID, TargetEmail: user.Email})
	a.log.Info("login", "user_id", user.ID, "ip", c.IP(), "request_id", requestID(c))
	if next == "/" && in.Actor.UserID != 0 { // no page asked for: each role's own start (docs/ux.md §5)
		next = landing(in.Actor, next)
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// logout destroys the session and its CSRF token.
func (a *App) logout(c *fiber.Ctx) error {
	token, _ := c.Locals(localToken).(string)
	if err := a.svc.Logout(c.UserContext(), token); err != nil {
		return err
	}
	a.setCookie(c, sessionCookie, "", time.Unix(0, 0))
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// safeNext keeps redirects after login on this site: only local paths.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsFunc(next, unicode.IsControl) { // browsers drop tabs and newlines: "/\t/evil" is "//evil"
		return "/"
	}
	return next
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// TooMany is the rate-limit message with the minutes to wait, declined.
func (p loginPage) TooMany() string { return p.T("login.too_many", p.Page.MinutesText(p.Minutes)) }

// orErr returns err when set, else rendered (the result of rendering an answer).
func orErr(err, rendered error) error {
	if err != nil {
		return err
	}
	return rendered
}
