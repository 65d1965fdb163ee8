package service

import (
	"context"
	"strings"
	"time"

	"planboard/domain"
)

// SessionStore is what signing in and out and the password links need:
// the users, the sessions, the login limit and the single-use links.
type SessionStore interface {
	UserByEmail(ctx context.Context, email string) (domain.User, error)
	UserByID(ctx context.Context, id int64) (domain.User, error)
	Actor(ctx context.Context, userID int64) (domain.User, domain.Actor, error)
	CreateSession(ctx context.Context, token string, s domain.Session) error
	DeleteSession(ctx context.Context, token string) error
	RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error
	LoginBlockedUntil(ctx context.Context, email, ip string, now time.Time, window time.Duration, maxEmail, maxIP int) (time.Time, error)
	AccountToken(ctx context.Context, token string, now time.Time) (domain.AccountToken, error)
	RedeemToken(ctx context.Context, token string, now time.Time, passwordHash string) (domain.AccountToken, error)
	RequestReset(ctx context.Context, r domain.ResetRequest, token string, mail domain.Mail, host string) (domain.ResetResult, error)
}

// Passwords compares and makes password hashes within the process's
// hashing limit (bcrypt is tens of milliseconds of CPU: unbounded, a burst
// of logins would starve every other request).
type Passwords interface {
	// Matches compares password with hash; an empty hash is compared
	// against a dummy one of the same cost (so an unknown address takes
	// as long as a wrong password) and never matches.
	Matches(ctx context.Context, hash []byte, password string) (bool, error)
	Hash(ctx context.Context, password string) (string, error)
}

// Login rate limit, counted in PostgreSQL so every replica sees the same
// numbers. Failures are counted per account and client address, and per
// client address: nobody can lock another person out by failing to sign
// in as them from elsewhere.
const (
	loginWindow     = 15 * time.Minute
	loginMaxAccount = 10 // failures per account from one client address within the window
	loginMaxIP      = 50 // failures per client address within the window
)

// Password-reset limits (docs/accounts.md), counted in PostgreSQL so that every
// replica sees the same numbers, and the same for known and unknown
// addresses: one request per address per 5 minutes (a mail a person waits
// for arrives in that time), 20 per client address per 15 minutes.
const (
	resetAddressEvery = 5 * time.Minute
	resetClientWindow = 15 * time.Minute
	resetClientMax    = 20
)

// Login is a sign-in as the form sends it.
type Login struct {
	Email, Password string
	IP              string        // the client's address (the limit counts it)
	OldSession      string        // the session the browser brought, ended on success
	CSRFToken       string        // the new session's CSRF token (made by the web surface)
	Lifetime        time.Duration // how long the session lasts, used or not
	WithActor       bool          // load the person's roles too (for their start page)
}

// SignedIn is a started session: its token (the cookie's value) and record,
// and the person (with Actor when asked for and readable).
type SignedIn struct {
	User    domain.User
	Actor   domain.Actor
	Token   string
	Session domain.Session
}

// The answers of a refused sign-in.
var (
	ErrLoginRequired = &domain.Error{Code: domain.EInvalid, Message: "login.required"}
	ErrLoginInvalid  = &domain.Error{Code: domain.EUnauthorized, Message: "login.invalid"}
)

// LoginLimited is the answer while the account or the client address has
// failed too often lately: no password is checked until Until.
type LoginLimited struct{ Until time.Time }

func (e *LoginLimited) Error() string { return "login.too_many until " + e.Until.Format(time.RFC3339) }

