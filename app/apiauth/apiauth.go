// Package apiauth authenticates API requests by personal access token
// ("Authorization: Bearer pbt_…") and limits each token's request rate.
// It has no HTTP framework in it, so that the JSON API (and anything else)
// can use it: the caller passes the header's value and maps the errors.
package apiauth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"planboard/domain"
)

// tokenBytes is how much randomness a token carries.
const tokenBytes = 32

// tokenLen is the length of a token: the prefix and 32 bytes in base64url.
var tokenLen = len(domain.APITokenPrefix) + base64.RawURLEncoding.EncodedLen(tokenBytes)

// NewToken returns a fresh personal access token: "pbt_" and 32 random
// bytes, base64url without padding (47 characters).
func NewToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return domain.APITokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// Hash is what storage keeps of a token: its SHA-256.
func Hash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// WellFormed reports whether s looks like a token NewToken makes, so that
// garbage is refused without a database lookup.
func WellFormed(s string) bool {
	if len(s) != tokenLen || !strings.HasPrefix(s, domain.APITokenPrefix) {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(s[len(domain.APITokenPrefix):])
	return err == nil
}

// ParseBearer takes the token out of an Authorization header value
// ("Bearer pbt_…", the scheme in any case). ok is false when the header is
// missing, of another scheme or holds no well-formed token.
func ParseBearer(header string) (token string, ok bool) {
	scheme, rest, found := strings.Cut(strings.TrimSpace(header), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(rest)
	return token, WellFormed(token)
}

// Errors of Authenticate: the API answers 401 for the first two (with
// "WWW-Authenticate: Bearer"), 429 with Retry-After for the last.
var (
	ErrNoToken = errors.New("apiauth: no bearer token")
	ErrInvalid = errors.New("apiauth: token unknown, revoked or expired")
)

// RateLimitedError says a token sent too many requests; RetryAfter is the
// whole number of seconds to wait (the Retry-After header's value).
type RateLimitedError struct{ RetryAfter int }

func (e *RateLimitedError) Error() string { return "apiauth: rate limited" }

// Store is what authentication needs from storage.
type Store interface {
	// APITokenByValue returns the live token (ErrNotFound otherwise) and
	// records its use at now.
	APITokenByValue(ctx context.Context, token string, now time.Time) (domain.APIToken, error)
	Actor(ctx context.Context, userID int64) (domain.User, domain.Actor, error)
}

// Principal is who an API request acts as: the token's user with all of
// their memberships, and the token (its scope says whether writes are allowed).
type Principal struct {
	Token domain.APIToken
	User  domain.User
	Actor domain.Actor
}

// Authenticator checks bearer tokens and applies the per-token rate limit.
type Authenticator struct {
	Store   Store
	Now     func() time.Time
	Limiter *Limiter // nil: no limit
}

// Authenticate resolves the Authorization header value to a Principal.
// Errors: ErrNoToken, ErrInvalid, *RateLimitedError, or a storage error.
func (a *Authenticator) Authenticate(ctx context.Context, authorization string) (Principal, error) {
	if strings.TrimSpace(authorization) == "" {
		return Principal{}, ErrNoToken
	}
	token, ok := ParseBearer(authorization)
	if !ok {
		return Principal{}, ErrInvalid
	}
	now := a.Now()
	t, err := a.Store.APITokenByValue(ctx, token, now)
	if domain.ErrorCode(err) == domain.ENotFound {
		return Principal{}, ErrInvalid
	}
	if err != nil {
		return Principal{}, err
	}
	if a.Limiter != nil {
		if ok, wait := a.Limiter.Allow(t.ID, now); !ok {
			return Principal{}, &RateLimitedError{RetryAfter: wait}
		}
	}
	u, act, err := a.Store.Actor(ctx, t.UserID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return Principal{}, ErrInvalid
	}
	if err != nil {
		return Principal{}, err
	}
	return Principal{Token: t, User: u, Actor: act}, nil
}
