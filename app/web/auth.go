package web

import (
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"planboard/domain"
)

// bcryptCost is the work factor for password hashes (about 50 ms here).
const bcryptCost = 11

// HashPassword returns a bcrypt hash of password.
func HashPassword(password string) (string, error) {
	b, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	return string(b), err
}

// dummyHash is compared against when the e-mail is unknown, so that a wrong
// e-mail takes as long as a wrong password and reveals nothing.
// It is computed on first use, not at start-up.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("planboard-dummy-password"), bcryptCost)
	return h
})

type loginPage struct {
	Page
	Email   string
	Next    string
	Error   string
	Minutes int // with Error "login.too_many": minutes until the next try
}

// Login rate limit, counted in PostgreSQL so every replica sees the same numbers.
const (
	loginWindow     = 15 * time.Minute
	loginMaxAccount = 10 // failures per account within the window
	loginMaxIP      = 50 // failures per client address within the window
)

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

// login checks the password and starts a new session: a fresh random id
// (never one the browser brought) and a fresh CSRF token.
func (a *App) login(c *fiber.Ctx) error {
	email := domain.StripLine(c.FormValue("email")) // shown in the audit log: no invisible characters
	password := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	fail := func(key string) error {
		return a.render(c, fiber.StatusUnauthorized, "login", loginPage{Page: a.page(c, "login.title"), Email: email, Next: next, Error: key})
	}
	if email == "" || password == "" {
		return fail("login.required")
	}
	if blocked, err := a.loginBlocked(c, email); err != nil || blocked {
		return err
	}
	user, err := a.store.UserByEmail(c.UserContext(), email)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return err
	}
	hash := []byte(user.PasswordHash)
	if err != nil || len(hash) == 0 {
		hash = dummyHash()
	}
	ok, err := passwordMatches(c.UserContext(), hash, password)
	if err != nil {
		return err
	}
	if !ok || user.ID == 0 {
		a.log.Info("login failed", "email", email, "ip", c.IP(), "request_id", requestID(c))
		if err := a.store.RecordLoginFailure(c.UserContext(), email, c.IP(), a.now()); err != nil {
			return err
		}
		a.audit(c, domain.AuditEntry{Action: domain.AuditLoginFailed, TargetUserID: user.ID, TargetEmail: normEmail(email)})
		return fail("login.invalid")
	}
	if old := c.Cookies(sessionCookie); old != "" {
		_ = a.store.DeleteSession(c.UserContext(), old)
	}
	now := a.now()
	token := randomToken()
	sess := domain.Session{UserID: user.ID, CSRFToken: randomToken(), CreatedAt: now, ExpiresAt: now.Add(a.cfg.SessionMax)}
	if err := a.store.CreateSession(c.UserContext(), token, sess); err != nil {
		return err
	}
	a.setCookie(c, sessionCookie, token, sess.ExpiresAt)
	a.setCookie(c, anonCSRFCookie, "", time.Unix(0, 0))
	a.audit(c, domain.AuditEntry{Action: domain.AuditLogin, ActorID: user.ID, ActorEmail: user.Email, TargetUserID: user.ID, TargetEmail: user.Email})
	a.log.Info("login", "user_id", user.ID, "ip", c.IP(), "request_id", requestID(c))
	if next == "/" { // no page asked for: each role's own start (issue 14.5)
		if _, who, err := a.store.Actor(c.UserContext(), user.ID); err == nil {
			next = landing(who, next)
		}
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// logout destroys the session and its CSRF token.
func (a *App) logout(c *fiber.Ctx) error {
	if token, _ := c.Locals(localToken).(string); token != "" {
		if err := a.store.DeleteSession(c.UserContext(), token); err != nil {
			return err
		}
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

// loginBlocked answers 429 with the minutes to wait when the account or the
// client address has failed too often lately; the password is not checked then.
func (a *App) loginBlocked(c *fiber.Ctx, email string) (bool, error) {
	now := a.now()
	until, err := a.store.LoginBlockedUntil(c.UserContext(), email, c.IP(), now, loginWindow, loginMaxAccount, loginMaxIP)
	if err != nil || !until.After(now) {
		return false, err
	}
	minutes := int((until.Sub(now) + time.Minute - 1) / time.Minute)
	a.audit(c, domain.AuditEntry{Action: domain.AuditLoginLimited, TargetEmail: normEmail(email)})
	p := loginPage{Page: a.page(c, "login.title"), Email: email, Next: safeNext(c.FormValue("next")), Error: "login.too_many", Minutes: minutes}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(minutes*60))
	return true, a.render(c, fiber.StatusTooManyRequests, "login", p)
}

// TooMany is the rate-limit message with the minutes to wait, declined.
func (p loginPage) TooMany() string { return p.T("login.too_many", minutesText(p.Page, p.Minutes)) }

// minutesText is "n minutes" in the page's language, declined for n.
func minutesText(p Page, n int) string {
	form := "many"
	switch {
	case n%10 == 1 && n%100 != 11:
		form = "one"
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		form = "few"
	}
	return p.T("minutes."+form, n)
}

// orErr returns err when set, else rendered (the result of rendering an answer).
func orErr(err, rendered error) error {
	if err != nil {
		return err
	}
	return rendered
}
