package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

// openStatuses is the SQL list of item states in which work is expected.
const openStatuses = "('planned', 'in_progress', 'review')"

// FounderDashboard returns one row per institution visible in sc with the
// figures of its plan for year, in one aggregate query whatever the number
// of institutions and items. Overdue is computed against each institution's
// own "today" at the moment now.
func (s *Store) FounderDashboard(ctx context.Context, sc domain.Scope, year int, now time.Time) ([]domain.InstitutionStat, error) {
	var rows []struct {
		institutionRow `bun:",extend"`
		PlanID         int64     `bun:"plan_id"`
		PlanStatus     string    `bun:"plan_status"`
		Total          int       `bun:"total"`
		Done           int       `bun:"done"`
		OnTime         int       `bun:"on_time"`
		Overdue        int       `bun:"overdue"`
		Review         int       `bun:"review"`
		Pending        int       `bun:"pending"`
		Changes        int       `bun:"changes"`
		Reapproval     bool      `bun:"reapproval_required"`
		LastActivity   time.Time `bun:"last_activity"`
	}
	query := func(db bun.IDB) *bun.SelectQuery {
		return db.NewSelect().Model(&rows).ColumnExpr("i.id, i.founder_id, i.name, i.short_name, i.kind, i.slug, i.time_zone, i.reapproval_required").
			ColumnExpr("coalesce(p.id, 0) AS plan_id, coalesce(p.status, '') AS plan_status").
			ColumnExpr("coalesce(st.total, 0) AS total, coalesce(st.done, 0) AS done, coalesce(st.on_time, 0) AS on_time").
			ColumnExpr("coalesce(st.overdue, 0) AS overdue, coalesce(st.review, 0) AS review").
			ColumnExpr("(SELECT count(*) FROM progress_reports AS r WHERE r.plan_id = p.id AND r.status = 'submitted') AS pending").
			ColumnExpr("coalesce(greatest(p.updated_at, st.last_item), i.created_at) AS last_activity").
			ColumnExpr(`(SELECT count(*) FROM item_history AS h WHERE h.plan_id = p.id AND `+changeActions+`
				AND h.at > (SELECT max(pa.at) FROM plan_approvals AS pa WHERE pa.plan_id = p.id AND pa.action = 'approved')) AS changes`).
			Join("LEFT JOIN plans AS p ON p.institution_id = i.id AND p.year = ?", year).
			Join(`LEFT JOIN LATERAL (SELECT
				count(*) FILTER (WHERE it.status <> 'cancelled') AS total,
				count(*) FILTER (WHERE it.status = 'done') AS done,
				count(*) FILTER (WHERE it.status = 'done' AND (it.deadline_date IS NULL OR it.completed_on IS NULL
					OR it.completed_on <= it.deadline_date)) AS on_time,
				count(*) FILTER (WHERE it.status IN `+openStatuses+` AND it.deadline_date < (?::timestamptz AT TIME ZONE i.time_zone)::date) AS overdue,
				count(*) FILTER (WHERE it.status = 'review') AS review,
				max(it.updated_at) AS last_item
			FROM items AS it WHERE it.plan_id = p.id) AS st ON true`, now).
			OrderExpr("i.name")
	}
	if err := scoped(query(s.db), sc, "i.id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.InstitutionStat, len(rows))
	for i, r := range rows {
		st := domain.InstitutionStat{Institution: r.institutionRow.domain(), PlanID: r.PlanID, PlanStatus: domain.PlanStatus(r.PlanStatus),
			Total: r.Total, Done: r.Done, OnTime: r.OnTime, Overdue: r.Overdue, Review: r.Review, ReportPending: r.Pending,
			LastActivity: r.LastActivity, Changes: r.Changes, Reapproval: r.Reapproval}
		if st.PlanStatus == domain.PlanSubmitted {
			st.Submitted = 1
		}
		out[i] = st
	}
	return out, nil
}

// DashboardCharts returns the figures of the dashboard's charts over the
// year's plans visible in sc, in one scan of the items: per section, how
// many items count and how many are done; per month, how many fall due and
// how many were completed. It groups by (section, due month, done month,
// done), at most 6×13×13×2 rows whatever the number of items.
func (s *Store) DashboardCharts(ctx context.Context, sc domain.Scope, year int) (sections []domain.Progress, due, done [12]int, err error) {
	var rows []struct {
		Section   string `bun:"section"`
		DueMonth  int    `bun:"due_month"`
		DoneMonth int    `bun:"done_month"`
		Done      bool   `bun:"done"`
		N         int    `bun:"n"`
	}
	q := func(db bun.IDB) *bun.SelectQuery {
		return db.NewSelect().TableExpr("items AS it").ColumnExpr("it.section").
			ColumnExpr("CASE WHEN extract(year FROM it.deadline_date) = ? THEN extract(month FROM it.deadline_date)::int ELSE 0 END AS due_month", year).
			ColumnExpr("CASE WHEN it.status = 'done' AND extract(year FROM it.completed_on) = ? THEN extract(month FROM it.completed_on)::int ELSE 0 END AS done_month", year).
			ColumnExpr("it.status = 'done' AS done, count(*) AS n").
			Join("JOIN plans AS p ON p.id = it.plan_id AND p.year = ?", year).
			Where("it.status <> 'cancelled'").GroupExpr("1, 2, 3, 4")
	}
	if err = scoped(q(s.db), sc, "it.institution_id").Scan(ctx, &rows); err != nil {
		return nil, due, done, err
	}
	by := map[domain.Section]*domain.Progress{}
	for _, r := range rows {
		p := by[domain.Section(r.Section)]
		if p == nil {
			p = &domain.Progress{Section: domain.Section(r.Section)}
			by[p.Section] = p
		}
		p.Total += r.N
		if r.Done {
			p.Done += r.N
		}
		if r.DueMonth >= 1 && r.DueMonth <= 12 {
			due[r.DueMonth-1] += r.N
		}
		if r.DoneMonth >= 1 && r.DoneMonth <= 12 {
			done[r.DoneMonth-1] += r.N
		}
	}
	for _, sec := range domain.Sections {
		if p := by[sec]; p != nil {
			sections = append(sections, *p)
		}
	}
	return sections, due, done, nil
}
