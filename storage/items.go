package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

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
	RecurKind            string     `bun:"recur_kind"`
	RecurExpr            string     `bun:"recur_expr"`
	ResponsibleName      string     `bun:"responsible_name"`
	ResponsiblePosition  string     `bun:"responsible_position"`
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
		StatusReason: r.StatusReason, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Recurrence:      domain.Recurrence{Kind: domain.RecurrenceKind(r.RecurKind), Expr: r.RecurExpr},
		ResponsibleName: r.ResponsibleName, ResponsiblePosition: r.ResponsiblePosition}
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
		Implemented: it.Implemented, CompletedOn: nullDate(it.CompletedOn), StatusReason: it.StatusReason, Version: 1,
		RecurKind: string(it.Recurrence.Kind), RecurExpr: it.Recurrence.Expr,
		ResponsibleName: it.ResponsibleName, ResponsiblePosition: it.ResponsiblePosition}
}

type checklistRow struct {
	bun.BaseModel `bun:"table:item_checklist,alias:cl"`
	ID            int64  `bun:"id,pk,autoincrement"`
	ItemID        int64  `bun:"item_id"`
	Position      int    `bun:"position"`
	Text          string `bun:"text"`
	Done          bool   `bun:"done"`
	ConditionKey  string `bun:"condition_key"`
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
		rows[i].CreatedAt, rows[i].UpdatedAt = s.now(), s.now()
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
			points = append(points, &checklistRow{ItemID: r.ID, Position: j + 1, Text: p.Text, Done: p.Done, ConditionKey: p.ConditionKey})
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

// itemWithChecklist is an item row with its checklist aggregated as JSON,
// so items and their points come back in one query.
type itemWithChecklist struct {
	itemRow   `bun:",extend"`
	Checklist []checklistJSON `bun:"checklist,type:jsonb"`
}

type checklistJSON struct {
	ID           int64  `json:"id"`
	Position     int    `json:"position"`
	Text         string `json:"text"`
	Done         bool   `json:"done"`
	ConditionKey string `json:"condition_key"`
}

const checklistColumn = `COALESCE((SELECT json_agg(json_build_object('id', cl.id, 'position', cl.position,
	'text', cl.text, 'done', cl.done, 'condition_key', cl.condition_key) ORDER BY cl.position) FROM item_checklist AS cl WHERE cl.item_id = it.id), '[]') AS checklist`

func (r *itemWithChecklist) domain() domain.Item {
	it := r.itemRow.domain()
	for _, p := range r.Checklist {
		it.Checklist = append(it.Checklist, domain.ChecklistPoint{ID: p.ID, ItemID: it.ID, Position: p.Position, Text: p.Text, Done: p.Done,
			ConditionKey: p.ConditionKey})
	}
	return it
}

// PlanItems returns the items of a plan visible in sc in report order
// (section, then position), each with its checklist: one query whatever the
// number of items.
func (s *Store) PlanItems(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Item, error) {
	return s.planItems(ctx, sc, planID, 0, 0)
}

// PlanItemsPage returns at most limit items of a plan from offset on, in
// report order: one page of the plan table, one query.
func (s *Store) PlanItemsPage(ctx context.Context, sc domain.Scope, planID int64, offset, limit int) ([]domain.Item, error) {
	return s.planItems(ctx, sc, planID, offset, limit)
}

// reportOrder sorts items as the official form lists them; the index
// items_plan_order_idx follows it.
const reportOrder = "CASE it.section WHEN 'org' THEN 0 ELSE it.section::int END, it.position, it.id"

func (s *Store) planItems(ctx context.Context, sc domain.Scope, planID int64, offset, limit int) ([]domain.Item, error) {
	page := s.db.NewSelect().TableExpr("items AS it").ColumnExpr("it.*").
		Where("it.plan_id = ?", planID).OrderExpr("it.plan_id, " + reportOrder)
	if limit > 0 {
		page = page.Offset(int64(offset)).Limit(int64(limit))
	}
	// The page is cut first, so that only its items get their checklists:
	// one row per point (one with NULLs for an item without), no JSON.
	q := s.db.NewSelect().TableExpr("(?) AS it", scoped(page, sc, "it.institution_id")).
		ColumnExpr(itemColumns).ColumnExpr("cl.id, cl.position, cl.text, cl.done, cl.condition_key").
		Join("LEFT JOIN item_checklist AS cl ON cl.item_id = it.id").OrderExpr(reportOrder + ", cl.position, cl.id")
	items, err := s.scanItemsWithChecklists(ctx, q)
	if items == nil && err == nil {
		items = []domain.Item{}
	}
	return items, err
}

// PlanProgress returns the progress of every section of a plan visible in
// sc (report order, only sections with items) and the total, as
// domain.PlanProgress computes it from the items, but in one aggregate query
// that loads none of them. Overdue is counted against today.
func (s *Store) PlanProgress(ctx context.Context, sc domain.Scope, planID int64, today domain.Date) ([]domain.Progress, domain.Progress, error) {
	var rows []struct {
		Section    string `bun:"section"`
		Items      int    `bun:"items"`
		Total      int    `bun:"total"`
		Done       int    `bun:"done"`
		InProgress int    `bun:"in_progress"`
		Overdue    int    `bun:"overdue"`
		OnTime     int    `bun:"on_time"`
	}
	q := s.db.NewSelect().TableExpr("items AS it").ColumnExpr("it.section, count(*) AS items").
		ColumnExpr("count(*) FILTER (WHERE it.status <> 'cancelled') AS total").
		ColumnExpr("count(*) FILTER (WHERE it.status = 'done') AS done").
		ColumnExpr("count(*) FILTER (WHERE it.status IN ('in_progress', 'review')) AS in_progress").
		ColumnExpr("count(*) FILTER (WHERE it.status IN "+openStatuses+" AND it.deadline_date < ?::date) AS overdue", today.String()).
		ColumnExpr(`count(*) FILTER (WHERE it.status = 'done' AND (it.deadline_date IS NULL OR it.completed_on IS NULL
			OR it.completed_on <= it.deadline_date)) AS on_time`).
		Where("it.plan_id = ?", planID).GroupExpr("it.section")
	if err := scoped(q, sc, "it.institution_id").Scan(ctx, &rows); err != nil {
		return nil, domain.Progress{}, err
	}
	by := map[domain.Section]domain.Progress{}
	var total domain.Progress
	for _, r := range rows {
		p := domain.Progress{Section: domain.Section(r.Section), Items: r.Items, Total: r.Total, Done: r.Done,
			InProgress: r.InProgress, Overdue: r.Overdue, OnTime: r.OnTime}
		by[p.Section] = p
		total.Items, total.Total, total.Done = total.Items+p.Items, total.Total+p.Total, total.Done+p.Done
		total.InProgress, total.Overdue, total.OnTime = total.InProgress+p.InProgress, total.Overdue+p.Overdue, total.OnTime+p.OnTime
	}
	var sections []domain.Progress
	for _, sec := range domain.Sections {
		if p, ok := by[sec]; ok {
			sections = append(sections, p)
		}
	}
	return sections, total, nil
}

// Item returns one item visible in sc, with its checklist.
func (s *Store) Item(ctx context.Context, sc domain.Scope, id int64) (domain.Item, error) {
	var row itemWithChecklist
	q := s.db.NewSelect().Model(&row).ColumnExpr("it.*").ColumnExpr(checklistColumn).Where("it.id = ?", id)
	if err := scoped(q, sc, "it.institution_id").Scan(ctx); err != nil {
		return domain.Item{}, mapErr(err)
	}
	return row.domain(), nil
}
