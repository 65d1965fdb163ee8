package mail

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"sync"
)

// One-click unsubscribe from digests (RFC 8058): every digest and monthly
// summary carries List-Unsubscribe with a link of its own recipient; the
// MAC (HMAC-SHA256 under a secret kept in the database) is the credential.

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

// UnsubscribeToken is the path segment of a user's unsubscribe link.
func UnsubscribeToken(key []byte, userID int64) string {
	return strconv.FormatInt(userID, 10) + "." + unsubscribeMAC(key, userID)
}

// UnsubscribeUser checks a token and returns its user id (0 if forged).
func UnsubscribeUser(key []byte, token string) int64 {
	id, mac, ok := strings.Cut(token, ".")
	uid, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || uid <= 0 || !hmac.Equal([]byte(mac), []byte(unsubscribeMAC(key, uid))) {
		return 0
	}
	return uid
}

// UnsubscribeKey is the unsubscribe links' key (loaded once).
func (m *Mailer) UnsubscribeKey(ctx context.Context) ([]byte, error) {
	return m.secrets.get(ctx, m.store.Secret)
}
