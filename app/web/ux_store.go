package web

import (
	"context"

	"planboard/domain"
)

// UXStore is what the workflow pages of docs/ux.md §5–§7 read: the plan's
// log, the founder's decisions of any year and the director's review queue.
type UXStore interface {
	PlanLog(ctx context.Context, sc domain.Scope, planID int64) ([]domain.PlanLogEntry, error)
	AwaitingDecisions(ctx context.Context, sc domain.Scope) ([]domain.Decision, error)
	ReviewQueue(ctx context.Context, sc domain.Scope) ([]domain.ReviewItem, error)
	// NavCounts: the unread notices and (review set) the items awaiting acceptance, one statement.
	NavCounts(ctx context.Context, userID int64, review *domain.Scope) (unread, inReview int, err error)
}
