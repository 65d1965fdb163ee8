package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"
)

// The anonymous CSRF token (the login, reset and set-password forms) is
// signed with the instance's secret (app_secrets "csrf"): random.mac. A
// cookie the client chose, or one tossed by a sibling host, is not
// accepted as a token, so a forged login form cannot carry a value the
// attacker knows (login CSRF). Over HTTPS the cookie is also __Host-
// prefixed, which a browser lets no other host set. A signed-in person's
// token is the session's own (sessions.csrf_token), bound to it.
// docs/security-hardening.md.

// anonCSRFKey is the instance secret that signs anonymous tokens, loaded
// once (created on first use by the store).
type anonCSRFKey struct {
	mu  sync.Mutex
	key []byte
}

func (k *anonCSRFKey) get(ctx context.Context, load func(context.Context, string) ([]byte, error)) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.key == nil {
		key, err := load(ctx, "csrf")
		if err != nil {
			return nil, err
		}
		k.key = key
	}
	return k.key, nil
}

func anonCSRFMAC(key []byte, random string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("pb-anon-csrf|" + random))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// newAnonCSRF is a fresh signed anonymous token.
func newAnonCSRF(key []byte) string {
	r := randomToken()
	return r + "." + anonCSRFMAC(key, r)
}

// validAnonCSRF reports whether tok is a token this instance signed.
func validAnonCSRF(key []byte, tok string) bool {
	r, mac, ok := strings.Cut(tok, ".")
	return ok && len(r) >= 32 && hmac.Equal([]byte(mac), []byte(anonCSRFMAC(key, r)))
}

// anonCSRFName is the anonymous token's cookie: __Host- prefixed over
// HTTPS (only this exact host, path /, Secure can set it).
func (a *App) anonCSRFName() string {
	if a.cfg.SecureCookies {
		return "__Host-" + anonCSRFCookie
	}
	return anonCSRFCookie
}
