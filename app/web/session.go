package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
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
			// Pages for a signed-in person (names, tasks, the secret
			// calendar URL, CSRF tokens) are never kept by a browser or a
			// proxy cache; handlers that serve files set a stricter value.
			c.Set(fiber.HeaderCacheControl, "no-store")
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
	key, err := a.csrfKey.get(c.UserContext(), a.store.Secret)
	if err != nil {
		return err
	}
	tok := c.Cookies(a.anonCSRFName())
	if !validAnonCSRF(key, tok) { // none, or not one of ours: a fresh signed one
		tok = newAnonCSRF(key)
		a.setCookie(c, a.anonCSRFName(), tok, time.Time{})
	}
	c.Locals(localCSRF, tok)
	return c.Next()
}

func csrfToken(c *fiber.Ctx) string {
	s, _ := c.Locals(localCSRF).(string)
	return s
}

// checkCSRF refuses every state-changing request that a browser sent from
// another site (Origin or Sec-Fetch-Site say so), or whose token does not
// match the session's. The token is read from the form body (field _csrf)
// or the X-CSRF-Token header, never from the URL: a token in a query
// string ends up in logs, history and Referer headers.
func (a *App) checkCSRF(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if !a.sameOrigin(c) {
		return errCrossOrigin
	}
	want := csrfToken(c)
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = bodyCSRF(c)
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	return c.Next()
}

// bodyCSRF is the _csrf field of a url-encoded or multipart body. Fiber's
// FormValue would also take it from the query string.
func bodyCSRF(c *fiber.Ctx) string {
	if v := c.Request().PostArgs().Peek("_csrf"); len(v) > 0 {
		return string(v)
	}
	if form, err := c.MultipartForm(); err == nil && len(form.Value["_csrf"]) > 0 {
		return form.Value["_csrf"][0]
	}
	return ""
}

// sameOrigin reports whether a write may come from where the browser says
// it comes from: not when Sec-Fetch-Site is cross-site, and when an Origin
// is sent, only the site's own: the configured public URL's origin
// (PLANBOARD_BASE_URL) or the request's own scheme and host (which
// X-Forwarded-Proto and -Host set only from trusted proxies). Requests
// without either header (older browsers, curl) rely on the token alone.
func (a *App) sameOrigin(c *fiber.Ctx) bool {
	if strings.EqualFold(c.Get("Sec-Fetch-Site"), "cross-site") {
		return false
	}
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" {
		return true
	}
	o := normOrigin(origin)
	return o != "" && (o == a.origin || o == normOrigin(c.Protocol()+"://"+c.Hostname()))
}

// normOrigin is scheme://host[:port] in lower case without a default port,
// "" for anything else (including the opaque origin "null").
func normOrigin(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return ""
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return strings.ToLower(u.Scheme) + "://" + host
}

// errCSRF is answered with 403 and a page that says to reload the form.
var errCSRF = &domain.Error{Code: domain.EForbidden, Message: "error.csrf"}

// errCrossOrigin is answered with 403: a form of another site posted here.
var errCrossOrigin = &domain.Error{Code: domain.EForbidden, Message: "error.cross_origin"}

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