// Login checks the password and starts a new session with a fresh random
// token (never one the browser brought). Errors: ErrLoginRequired,
// *LoginLimited, ErrLoginInvalid (with SignedIn.User the account the
// address names, if any: the failure is counted and audited against it).
func (s *Service) Login(ctx context.Context, in Login) (SignedIn, error) {
	if in.Email == "" || in.Password == "" {
		return SignedIn{}, ErrLoginRequired
	}
	now := s.now()
	until, err := s.store.LoginBlockedUntil(ctx, in.Email, in.IP, now, loginWindow, loginMaxAccount, loginMaxIP)
	if err != nil {
		return SignedIn{}, err
	}
	if until.After(now) {
		return SignedIn{}, &LoginLimited{Until: until}
	}
	user, err := s.store.UserByEmail(ctx, in.Email)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return SignedIn{}, err
	}
	var hash []byte
	if err == nil {
		hash = []byte(user.PasswordHash)
	}
	ok, err := s.passwords.Matches(ctx, hash, in.Password)
	if err != nil {
		return SignedIn{}, err
	}
	if !ok || user.ID == 0 {
		if err := s.store.RecordLoginFailure(ctx, in.Email, in.IP, s.now()); err != nil {
			return SignedIn{}, err
		}
		return SignedIn{User: user}, ErrLoginInvalid
	}
	if in.OldSession != "" {
		_ = s.store.DeleteSession(ctx, in.OldSession) // gone already is as good
	}
	now = s.now()
	out := SignedIn{User: user, Token: s.token(),
		Session: domain.Session{UserID: user.ID, CSRFToken: in.CSRFToken, CreatedAt: now, ExpiresAt: now.Add(in.Lifetime)}}
	if err := s.store.CreateSession(ctx, out.Token, out.Session); err != nil {
		return SignedIn{}, err
	}
	if in.WithActor {
		if _, who, err := s.store.Actor(ctx, user.ID); err == nil {
			out.Actor = who
		}
	}
	return out, nil
}

// Logout ends the session of token (none: nothing to do).
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.store.DeleteSession(ctx, token)
}

// PasswordReset is a request for a password-reset link.
type PasswordReset struct {
	Email string // as typed; normalised here
	IP    string
	Lang  string // the page's language, for an address nobody has
	Host  string // the Message-ID's host
	// Mail renders the mail carrying the link of token in lang.
	Mail func(lang, token string) domain.Mail
}

// RequestPasswordReset plans a reset mail when the address belongs to
// someone, and does the same work whether it does or not: the limits count
// every address and storage does the same statements (Store.RequestReset).
// The result's BlockedUntil is set when a limit refused the request.
// Errors: EInvalid "email".
func (s *Service) RequestPasswordReset(ctx context.Context, in PasswordReset) (domain.ResetResult, error) {
	email := NormEmail(in.Email)
	if err := domain.CheckEmail("email", email); err != nil {
		return domain.ResetResult{}, err
	}
	lang := in.Lang
	if u, err := s.store.UserByEmail(ctx, email); err == nil {
		lang = u.Locale
	}
	token := s.token()
	req := domain.ResetRequest{Email: email, IP: in.IP, At: s.now(),
		AddressEvery: resetAddressEvery, ClientWindow: resetClientWindow, ClientMax: resetClientMax}
	return s.store.RequestReset(ctx, req, token, in.Mail(lang, token), in.Host)
}

// NormEmail is how typed addresses are compared and stored.
func NormEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// PasswordLink is a live single-use link (a reset or an invitation) and
// its person.
type PasswordLink struct {
	Token domain.AccountToken
	User  domain.User
}

// PasswordLink reads a live link. Errors: ENotFound (used, expired, unknown).
func (s *Service) PasswordLink(ctx context.Context, token string) (PasswordLink, error) {
	t, err := s.store.AccountToken(ctx, token, s.now())
	if err != nil {
		return PasswordLink{}, err
	}
	u, err := s.store.UserByID(ctx, t.UserID)
	if err != nil {
		return PasswordLink{}, err
	}
	return PasswordLink{Token: t, User: u}, nil
}

// NewPassword is the set-password form of a link.
type NewPassword struct{ Token, Password, Confirm string }

// SetPassword spends the link: the password is set and every session of
// its person ends (storage, RedeemToken). The link is returned with every
// answer but not found, so a refused form can be shown again. Errors:
// ENotFound (the link is dead, or spent by a concurrent request), EInvalid
// ("password", "confirm").
func (s *Service) SetPassword(ctx context.Context, in NewPassword) (PasswordLink, error) {
	link, err := s.PasswordLink(ctx, in.Token)
	if err != nil {
		return link, err
	}
	if err := CheckNewPassword(in.Password, in.Confirm, link.User.Email); err != nil {
		return link, err
	}
	hash, err := s.passwords.Hash(ctx, in.Password)
	if err != nil {
		return link, err
	}
	if link.Token, err = s.store.RedeemToken(ctx, in.Token, s.now(), hash); err != nil {
		return link, err
	}
	return link, nil
}

// CheckNewPassword applies the password rule and the confirmation.
func CheckNewPassword(password, confirm, email string) error {
	if err := domain.CheckPassword("password", password, email); err != nil {
		return err
	}
	if password != confirm {
		return domain.FieldError("confirm", "password.mismatch")
	}
	return nil
}
