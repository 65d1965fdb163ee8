package storage

import (
	"context"

	"planboard/domain"
)

// QueryItems returns one page of a plan's items visible in sc (the JSON
// API's list), in id order after q.AfterID, each with its checklist and
// co-assignees: two queries whatever the number of items.
func (s *Store) QueryItems(ctx context.Context, sc domain.Scope, q domain.ItemQuery) ([]domain.Item, error) {
	page := s.db.NewSelect().TableExpr("items AS it").ColumnExpr("it.*").Where("it.id > ?", q.AfterID).OrderExpr("it.id")
	page = boardWhere(page, q.Board())
	if q.Status != "" {
		page = page.Where("it.status = ?", string(q.Status))
	}
	if !q.DueBefore.IsZero() {
		page = page.Where("it.deadline_date < ?", nullDate(q.DueBefore))
	}
	if q.Limit > 0 {
		page = page.Limit(int64(q.Limit))
	}
	var rows []itemWithChecklist
	err := s.db.NewSelect().Model(&rows).ModelTableExpr("(?) AS it", scoped(page, sc, "it.institution_id")).
		ColumnExpr("it.*").ColumnExpr(checklistColumn).OrderExpr("it.id").Scan(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]domain.Item, len(rows))
	ids := make([]int64, len(rows))
	for i := range rows {
		items[i], ids[i] = rows[i].domain(), rows[i].ID
	}
	co, err := s.coAssignees(ctx, ids)
	for i := range items {
		items[i].CoAssignees = co[items[i].ID]
	}
	return items, err
}
