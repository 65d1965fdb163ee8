package app

import (
	"context"

	"planboard/domain"
)

// UXStore is what the pages of issue 14 read: the plan's log, the
// founder's decisions of any year and the director's review queue.
type UXStore interface {
	PlanLog(ctx context.Context, sc domain.Scope, planID int64) ([]domain.PlanLogEntry, error)
	AwaitingDecisions(ctx context.Context, sc domain.Scope) ([]domain.Decision, error)
	ReviewQueue(ctx context.Context, sc domain.Scope) ([]domain.ReviewItem, error)
	ReviewCount(ctx context.Context, sc domain.Scope) (int, error)
}
