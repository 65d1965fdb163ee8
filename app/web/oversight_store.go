package web

import (
	"context"
	"time"

	"planboard/domain"
)

// OversightStore is what plan approval, progress reports, publishing, the
// public report, the founder dashboard and calendar feeds need from storage.
type OversightStore interface {
	TransitionPlan(ctx context.Context, sc domain.Scope, planID int64, t domain.PlanTransition, a domain.Approval, n domain.Notices) (domain.Plan, error)
	Reapprove(ctx context.Context, sc domain.Scope, planID int64, a domain.Approval, n domain.Notices) error
	ReapprovalRequired(ctx context.Context, sc domain.Scope, institutionID int64) (bool, error)
	PlanApprovals(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Approval, error)
	PlanHistorySince(ctx context.Context, sc domain.Scope, planID int64, since time.Time) ([]domain.HistoryEntry, error)
	ProgressReport(ctx context.Context, sc domain.Scope, planID, reportID int64) (domain.ProgressReport, error)
	ProgressReports(ctx context.Context, sc domain.Scope, planID int64) ([]domain.ProgressReport, error)
	LatestPublication(ctx context.Context, sc domain.Scope, planID int64) (domain.Publication, error)
	PublicationID(ctx context.Context, slug string, year int) (int64, error) // the newest snapshot of a year
	Publication(ctx context.Context, id int64) (domain.Publication, error)
	PublishedYears(ctx context.Context, institutionID int64) ([]int, error)
	InstitutionBySlug(ctx context.Context, slug string) (domain.Institution, error)
	FounderDashboard(ctx context.Context, sc domain.Scope, year int, now time.Time) ([]domain.InstitutionStat, error)
	DashboardCharts(ctx context.Context, sc domain.Scope, year int) (sections []domain.Progress, due, done [12]int, err error)
	FounderUsers(ctx context.Context, founderID int64) ([]domain.User, error)
	EnqueueMail(ctx context.Context, m domain.Mail, host string) (bool, error)
	CalendarTokenCreated(ctx context.Context, userID int64) (time.Time, error)
	CalendarEvents(ctx context.Context, token string) (domain.User, []domain.CalendarEvent, error)
}
