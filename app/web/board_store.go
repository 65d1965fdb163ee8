package web

import (
	"context"

	"planboard/domain"
)

// BoardStore is what the plan board, item pages and plan editing read
// (their writes go through the service layer).
type BoardStore interface {
	Templates(ctx context.Context) ([]domain.Template, error)
	Template(ctx context.Context, code string) (domain.Template, error)
	Institutions(ctx context.Context, sc domain.Scope) ([]domain.Institution, error)

	ItemWithAssignees(ctx context.Context, sc domain.Scope, id int64) (domain.Item, error)
	PlanItemsByID(ctx context.Context, sc domain.Scope, planID int64, ids []int64) ([]domain.Item, error)
	ItemHistory(ctx context.Context, sc domain.Scope, itemID int64) ([]domain.HistoryEntry, error)
	RecentItemHistory(ctx context.Context, sc domain.Scope, itemID int64, n int) ([]domain.HistoryEntry, int, error)
	BoardCards(ctx context.Context, sc domain.Scope, f domain.BoardFilter) ([]domain.Card, error)

	ItemComments(ctx context.Context, it domain.Item) ([]domain.Comment, error)
	ItemAttachments(ctx context.Context, it domain.Item) ([]domain.Attachment, error)
	Attachment(ctx context.Context, it domain.Item, id int64) (domain.Attachment, error)

	Occurrences(ctx context.Context, it domain.Item) ([]domain.Occurrence, error)

	SetUserLocale(ctx context.Context, userID int64, locale string) error
}
