package app

import (
	"context"

	"planboard/domain"
)

// BoardStore is what the plan board, item pages and plan editing need.
type BoardStore interface {
	Templates(ctx context.Context) ([]domain.Template, error)
	Template(ctx context.Context, code string) (domain.Template, error)
	Institutions(ctx context.Context, sc domain.Scope) ([]domain.Institution, error)
	CreatePlan(ctx context.Context, p *domain.Plan, items []domain.Item, by domain.User) error
	UpdatePlan(ctx context.Context, p domain.Plan) error
	CopyUnfinished(ctx context.Context, sc domain.Scope, from domain.Plan, by domain.User) (domain.Plan, error)

	ItemWithAssignees(ctx context.Context, sc domain.Scope, id int64) (domain.Item, error)
	PlanItemsByID(ctx context.Context, sc domain.Scope, planID int64, ids []int64) ([]domain.Item, error)
	UpdateItem(ctx context.Context, u domain.ItemUpdate) error
	UpdateItems(ctx context.Context, us []domain.ItemUpdate, n domain.Notices) error
	DeleteItem(ctx context.Context, it domain.Item, by domain.User) error
	MoveItem(ctx context.Context, it domain.Item, dir int) error
	SetChecklistPoint(ctx context.Context, it domain.Item, pointID int64, done bool, by domain.User) error
	ItemHistory(ctx context.Context, sc domain.Scope, itemID int64) ([]domain.HistoryEntry, error)
	BoardCards(ctx context.Context, sc domain.Scope, f domain.BoardFilter) ([]domain.Card, error)

	ItemComments(ctx context.Context, it domain.Item) ([]domain.Comment, error)
	AddAttachment(ctx context.Context, it domain.Item, by domain.User, a *domain.Attachment) error
	ItemAttachments(ctx context.Context, it domain.Item) ([]domain.Attachment, error)
	Attachment(ctx context.Context, it domain.Item, id int64) (domain.Attachment, error)

	Occurrences(ctx context.Context, it domain.Item) ([]domain.Occurrence, error)
	UpdateOccurrence(ctx context.Context, it domain.Item, o domain.Occurrence, by domain.User, note string) error

	SetUserLocale(ctx context.Context, userID int64, locale string) error
}
