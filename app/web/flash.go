package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/i18n"
	"planboard/domain"
)

// After every action a short message at the top of the
// next page, in role="status", without JavaScript. The action keeps the
// message in the server-side session (sessions.flash); the next full page
// (a.page) shows it once and clears it. Anonymous pages (login, password)
// have no session and keep their own query markers.

// done answers a successful write from a form: the one-time message key
// (with its arguments) for the next page, and a 303 to where it goes.
func (a *App) done(c *fiber.Ctx, to, key string, args ...any) error {
	a.flash(c, key, args...)
	return c.Redirect(to, fiber.StatusSeeOther)
}

// flash keeps the message in the signed-in session, in the person's
// language. The write has already happened, so a failure to keep the
// message is logged, not shown as an error.
func (a *App) flash(c *fiber.Ctx, key string, args ...any) {
	a.flashIn(c, i18n.Pick(currentUser(c).Locale), key, args...)
}

// flashIn is flash in a given language.
func (a *App) flashIn(c *fiber.Ctx, lang, key string, args ...any) {
	tok, _ := c.Locals(localToken).(string)
	if tok == "" {
		return
	}
	msg := a.pages.Cat.T(lang, key, args...)
	if err := a.store.SetFlash(c.UserContext(), tok, msg); err != nil {
		a.log.Error("keep flash", "err", err)
	}
}

// showsFlash tells whether this request renders a page that shows the
// message: a GET of a full page, not the inbox count a page polls, a
// script's fetch or the print view.
func showsFlash(c *fiber.Ctx) bool {
	return c.Method() == fiber.MethodGet && c.Path() != "/notifications/count" &&
		c.Get("X-Requested-With") != "fetch" && !strings.HasSuffix(c.Path(), "/print")
}

// takeFlash returns the session's one-time message and clears it ("" for none).
func (a *App) takeFlash(c *fiber.Ctx) string {
	sess, _ := c.Locals(localSession).(domain.Session)
	tok, _ := c.Locals(localToken).(string)
	if sess.Flash == "" || tok == "" || !showsFlash(c) {
		return ""
	}
	if err := a.store.ClearFlash(c.UserContext(), tok); err != nil {
		a.log.Error("clear flash", "err", err)
		return ""
	}
	msg := sess.Flash
	sess.Flash = ""
	c.Locals(localSession, sess)
	return msg
}
