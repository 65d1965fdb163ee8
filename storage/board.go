package storage

import (
	"context"
	"database/sql"
	"sync/atomic"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// BoardCards returns the cards matching f, visible in sc, in one query
// whatever the number of items (names and plan titles are joined in).
func (s *Store) BoardCards(ctx context.Context, sc domain.Scope, f domain.BoardFilter) ([]domain.Card, error) {
	q := s.db.NewSelect().TableExpr("items AS it").ColumnExpr(itemColumns).
		ColumnExpr("coalesce(u.full_name, '') AS assignee_name, p.title AS plan_title, p.year AS plan_year").
		Join("JOIN plans AS p ON p.id = it.plan_id").
		Join("LEFT JOIN users AS u ON u.id = it.assignee_id").
		OrderExpr("CASE it.section WHEN 'org' THEN 0 ELSE it.section::int END, it.position, it.id")
	q = scoped(boardWhere(q, f), sc, "it.institution_id")
	out := []domain.Card{}
	var card domain.Card
	is := newItemScan()
	dest := append(is.dest, &card.AssigneeName, &card.PlanTitle, &card.PlanYear)
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		card.Item = is.item()
		out = append(out, card)
		return nil
	})
	return out, err
}

func boardWhere(q *bun.SelectQuery, f domain.BoardFilter) *bun.SelectQuery {
	open := pgdialect.Array([]string{string(domain.StatusPlanned), string(domain.StatusInProgress), string(domain.StatusReview)})
	if f.PlanID != 0 {
		q = q.Where("it.plan_id = ?", f.PlanID)
	}
	for _, who := range []int64{f.Mine, f.AssigneeID} {
		if who != 0 { // responsible or co-assigned
			q = q.Where("(it.assignee_id = ? OR EXISTS (SELECT 1 FROM item_assignees ia WHERE ia.item_id = it.id AND ia.user_id = ?))", who, who)
		}
	}
	if f.Section != "" {
		q = q.Where("it.section = ?", string(f.Section))
	}
	if f.OpenOnly || f.Overdue || f.DueWeek {
		q = q.Where("it.status = ANY(?)", open)
	}
	if f.Overdue {
		q = q.Where("it.deadline_date < ?", nullDate(f.Today))
	}
	if f.DueWeek {
		q = q.Where("it.deadline_date BETWEEN ? AND ?", nullDate(f.Today), nullDate(f.Today.AddDays(6)))
	}
	return q
}

// QueryCounter counts the SQL statements a bun.DB runs (for the tests that
// prove a page's query count does not grow with its data).
type QueryCounter struct{ n atomic.Int64 }

// BeforeQuery implements bun.QueryHook.
func (c *QueryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

// AfterQuery implements bun.QueryHook.
func (c *QueryCounter) AfterQuery(context.Context, *bun.QueryEvent) { c.n.Add(1) }

// Count returns how many queries ran so far.
func (c *QueryCounter) Count() int64 { return c.n.Load() }

// CountQueries installs a counter on db and returns it.
func CountQueries(db *bun.DB) *QueryCounter {
	c := &QueryCounter{}
	db.AddQueryHook(c)
	hotCounters.Store(db.DB, c) // the prepared statements (hot.go)
	return c
}
