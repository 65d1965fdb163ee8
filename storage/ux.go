package storage

import (
	"context"
	"time"

	"planboard/domain"
)

// returnedExpr is true for a draft plan p whose latest approval step is the
// founder's return: it waits for rework (docs/ux.md §6).
const returnedExpr = `(p.status = 'draft' AND (SELECT pa.action FROM plan_approvals AS pa
	WHERE pa.plan_id = p.id ORDER BY pa.id DESC LIMIT 1) = 'returned') AS returned`

// PlanLog returns the steps of a plan visible in sc, oldest first: its
// approval steps, publications and progress reports with who and when,
// in one query (docs/ux.md §6).
func (s *Store) PlanLog(ctx context.Context, sc domain.Scope, planID int64) ([]domain.PlanLogEntry, error) {
	var rows []struct {
		At        time.Time `bun:"at"`
		Action    string    `bun:"action"`
		ActorName string    `bun:"actor_name"`
		Remarks   string    `bun:"remarks"`
		Period    string    `bun:"period"`
		FileName  string    `bun:"file_name"`
		UpdateID  int64     `bun:"update_id"`
	}
	steps := s.db.NewRaw(`SELECT pa.at, pa.action, pa.actor_name, pa.remarks, '' AS period, 0 AS src, pa.id AS seq, '' AS file_name, 0::bigint AS update_id
		FROM plan_approvals AS pa WHERE pa.plan_id = ?0
	UNION ALL SELECT pp.published_at, 'published', coalesce(u.full_name, ''), '', '', 1, pp.id, '', 0 FROM plan_publications AS pp
		LEFT JOIN users AS u ON u.id = pp.published_by WHERE pp.plan_id = ?0
	UNION ALL SELECT r.submitted_at, 'report_submitted', coalesce(u.full_name, ''), '', r.period, 2, 2 * r.id, '', 0 FROM progress_reports AS r
		LEFT JOIN users AS u ON u.id = r.submitted_by WHERE r.plan_id = ?0
	UNION ALL SELECT r.decided_at, 'report_' || r.status, coalesce(u.full_name, ''), r.remarks, r.period, 2, 2 * r.id + 1, '', 0 FROM progress_reports AS r
		LEFT JOIN users AS u ON u.id = r.decided_by WHERE r.plan_id = ?0 AND r.decided_at IS NOT NULL
	UNION ALL SELECT fu.at, 'file_update', fu.actor_name, '', '', 3, 2 * fu.id, fu.file_name, fu.id FROM plan_file_updates AS fu WHERE fu.plan_id = ?0
	UNION ALL SELECT fu.restored_at, 'file_restored', fu.restored_name, '', '', 3, 2 * fu.id + 1, fu.file_name, fu.id FROM plan_file_updates AS fu
		WHERE fu.plan_id = ?0 AND fu.restored_at IS NOT NULL`, planID)
	q := s.db.NewSelect().TableExpr("(?) AS l", steps).ColumnExpr("l.at, l.action, l.actor_name, l.remarks, l.period, l.file_name, l.update_id").
		Join("JOIN plans AS p ON p.id = ?", planID).OrderExpr("l.at, l.src, l.seq") // one clock tick may hold several steps: each source in its own order
	if err := scoped(q, sc, "p.institution_id").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make([]domain.PlanLogEntry, len(rows))
	for i, r := range rows {
		out[i] = domain.PlanLogEntry{At: r.At, Action: r.Action, ActorName: r.ActorName, Remarks: r.Remarks, Period: domain.ReportPeriod(r.Period),
			FileName: r.FileName, UpdateID: r.UpdateID}
	}
	return out, nil
}

// AwaitingDecisions lists every plan and progress report visible in sc
// that waits for the founder's decision, of any year, oldest first, in one
// query whatever the number of institutions (docs/ux.md §5).
func (s *Store) AwaitingDecisions(ctx context.Context, sc domain.Scope) ([]domain.Decision, error) {
	var rows []struct {
		PlanID int64     `bun:"plan_id"`
		Year   int       `bun:"year"`
		Name   string    `bun:"name"`
		Kind   string    `bun:"kind"`
		Period string    `bun:"period"`
		Since  time.Time `bun:"since"`
		Zone   string    `bun:"time_zone"`
	}
	waiting := s.db.NewRaw(`SELECT p.id AS plan_id, 'plan' AS kind, '' AS period,
		coalesce((SELECT max(pa.at) FROM plan_approvals AS pa WHERE pa.plan_id = p.id AND pa.action = 'submitted'), p.updated_at) AS since
		FROM plans AS p WHERE p.status = 'submitted'
	UNION ALL SELECT r.plan_id, 'report', r.period, r.submitted_at FROM progress_reports AS r WHERE r.status = 'submitted'`)
	q := s.db.NewSelect().TableExpr("(?) AS w", waiting).ColumnExpr("w.*, p.year, i.name, i.time_zone").
		Join("JOIN plans AS p ON p.id = w.plan_id").Join("JOIN institutions AS i ON i.id = p.institution_id").
		OrderExpr("w.since, i.name")
	if err := scoped(q, sc, "p.institution_id").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make([]domain.Decision, len(rows))
	for i, r := range rows {
		out[i] = domain.Decision{PlanID: r.PlanID, Year: r.Year, Institution: r.Name, Kind: r.Kind, Period: domain.ReportPeriod(r.Period), Since: r.Since, TimeZone: r.Zone}
	}
	return out, nil
}

// ReviewQueue lists the items awaiting acceptance in the institutions
// visible in sc, across their plans, oldest first, with their checklist
// counts: one query whatever the number of items (docs/ux.md §7).
func (s *Store) ReviewQueue(ctx context.Context, sc domain.Scope) ([]domain.ReviewItem, error) {
	var rows []struct {
		itemRow      `bun:",extend"`
		AssigneeName string `bun:"assignee_name"`
		PlanTitle    string `bun:"plan_title"`
		PlanYear     int    `bun:"plan_year"`
		InstName     string `bun:"inst_name"`
		Points       int    `bun:"points"`
		PointsDone   int    `bun:"points_done"`
	}
	q := s.db.NewSelect().Model(&rows).ColumnExpr("it.*").
		ColumnExpr("coalesce(u.full_name, '') AS assignee_name, p.title AS plan_title, p.year AS plan_year, i.name AS inst_name").
		ColumnExpr("coalesce(cl.points, 0) AS points, coalesce(cl.done, 0) AS points_done").
		Join("JOIN plans AS p ON p.id = it.plan_id").
		Join("JOIN institutions AS i ON i.id = it.institution_id").
		Join("LEFT JOIN users AS u ON u.id = it.assignee_id").
		Join(`LEFT JOIN LATERAL (SELECT count(*) AS points, count(*) FILTER (WHERE c.done) AS done
			FROM item_checklist AS c WHERE c.item_id = it.id) AS cl ON true`).
		Where("it.status = ?", string(domain.StatusReview)).
		OrderExpr("it.updated_at, it.id")
	if err := scoped(q, sc, "it.institution_id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.ReviewItem, len(rows))
	for i, r := range rows {
		out[i] = domain.ReviewItem{Item: r.itemRow.domain(), PlanTitle: r.PlanTitle, PlanYear: r.PlanYear, Institution: r.InstName,
			AssigneeName: r.AssigneeName, Points: r.Points, PointsDone: r.PointsDone}
	}
	return out, nil
}
