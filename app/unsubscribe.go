package app

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"planboard/app/i18n"
	"planboard/app/mail"
)

// One-click unsubscribe from digests (RFC 8058): every digest and monthly
// summary carries List-Unsubscribe with a link of its own recipient,
// /unsubscribe/{user id}.{mac}, and List-Unsubscribe-Post. The MAC (HMAC-
// SHA256 under a secret kept in the database) is the credential: no login,
// no CSRF token, since the link can only switch its owner's digests off.

type unsubscribePage struct {
	Page
	Token string
	Done  bool
}

// unsubscribeUser resolves the link's token to its user id (0: forged),
// for the use cases.
func (a *App) unsubscribeUser(ctx context.Context, token string) (int64, error) {
	key, err := a.mailer.UnsubscribeKey(ctx)
	if err != nil {
		return 0, err
	}
	return mail.UnsubscribeUser(key, token), nil
}

// showUnsubscribe asks to confirm (a link opened in a browser must not act
// by itself: mail scanners open links).
func (a *App) showUnsubscribe(c *fiber.Ctx) error {
	u, err := a.svc.UnsubscribeTarget(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	p := a.page(c, "unsubscribe.title")
	p.Lang = i18n.Pick(u.Locale)
	p.Title = p.T("unsubscribe.title")
	return a.render(c, fiber.StatusOK, "unsubscribe", unsubscribePage{Page: p, Token: c.Params("token")})
}

// unsubscribe switches the link owner's digests off: the one-click POST of
// a mail client (body List-Unsubscribe=One-Click) or the page's button.
func (a *App) unsubscribe(c *fiber.Ctx) error {
	u, err := a.svc.Unsubscribe(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	p := a.page(c, "unsubscribe.title")
	p.Lang = i18n.Pick(u.Locale)
	p.Title = p.T("unsubscribe.done")
	return a.render(c, fiber.StatusOK, "unsubscribe", unsubscribePage{Page: p, Done: true})
}
