package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// One-click unsubscribe from digests (RFC 8058): every digest and monthly
// summary carries List-Unsubscribe with a link of its own recipient,
// /unsubscribe/{user id}.{mac}, and List-Unsubscribe-Post. The MAC (HMAC-
// SHA256 under a secret kept in the database) is the credential: no login,
// no CSRF token, since the link can only switch its owner's digests off.

const unsubscribeSecret = "unsubscribe"

// secrets caches the application's unsubscribe secret.
type secrets struct {
	mu  sync.Mutex
	key []byte
}

func (s *secrets) get(ctx context.Context, load func(context.Context, string) ([]byte, error)) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key == nil {
		k, err := load(ctx, unsubscribeSecret)
		if err != nil {
			return nil, err
		}
		s.key = k
	}
	return s.key, nil
}

func unsubscribeMAC(key []byte, userID int64) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("digests:" + strconv.FormatInt(userID, 10)))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}

// unsubscribeToken is the path segment of a user's unsubscribe link.
func unsubscribeToken(key []byte, userID int64) string {
	return strconv.FormatInt(userID, 10) + "." + unsubscribeMAC(key, userID)
}

// unsubscribeUser checks a token and returns its user id (0 if forged).
func unsubscribeUser(key []byte, token string) int64 {
	id, mac, ok := strings.Cut(token, ".")
	uid, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || uid <= 0 || !hmac.Equal([]byte(mac), []byte(unsubscribeMAC(key, uid))) {
		return 0
	}
	return uid
}

type unsubscribePage struct {
	Page
	Token string
	Done  bool
}

// unsubscribeTarget resolves the :token of the link to its user, or 404.
func (a *App) unsubscribeTarget(c *fiber.Ctx) (domain.User, error) {
	key, err := a.mailer.secrets.get(c.UserContext(), a.store.Secret)
	if err != nil {
		return domain.User{}, err
	}
	uid := unsubscribeUser(key, c.Params("token"))
	if uid == 0 {
		return domain.User{}, domain.ErrNotFound
	}
	return a.store.UserByID(c.UserContext(), uid)
}

// showUnsubscribe asks to confirm (a link opened in a browser must not act
// by itself: mail scanners open links).
func (a *App) showUnsubscribe(c *fiber.Ctx) error {
	u, err := a.unsubscribeTarget(c)
	if err != nil {
		return err
	}
	p := a.page(c, "unsubscribe.title")
	p.Lang = pickLang(u.Locale)
	p.Title = p.T("unsubscribe.title")
	return a.render(c, fiber.StatusOK, "unsubscribe", unsubscribePage{Page: p, Token: c.Params("token")})
}

// unsubscribe switches the link owner's digests off: the one-click POST of
// a mail client (body List-Unsubscribe=One-Click) or the page's button.
func (a *App) unsubscribe(c *fiber.Ctx) error {
	u, err := a.unsubscribeTarget(c)
	if err != nil {
		return err
	}
	s, err := a.store.MailSettings(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	s.Digests = false
	if err := a.store.SaveMailSettings(c.UserContext(), u.ID, s); err != nil {
		return err
	}
	p := a.page(c, "unsubscribe.title")
	p.Lang = pickLang(u.Locale)
	p.Title = p.T("unsubscribe.done")
	return a.render(c, fiber.StatusOK, "unsubscribe", unsubscribePage{Page: p, Done: true})
}
