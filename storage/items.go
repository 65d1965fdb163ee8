package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

type itemRow struct {
	bun.BaseModel        `bun:"table:items,alias:it"`
	ID                   int64      `bun:"id,pk,autoincrement"`
	PlanID               int64      `bun:"plan_id"`
	InstitutionID        int64      `bun:"institution_id"`
	Position             int        `bun:"position"`
	Section              string     `bun:"section"`
	Indicator            string     `bun:"indicator"`
	Deficiency           string     `bun:"deficiency"`
	Measure              string     `bun:"measure"`
	Description          string     `bun:"description"`
	DeadlineKind         string     `bun:"deadline_kind"`
	DeadlineDate         *time.Time `bun:"deadline_date"`
	OriginalDeadlineKind string     `bun:"original_deadline_kind"`
	OriginalDeadlineDate *time.Time `bun:"original_deadline_date"`
	DeadlineMoves        int        `bun:"deadline_moves"`
	AssigneeID           int64      `bun:"assignee_id,nullzero"`
	Priority             int        `bun:"priority"`
	Status               string     `bun:"status"`
	Implemented          string     `bun:"implemented"`
	CompletedOn          *time.Time `bun:"completed_on"`
	StatusReason         string     `bun:"status_reason"`
	Version              int        `bun:"version"`
	CreatedAt            time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt            time.Time  `bun:"updated_at,nullzero,default:now()"`
}

func (r *itemRow) domain() domain.Item {
	return domain.Item{ID: r.ID, PlanID: r.PlanID, InstitutionID: r.InstitutionID, Position: r.Position,
		Section: domain.Section(r.Section), Indicator: r.Indicator, Deficiency: r.Deficiency, Measure: r.Measure,
		Description:      r.Description,
		Deadline:         domain.Deadline{Kind: domain.DeadlineKind(r.DeadlineKind), Due: fromNullDate(r.DeadlineDate)},
		OriginalDeadline: domain.Deadline{Kind: domain.DeadlineKind(r.OriginalDeadlineKind), Due: fromNullDate(r.OriginalDeadlineDate)},
		DeadlineMoves:    r.DeadlineMoves, AssigneeID: r.AssigneeID, Priority: r.Priority,
		Status: domain.ItemStatus(r.Status), Implemented: r.Implemented, CompletedOn: fromNullDate(r.CompletedOn),
		StatusReason: r.StatusReason, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func itemRowOf(it *domain.Item) *itemRow {
	status := it.Status
	if status == "" {
		status = domain.StatusPlanned
	}
	prio := it.Priority
	if prio == 0 {
		prio = 2
	}
	orig := it.OriginalDeadline
	if orig.Kind == "" && orig.Due.IsZero() {
		orig = it.Deadline
	}
	return &itemRow{ID: it.ID, PlanID: it.PlanID, InstitutionID: it.InstitutionID, Position: it.Position,
		Section: string(it.Section), Indicator: it.Indicator, Deficiency: it.Deficiency, Measure: it.Measure,
		Description: it.Description, DeadlineKind: string(it.Deadline.Kind), DeadlineDate: nullDate(it.Deadline.Due),
		OriginalDeadlineKind: string(orig.Kind), OriginalDeadlineDate: nullDate(orig.Due),
		DeadlineMoves: it.DeadlineMoves, AssigneeID: it.AssigneeID, Priority: prio, Status: string(status),
		Implemented: it.Implemented, CompletedOn: nullDate(it.CompletedOn), StatusReason: it.StatusReason, Version: 1}
}

type checklistRow struct {
	bun.BaseModel `bun:"table:item_checklist,alias:cl"`
	ID            int64  `bun:"id,pk,autoincrement"`
	ItemID        int64  `bun:"item_id"`
	Position      int    `bun:"position"`
	Text          string `bun:"text"`
	Done          bool   `bun:"done"`
}

// insertItems stores items, their checklists and a "created" history entry
// each, in three statements whatever the number of items.
func (s *Store) insertItems(ctx context.Context, items []domain.Item, by domain.User) error {
	if len(items) == 0 {
		return nil
	}
	rows := make([]*itemRow, len(items))
	for i := range items {
		rows[i] = itemRowOf(&items[i])
	}
	if _, err := s.db.NewInsert().Model(&rows).Returning("id, version, status, priority, created_at, updated_at").Exec(ctx); err != nil {
		return mapErr(err)
	}
	var points []*checklistRow
	var hist []domain.HistoryEntry
	for i, r := range rows {
		cl := items[i].Checklist
		items[i] = r.domain()
		for j, p := range cl {
			points = append(points, &checklistRow{ItemID: r.ID, Position: j + 1, Text: p.Text, Done: p.Done})
		}
		items[i].Checklist = cl
		hist = append(hist, domain.HistoryEntry{InstitutionID: r.InstitutionID, PlanID: r.PlanID, ItemID: r.ID,
			ActorID: by.ID, ActorName: by.FullName, Action: "created", NewValue: r.Measure})
	}
	if len(points) > 0 {
		if _, err := s.db.NewInsert().Model(&points).Returning("id").Exec(ctx); err != nil {
			return mapErr(err)
		}
		k := 0
		for i := range items {
			for j := range items[i].Checklist {
				items[i].Checklist[j].ID, items[i].Checklist[j].ItemID, items[i].Checklist[j].Position = points[k].ID, items[i].ID, j+1
				k++
			}
		}
	}
	return s.AppendHistory(ctx, hist...)
}

// PlanItems returns the items of a plan visible in sc in report order
// (section, then position), each with its checklist: two queries whatever
// the number of items.
func (s *Store) PlanItems(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Item, error) {
	var rows []itemRow
	q := s.db.NewSelect().Model(&rows).Where("it.plan_id = ?", planID).
		OrderExpr("CASE it.section WHEN 'org' THEN 0 ELSE it.section::int END, it.position, it.id")
	if err := scoped(q, sc, "it.institution_id").Scan(ctx); err != nil {
		return nil, err
	}
	items := make([]domain.Item, len(rows))
	ids := make([]int64, len(rows))
	for i := range rows {
		items[i] = rows[i].domain()
		ids[i] = rows[i].ID
	}
	return items, s.attachChecklists(ctx, items, ids)
}

// Item returns one item visible in sc, with its checklist.
func (s *Store) Item(ctx context.Context, sc domain.Scope, id int64) (domain.Item, error) {
	var row itemRow
	q := s.db.NewSelect().Model(&row).Where("it.id = ?", id)
	if err := scoped(q, sc, "it.institution_id").Scan(ctx); err != nil {
		return domain.Item{}, mapErr(err)
	}
	items := []domain.Item{row.domain()}
	if err := s.attachChecklists(ctx, items, []int64{row.ID}); err != nil {
		return domain.Item{}, err
	}
	return items[0], nil
}

func (s *Store) attachChecklists(ctx context.Context, items []domain.Item, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var points []checklistRow
	err := s.db.NewSelect().Model(&points).Where("item_id = ANY(?)", pgdialect.Array(ids)).
		Order("item_id", "position").Scan(ctx)
	if err != nil {
		return err
	}
	byItem := make(map[int64]int, len(items))
	for i := range items {
		byItem[items[i].ID] = i
	}
	for _, p := range points {
		i := byItem[p.ItemID]
		items[i].Checklist = append(items[i].Checklist, domain.ChecklistPoint{ID: p.ID, ItemID: p.ItemID, Position: p.Position, Text: p.Text, Done: p.Done})
	}
	return nil
}
