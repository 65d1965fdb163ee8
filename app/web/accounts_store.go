package web

import (
	"context"
	"time"

	"planboard/domain"
)

// AccountStore keeps invitations, password links, profiles, memberships,
// the login rate limit and the audit log.
type AccountStore interface {
	AccountToken(ctx context.Context, token string, now time.Time) (domain.AccountToken, error)
	RedeemToken(ctx context.Context, token string, now time.Time, passwordHash string) (domain.AccountToken, error)
	PendingInvitationsOf(ctx context.Context, institutionID int64, now time.Time) ([]domain.PendingInvitation, error)
	RequestReset(ctx context.Context, r domain.ResetRequest, token string, mail domain.Mail, host string) (domain.ResetResult, error)
	ChangePassword(ctx context.Context, userID int64, hash, keepToken string) error
	RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error
	LoginBlockedUntil(ctx context.Context, email, ip string, now time.Time, window time.Duration, maxEmail, maxIP int) (time.Time, error)
	AddAudit(ctx context.Context, e domain.AuditEntry) error
	AuditLog(ctx context.Context, beforeID int64, limit int) ([]domain.AuditEntry, error)
}

// TenantAdmin lets the admin create founders and institutions.
type TenantAdmin interface {
	Founders(ctx context.Context, sc domain.Scope) ([]domain.Founder, error)
	Institutions(ctx context.Context, sc domain.Scope) ([]domain.Institution, error)
}
