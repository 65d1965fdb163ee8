package storage

import (
	"context"
	"fmt"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// UpdatePlan saves a plan's title and period if it is still at the version
// the form was opened with and lies in sc; otherwise domain.ErrStale.
func (s *Store) UpdatePlan(ctx context.Context, sc domain.Scope, p domain.Plan) error {
	q := s.db.NewUpdate().TableExpr("plans").
		Set("title = ?, period_start = ?, period_end = ?", p.Title, nullDate(p.PeriodStart), nullDate(p.PeriodEnd)).
		Set("version = version + 1, updated_at = ?", s.now()).
		Where("id = ? AND version = ? AND institution_id = ?", p.ID, p.Version, p.InstitutionID)
	res, err := scopedUpdate(q, sc, "institution_id").Exec(ctx)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrStale
	}
	return nil
}

// CopyUnfinished creates next year's plan of the same institution with the
// open items of from (planned, in progress, awaiting acceptance), reset to
// planned with their assignee and checklist, in one transaction. It returns
// the new plan; a plan for that year already existing is EConflict.
func (s *Store) CopyUnfinished(ctx context.Context, sc domain.Scope, from domain.Plan, by domain.User) (domain.Plan, error) {
	var next domain.Plan
	err := s.InTx(ctx, func(tx *Store) error {
		items, err := tx.PlanItems(ctx, sc, from.ID)
		if err != nil {
			return err
		}
		var open []domain.Item
		for _, it := range items {
			if !it.Status.Open() {
				continue
			}
			c := domain.Item{Section: it.Section, Indicator: it.Indicator, Deficiency: it.Deficiency, Measure: it.Measure,
				Description: it.Description, AssigneeID: it.AssigneeID, Priority: it.Priority, Status: domain.StatusPlanned,
				Recurrence: it.Recurrence}
			if it.Deadline.Kind == domain.DeadlineOngoing {
				c.Deadline = it.Deadline
			}
			for _, p := range it.Checklist {
				c.Checklist = append(c.Checklist, domain.ChecklistPoint{Text: p.Text, ConditionKey: p.ConditionKey})
			}
			open = append(open, c)
		}
		next = domain.Plan{InstitutionID: from.InstitutionID, Year: from.Year + 1, TemplateCode: from.TemplateCode,
			Title:       fmt.Sprintf("%s (%d)", from.Title, from.Year+1),
			PeriodStart: domain.NewDate(from.Year+1, 1, 1), PeriodEnd: domain.NewDate(from.Year+1, 12, 31)}
		return tx.CreatePlan(ctx, &next, open, by)
	})
	return next, err
}

// SetOccurrences makes the item's occurrences exactly the given due days,
// keeping those already there (with their assignee and closing) and
// removing open ones no longer produced by the rule.
func (s *Store) SetOccurrences(ctx context.Context, it domain.Item, due []domain.Date) error {
	return s.InTx(ctx, func(tx *Store) error {
		days := make([]string, len(due))
		for i, d := range due {
			days[i] = d.String()
		}
		_, err := tx.db.NewRaw(`DELETE FROM item_occurrences WHERE item_id = ? AND NOT done AND NOT (due = ANY(?::date[]))`,
			it.ID, pgdialect.Array(days)).Exec(ctx)
		if err != nil {
			return mapErr(err)
		}
		if len(days) == 0 {
			return nil
		}
		_, err = tx.db.NewRaw(`INSERT INTO item_occurrences (item_id, institution_id, due, assignee_id)
			SELECT ?, ?, d, ? FROM unnest(?::date[]) AS d ON CONFLICT (item_id, due) DO NOTHING`,
			it.ID, it.InstitutionID, nullID(it.AssigneeID), pgdialect.Array(days)).Exec(ctx)
		return mapErr(err)
	})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

type occurrenceRow struct {
	ID          int64  `bun:"id"`
	ItemID      int64  `bun:"item_id"`
	Due         string `bun:"due"`
	AssigneeID  *int64 `bun:"assignee_id"`
	Done        bool   `bun:"done"`
	Implemented string `bun:"implemented"`
	CompletedOn string `bun:"completed_on"`
}

// Occurrences lists an item's dated occurrences in order.
func (s *Store) Occurrences(ctx context.Context, it domain.Item) ([]domain.Occurrence, error) {
	var rows []occurrenceRow
	err := s.db.NewRaw(`SELECT id, item_id, due::text AS due, assignee_id, done, implemented, coalesce(completed_on::text, '') AS completed_on
		FROM item_occurrences WHERE item_id = ? AND institution_id = ? ORDER BY due`, it.ID, it.InstitutionID).Scan(ctx, &rows)
	out := make([]domain.Occurrence, len(rows))
	for i, r := range rows {
		o := domain.Occurrence{ID: r.ID, ItemID: r.ItemID, Done: r.Done, Implemented: r.Implemented}
		o.Due, _ = domain.ParseISODate(r.Due)
		o.CompletedOn, _ = domain.ParseISODate(r.CompletedOn)
		if r.AssigneeID != nil {
			o.AssigneeID = *r.AssigneeID
		}
		out[i] = o
	}
	return out, err
}

// UpdateOccurrence assigns or closes one occurrence, loaded through its
// item (an occurrence of another item, or of an item outside sc, is not
// found), with a history entry.
func (s *Store) UpdateOccurrence(ctx context.Context, sc domain.Scope, it domain.Item, o domain.Occurrence, by domain.User, note string) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.itemInScope(ctx, sc, it); err != nil {
			return err
		}
		res, err := tx.db.NewRaw(`UPDATE item_occurrences SET assignee_id = ?, done = ?, implemented = ?, completed_on = ?
			WHERE id = ? AND item_id = ?`,
			nullID(o.AssigneeID), o.Done, o.Implemented, nullDate(o.CompletedOn), o.ID, it.ID).Exec(ctx)
		if err := affectedOne(res, err); err != nil {
			return err
		}
		return tx.AppendHistory(ctx, domain.HistoryEntry{InstitutionID: it.InstitutionID, PlanID: it.PlanID, ItemID: it.ID,
			ActorID: by.ID, ActorName: by.FullName, Action: "occurrence", Field: o.Due.String(), NewValue: note})
	})
}
