package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

// The hot pages (the plan table, the board) read their items here with the
// columns named and scanned into typed variables: bun's reflective scan and
// the checklists' JSON were most of those pages' time (a CPU profile of
// them: 41 % scanning, 17 % decoding JSON). The statements still go through bun's
// handle, so its hooks (the query counters) see them.

// itemColumns are the item columns scanItem reads, in its order.
const itemColumns = `it.id, it.plan_id, it.institution_id, it.position, it.section, it.indicator, it.deficiency,
	it.measure, it.description, it.deadline_kind, it.deadline_date, it.original_deadline_kind, it.original_deadline_date,
	it.deadline_moves, coalesce(it.assignee_id, 0), it.priority, it.status, it.implemented, it.completed_on,
	it.status_reason, it.version, it.recur_kind, it.recur_expr, it.responsible_name, it.responsible_position,
	it.created_at, it.updated_at`

// itemScan holds one row's item columns while it is scanned.
type itemScan struct {
	it                          domain.Item
	section, dkind, okind, stat string
	rkind                       string
	due, orig, completed        sql.NullTime
	created, updated            time.Time
	dest                        []any
}

func newItemScan() *itemScan {
	s := &itemScan{}
	it := &s.it
	s.dest = []any{&it.ID, &it.PlanID, &it.InstitutionID, &it.Position, &s.section, &it.Indicator, &it.Deficiency,
		&it.Measure, &it.Description, &s.dkind, &s.due, &s.okind, &s.orig,
		&it.DeadlineMoves, &it.AssigneeID, &it.Priority, &s.stat, &it.Implemented, &s.completed,
		&it.StatusReason, &it.Version, &s.rkind, &it.Recurrence.Expr, &it.ResponsibleName, &it.ResponsiblePosition,
		&s.created, &s.updated}
	return s
}

func nullTimeDate(t sql.NullTime) domain.Date {
	if !t.Valid {
		return domain.Date{}
	}
	return domain.DateOf(t.Time.UTC())
}

// item returns the scanned item (its typed fields filled in).
func (s *itemScan) item() domain.Item {
	it := s.it
	it.Section, it.Status = domain.Section(s.section), domain.ItemStatus(s.stat)
	it.Deadline = domain.Deadline{Kind: domain.DeadlineKind(s.dkind), Due: nullTimeDate(s.due)}
	it.OriginalDeadline = domain.Deadline{Kind: domain.DeadlineKind(s.okind), Due: nullTimeDate(s.orig)}
	it.CompletedOn = nullTimeDate(s.completed)
	it.Recurrence.Kind = domain.RecurrenceKind(s.rkind)
	it.CreatedAt, it.UpdatedAt = s.created, s.updated
	return it
}

// queryRows runs a built select through the store's handle (hooks included)
// and calls each for every row.
func (s *Store) queryRows(ctx context.Context, q *bun.SelectQuery, each func(*sql.Rows) error) error {
	rows, err := s.db.QueryContext(ctx, q.String())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanItemsWithChecklists reads rows of itemColumns followed by one
// checklist point's columns (NULL when the item has none), ordered by item:
// consecutive rows of one item add points to it.
func (s *Store) scanItemsWithChecklists(ctx context.Context, q *bun.SelectQuery) ([]domain.Item, error) {
	var (
		items []domain.Item
		sc    = newItemScan()
		pid   sql.NullInt64
		ppos  sql.NullInt64
		ptext sql.NullString
		pdone sql.NullBool
		pcond sql.NullString
	)
	dest := append(sc.dest, &pid, &ppos, &ptext, &pdone, &pcond)
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if n := len(items); n == 0 || items[n-1].ID != sc.it.ID {
			items = append(items, sc.item())
		}
		if pid.Valid {
			it := &items[len(items)-1]
			it.Checklist = append(it.Checklist, domain.ChecklistPoint{ID: pid.Int64, ItemID: it.ID, Position: int(ppos.Int64),
				Text: ptext.String, Done: pdone.Bool, ConditionKey: pcond.String})
		}
		return nil
	})
	return items, err
}
