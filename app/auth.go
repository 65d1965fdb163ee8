package app

import (
	"net/url"
	"strings"
	"sync"
	"time"

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
	Email string
	Next  string
	Error string
}

func (a *App) showLogin(c *fiber.Ctx) error {
	if actor(c).UserID != 0 {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	return a.render(c, fiber.StatusOK, "login", loginPage{Page: a.page(c, "login.title"), Next: safeNext(c.Query("next"))})
}

// login checks the password and starts a new session: a fresh random id
// (never one the browser brought) and a fresh CSRF token.
func (a *App) login(c *fiber.Ctx) error {
	email := strings.TrimSpace(c.FormValue("email"))
	password := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	fail := func(key string) error {
		return a.render(c, fiber.StatusUnauthorized, "login", loginPage{Page: a.page(c, "login.title"), Email: email, Next: next, Error: key})
	}
	if email == "" || password == "" {
		return fail("login.required")
	}
	user, err := a.store.UserByEmail(c.UserContext(), email)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return err
	}
	hash := []byte(user.PasswordHash)
	if err != nil || len(hash) == 0 {
		hash = dummyHash()
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || user.ID == 0 {
		a.log.Info("login failed", "email", email, "ip", c.IP(), "request_id", requestID(c))
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
	a.log.Info("login", "user_id", user.ID, "ip", c.IP(), "request_id", requestID(c))
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
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
