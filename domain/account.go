package domain

import (
	"net/mail"
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
	OverseerID    int64 // for region
	InvitedBy     int64
}

// ResetRequest is one request for a password-reset link, with the limits
// it is held to: at most one per address per AddressEvery, at most
// ClientMax per client address (IP) per ClientWindow.
type ResetRequest struct {
	Email        string
	IP           string
	At           time.Time
	AddressEvery time.Duration
	ClientWindow time.Duration
	ClientMax    int
}

// ResetResult is what a reset request did: BlockedUntil is set (and
// nothing else happened) when a limit refused it; otherwise User is the
// account that got a link, zero for an unknown address.
type ResetResult struct {
	User         User
	BlockedUntil time.Time
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
	AuditInviteDeclined = "invitation_declined"
	AuditRoleChanged    = "role_changed"
	AuditMemberRemoved  = "member_removed"
	AuditPasswordChange = "password_changed"
	AuditResetRequested = "password_reset_requested"
	AuditPasswordReset  = "password_reset"
	AuditFounderCreated = "founder_created"
	AuditInstCreated    = "institution_created"
	AuditTemplateImport = "template_imported" // a plan template made from a file
	AuditRegionCreated  = "region_created"    // a node of the oversight tree
	AuditRegionAttached = "region_attached"   // a founder put under a node
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

// PendingInvitation is an invitation of someone who already has an
// account (docs/accounts.md): it makes no membership by itself. The person sees
// it when signed in and accepts or declines it; until then the inviter
// sees only the address typed, never the person's name or position.
type PendingInvitation struct {
	ID            int64
	UserID        int64
	Email         string // the address as the inviter typed it
	Role          Role
	InstitutionID int64 // for director and staff
	FounderID     int64 // for founder
	InvitedBy     int64
	CreatedAt     time.Time
	ExpiresAt     time.Time
	// What the invited person is shown: where to, and by whom.
	Where       string
	InviterName string
}

// Invitable is the rule of who may be asked to join where: never the
// admin, never a founder's person into an institution, never an
// institution's person to a founder (a membership inside an institution
// would change what a founder may do there, and back). u's memberships are
// ms. The error is EConflict on field "email", with the message the forms
// show for founder and admin addresses.
func Invitable(u User, ms []Membership, role Role) error {
	refuse := u.IsAdmin
	for _, m := range ms {
		refuse = refuse || m.Role.level() != role.level()
	}
	if refuse {
		return &Error{Code: EConflict, Field: "email", Message: "invite.other_account"}
	}
	return nil
}

// CheckEmail reports whether s looks like a single plain e-mail address
// (already normalised: trimmed, lower case) that the text rule allows; the
// error is on field.
func CheckEmail(field, s string) error {
	a, err := mail.ParseAddress(s)
	// net/mail accepts UTF-8 (RFC 6532), bidi overrides and zero-width characters included.
	if err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s, "@") || !ValidLine(s) {
		return FieldError(field, "form.email_invalid")
	}
	return nil
}

// CheckPerson applies the rules of a person's name and position (both
// print in the official report as «Ответственный исполнитель») and
// interface language, for the profile and the invitation forms alike.
func CheckPerson(errs *FieldErrors, fullName, position, locale string) {
	if !ValidLine(fullName) {
		errs.Add("full_name", MsgInvisible)
	}
	if !ValidLine(position) {
		errs.Add("position", MsgInvisible)
	}
	if fullName == "" || utf8.RuneCountInString(fullName) > 200 {
		errs.Add("full_name", "profile.full_name_required")
	}
	if utf8.RuneCountInString(position) > 200 {
		errs.Add("position", "profile.position_too_long")
	}
	if !ValidLocale(locale) {
		errs.Add("locale", "profile.locale_invalid")
	}
}

// level is where a role's membership sits: an institution, a founder or an
// overseer node. A person belongs to one level only (Invitable).
func (r Role) level() int {
	switch r {
	case RoleFounder:
		return 1
	case RoleRegion:
		return 2
	}
	return 0
}
