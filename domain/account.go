package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// TokenKind says what a single-use link sent by mail is for.
type TokenKind string

// Token kinds; they are also the Kind of the mail that carries the link.
const (
	TokenInvitation TokenKind = "invitation"
	TokenReset      TokenKind = "password_reset"
)

// Lifetimes of the single-use links.
const (
	InvitationTTL = 7 * 24 * time.Hour
	ResetTTL      = time.Hour
)

// AccountToken is a single-use link to set a password. The link carries a
// random token; only its SHA-256 hash is stored.
type AccountToken struct {
	ID        int64
	Kind      TokenKind
	UserID    int64
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Invitation asks someone (new or existing) to join an institution as
// director or staff, or a founder as founder.
type Invitation struct {
	Email         string
	FullName      string
	Position      string
	Locale        string
	Role          Role
	InstitutionID int64 // for director and staff
	FounderID     int64 // for founder
	InvitedBy     int64
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// CheckPassword applies the password rule: at least MinPasswordLength
// characters and not the e-mail address. field names the form field.
func CheckPassword(field, password, email string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength ||
		strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(email)) {
		return FieldError(field, "password.rule")
	}
	return nil
}

// Locales a user may choose.
var Locales = []string{"ru", "en"}

// ValidLocale reports whether l is a supported interface language.
func ValidLocale(l string) bool { return l == "ru" || l == "en" }

// Audit actions.
const (
	AuditLogin          = "login"
	AuditLoginFailed    = "login_failed"
	AuditLoginLimited   = "login_limited"
	AuditInvitation     = "invitation"
	AuditInviteAccepted = "invitation_accepted"
	AuditRoleChanged    = "role_changed"
	AuditMemberRemoved  = "member_removed"
	AuditPasswordChange = "password_changed"
	AuditResetRequested = "password_reset_requested"
	AuditPasswordReset  = "password_reset"
	AuditFounderCreated = "founder_created"
	AuditInstCreated    = "institution_created"
	AuditTemplateImport = "template_imported" // a plan template made from a file
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID            int64
	At            time.Time
	ActorID       int64
	ActorEmail    string
	Action        string
	TargetUserID  int64
	TargetEmail   string
	InstitutionID int64
	IP            string
	Detail        string
}
