package storage

import (
	"context"
	"time"

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
		LastActivity   time.Time `bun:"last_activity"`
	}
	q := s.db.NewSelect().Model(&rows).ColumnExpr("i.id, i.founder_id, i.name, i.short_name, i.kind, i.slug, i.time_zone").
		ColumnExpr("coalesce(p.id, 0) AS plan_id, coalesce(p.status, '') AS plan_status").
		ColumnExpr("coalesce(st.total, 0) AS total, coalesce(st.done, 0) AS done, coalesce(st.on_time, 0) AS on_time").
		ColumnExpr("coalesce(st.overdue, 0) AS overdue, coalesce(st.review, 0) AS review").
		ColumnExpr("(SELECT count(*) FROM progress_reports AS r WHERE r.plan_id = p.id AND r.status = 'submitted') AS pending").
		ColumnExpr("coalesce(greatest(p.updated_at, st.last_item), i.created_at) AS last_activity").
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
	if err := scoped(q, sc, "i.id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.InstitutionStat, len(rows))
	for i, r := range rows {
		st := domain.InstitutionStat{Institution: r.institutionRow.domain(), PlanID: r.PlanID, PlanStatus: domain.PlanStatus(r.PlanStatus),
			Total: r.Total, Done: r.Done, OnTime: r.OnTime, Overdue: r.Overdue, Review: r.Review, ReportPending: r.Pending,
			LastActivity: r.LastActivity}
		if st.PlanStatus == domain.PlanSubmitted {
			st.Submitted = 1
		}
		out[i] = st
	}
	return out, nil
}

// SectionProgress returns, for every section, how many items of year's
// plans visible in sc count and how many are done: one query.
func (s *Store) SectionProgress(ctx context.Context, sc domain.Scope, year int) ([]domain.Progress, error) {
	var rows []struct {
		Section string `bun:"section"`
		Total   int    `bun:"total"`
		Done    int    `bun:"done"`
	}
	q := s.db.NewSelect().TableExpr("items AS it").
		ColumnExpr("it.section, count(*) AS total, count(*) FILTER (WHERE it.status = 'done') AS done").
		Join("JOIN plans AS p ON p.id = it.plan_id AND p.year = ?", year).
		Where("it.status <> 'cancelled'").GroupExpr("it.section")
	if err := scoped(q, sc, "it.institution_id").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	by := map[domain.Section]domain.Progress{}
	for _, r := range rows {
		by[domain.Section(r.Section)] = domain.Progress{Section: domain.Section(r.Section), Total: r.Total, Done: r.Done}
	}
	var out []domain.Progress
	for _, sec := range domain.Sections {
		if p, ok := by[sec]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// MonthlyProgress returns, for each month of year, how many items of the
// year's plans visible in sc fall due in it and how many were completed in
// it (done items): the "progress over time against the deadlines" chart.
// One query; it groups by (due month, done month), at most 13×13 rows.
func (s *Store) MonthlyProgress(ctx context.Context, sc domain.Scope, year int) (due, done [12]int, err error) {
	var rows []struct {
		DueMonth  int `bun:"due_month"`
		DoneMonth int `bun:"done_month"`
		N         int `bun:"n"`
	}
	q := s.db.NewSelect().TableExpr("items AS it").
		ColumnExpr("CASE WHEN extract(year FROM it.deadline_date) = ? THEN extract(month FROM it.deadline_date)::int ELSE 0 END AS due_month", year).
		ColumnExpr("CASE WHEN it.status = 'done' AND extract(year FROM it.completed_on) = ? THEN extract(month FROM it.completed_on)::int ELSE 0 END AS done_month", year).
		ColumnExpr("count(*) AS n").
		Join("JOIN plans AS p ON p.id = it.plan_id AND p.year = ?", year).
		Where("it.status <> 'cancelled'").GroupExpr("1, 2")
	if err = scoped(q, sc, "it.institution_id").Scan(ctx, &rows); err != nil {
		return due, done, err
	}
	for _, r := range rows {
		if r.DueMonth >= 1 && r.DueMonth <= 12 {
			due[r.DueMonth-1] += r.N
		}
		if r.DoneMonth >= 1 && r.DoneMonth <= 12 {
			done[r.DoneMonth-1] += r.N
		}
	}
	return due, done, nil
}
