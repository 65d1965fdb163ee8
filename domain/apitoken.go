package domain

import (
	"time"
	"unicode/utf8"
)

// APIScope is what a personal access token lets its holder do through the
// API: read only, or read and write (within the user's own rights: a token
// never gives more than its user has).
type APIScope string

// Token scopes.
const (
	APIRead  APIScope = "read"
	APIWrite APIScope = "write"
)

// Valid reports whether s is a known scope.
func (s APIScope) Valid() bool { return s == APIRead || s == APIWrite }

// APITokenPrefix starts every personal access token, so that a leaked token
// is recognisable (secret scanners, logs) and never mistaken for a password.
const APITokenPrefix = "pbt_"

// APITokenLifetimes are the expiries a user may choose, in days; 0 is "never".
var APITokenLifetimes = []int{30, 90, 365, 0}

// APITokenTouchEvery is how stale a token's recorded last use may get: a
// busy client would otherwise write a row on every request.
const APITokenTouchEvery = time.Minute

// MaxAPITokenName is the longest token name, in characters.
const MaxAPITokenName = 100

// MaxAPITokensPerUser is how many live (neither revoked nor expired)
// tokens one person may have: each token has its own rate limit, so
// without a cap tokens would multiply it. docs/security-hardening.md.
const MaxAPITokensPerUser = 10

// APIToken is a personal access token. Only the SHA-256 hash of the token
// is stored; Hint is its last four characters, to tell tokens apart.
type APIToken struct {
	ID         int64
	UserID     int64
	UserEmail  string // for the admin's list
	Name       string
	Scope      APIScope
	Hint       string
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: never expires
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero: live
	RevokedBy  int64
}

// Live reports whether the token may be used at now: not revoked and not expired.
func (t APIToken) Live(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// CanWrite reports whether the token allows changes.
func (t APIToken) CanWrite() bool { return t.Scope == APIWrite }

// NewAPIToken is what a user asks for on the tokens page.
type NewAPIToken struct {
	Name  string
	Scope APIScope
	Days  int // one of APITokenLifetimes; 0: never expires
}

// Check validates the request; errors name the form fields.
func (n NewAPIToken) Check() error {
	var errs FieldErrors
	name := errs.Line("name", n.Name) // the one text rule: a token's name is one line
	if name == "" || utf8.RuneCountInString(name) > MaxAPITokenName {
		errs.Add("name", "tokens.name.invalid")
	}
	if !n.Scope.Valid() {
		errs.Add("scope", "tokens.scope.invalid")
	}
	valid := false
	for _, d := range APITokenLifetimes {
		valid = valid || d == n.Days
	}
	if !valid {
		errs.Add("days", "tokens.days.invalid")
	}
	return errs.Err()
}

// Expiry is when a token made at now with this lifetime expires (zero: never).
func (n NewAPIToken) Expiry(now time.Time) time.Time {
	if n.Days == 0 {
		return time.Time{}
	}
	return now.AddDate(0, 0, n.Days)
}

// Audit actions of tokens and webhooks.
const (
	AuditAPITokenCreated = "api_token_created"
	AuditAPITokenRevoked = "api_token_revoked"
	AuditWebhookCreated  = "webhook_created"
	AuditWebhookChanged  = "webhook_changed"
	AuditWebhookRotated  = "webhook_secret_rotated"
)
