package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type historyRow struct {
	bun.BaseModel `bun:"table:item_history,alias:h"`
	ID            int64     `bun:"id,pk,autoincrement"`
	InstitutionID int64     `bun:"institution_id"`
	PlanID        int64     `bun:"plan_id"`
	ItemID        int64     `bun:"item_id"`
	ActorID       int64     `bun:"actor_id"`
	ActorName     string    `bun:"actor_name"`
	At            time.Time `bun:"at,nullzero,default:now()"`
	Action        string    `bun:"action"`
	Field         string    `bun:"field"`
	OldValue      string    `bun:"old_value"`
	NewValue      string    `bun:"new_value"`
	Note          string    `bun:"note"`
}

// AppendHistory appends entries to the item history in one statement.
func (s *Store) AppendHistory(ctx context.Context, entries ...domain.HistoryEntry) error {
	if len(entries) == 0 {
		return nil
	}
	rows := make([]historyRow, len(entries))
	for i, e := range entries {
		rows[i] = historyRow{InstitutionID: e.InstitutionID, PlanID: e.PlanID, ItemID: e.ItemID, ActorID: e.ActorID,
			ActorName: e.ActorName, At: s.stamp(e.At), Action: e.Action, Field: e.Field, OldValue: e.OldValue, NewValue: e.NewValue, Note: e.Note}
	}
	_, err := s.db.NewInsert().Model(&rows).Exec(ctx)
	return mapErr(err)
}

// ItemHistory returns an item's history, oldest first, if the item's
// institution is in sc (history outlives deleted items, so the scope is
// checked on the history rows themselves).
func (s *Store) ItemHistory(ctx context.Context, sc domain.Scope, itemID int64) ([]domain.HistoryEntry, error) {
	return s.history(ctx, sc, func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("h.item_id = ?", itemID) })
}

// history reads history rows chosen by where, limited to sc, oldest first.
func (s *Store) history(ctx context.Context, sc domain.Scope, where func(*bun.SelectQuery) *bun.SelectQuery) ([]domain.HistoryEntry, error) {
	var rows []historyRow
	q := where(s.db.NewSelect().Model(&rows)).Order("h.id")
	if err := scoped(q, sc, "h.institution_id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.HistoryEntry, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (r historyRow) domain() domain.HistoryEntry {
	return domain.HistoryEntry{ID: r.ID, InstitutionID: r.InstitutionID, PlanID: r.PlanID, ItemID: r.ItemID,
		ActorID: r.ActorID, ActorName: r.ActorName, At: r.At, Action: r.Action, Field: r.Field,
		OldValue: r.OldValue, NewValue: r.NewValue, Note: r.Note}
}

// RecentItemHistory returns the last n entries of an item's history,
// oldest first, and how many entries it has in all, in one statement: the
// item page shows the latest ones and links to the whole (a busy item's
// history runs to hundreds of rows).
func (s *Store) RecentItemHistory(ctx context.Context, sc domain.Scope, itemID int64, n int) ([]domain.HistoryEntry, int, error) {
	var rows []struct {
		historyRow `bun:",extend"`
		Total      int `bun:"total,scanonly"`
	}
	q := s.db.NewSelect().Model(&rows).ColumnExpr("h.*").ColumnExpr("count(*) OVER () AS total").
		Where("h.item_id = ?", itemID).OrderExpr("h.id DESC").Limit(int64(n))
	if err := scoped(q, sc, "h.institution_id").Scan(ctx); err != nil {
		return nil, 0, err
	}
	out := make([]domain.HistoryEntry, len(rows))
	total := 0
	for i, r := range rows {
		out[len(rows)-1-i] = r.domain()
		total = r.Total
	}
	return out, total, nil
}
