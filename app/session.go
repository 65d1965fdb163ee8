package app

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

const (
	sessionCookie  = "pb_session"
	anonCSRFCookie = "pb_csrf"
	localUser      = "user"
	localActor     = "actor"
	localSession   = "session"
	localToken     = "session_token"
	localCSRF      = "csrf"
)

// randomToken returns 32 random bytes, URL-safe encoded.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failing is not recoverable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func (a *App) setCookie(c *fiber.Ctx, name, value string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: name, Value: value, Path: "/", Expires: expires,
		HTTPOnly: true, Secure: a.cfg.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode})
}

// loadSession attaches the logged-in user, their actor (for the policy) and
// the session's CSRF token to the request. Anonymous visitors get a CSRF
// cookie of their own so that the login form is protected as well.
func (a *App) loadSession(c *fiber.Ctx) error {
	if token := c.Cookies(sessionCookie); token != "" {
		ctx := c.UserContext()
		now := a.now()
		sess, user, actor, err := a.store.SessionActor(ctx, token, now, a.cfg.SessionIdle)
		switch {
		case err == nil:
			// keep idle tracking without a write per request; the inbox
			// count that an open page polls is not activity, so a
			// forgotten tab does not keep its session alive
			if now.Sub(sess.LastSeenAt) > time.Minute && c.Path() != "/notifications/count" {
				if err := a.store.TouchSession(ctx, token, now); err != nil {
					return err
				}
			}
			c.Locals(localUser, user)
			c.Locals(localActor, actor)
			c.Locals(localSession, sess)
			c.Locals(localToken, token)
			c.Locals(localCSRF, sess.CSRFToken)
			return c.Next()
		case domain.ErrorCode(err) == domain.ENotFound:
			a.setCookie(c, sessionCookie, "", time.Unix(0, 0)) // expired or revoked
		default:
			return err
		}
	}
	tok := c.Cookies(anonCSRFCookie)
	if len(tok) < 32 {
		tok = randomToken()
		a.setCookie(c, anonCSRFCookie, tok, time.Time{})
	}
	c.Locals(localCSRF, tok)
	return c.Next()
}

func csrfToken(c *fiber.Ctx) string {
	s, _ := c.Locals(localCSRF).(string)
	return s
}

// checkCSRF refuses every state-changing request whose token (form field
// _csrf or header X-CSRF-Token) does not match the session's.
func (a *App) checkCSRF(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	want := csrfToken(c)
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf") // url-encoded and multipart forms alike
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	return c.Next()
}

// errCSRF is answered with 403 and a page that says to reload the form.
var errCSRF = &domain.Error{Code: domain.EForbidden, Message: "error.csrf"}

// actor returns the policy's view of the current user (zero when anonymous).
func actor(c *fiber.Ctx) domain.Actor {
	a, _ := c.Locals(localActor).(domain.Actor)
	return a
}

// requireLogin sends anonymous visitors to the login page (or answers 401 to
// non-page requests).
func (a *App) requireLogin(c *fiber.Ctx) error {
	if actor(c).UserID != 0 {
		return c.Next()
	}
	if c.Method() == fiber.MethodGet && !strings.HasPrefix(c.Path(), "/api/") {
		return c.Redirect("/login?next="+urlQueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
	}
	return &domain.Error{Code: domain.EUnauthorized, Message: "error.unauthorized"}
}
