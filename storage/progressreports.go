package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

type progressReportRow struct {
	bun.BaseModel `bun:"table:progress_reports,alias:pr"`
	ID            int64      `bun:"id,pk,autoincrement"`
	PlanID        int64      `bun:"plan_id"`
	InstitutionID int64      `bun:"institution_id"`
	Period        string     `bun:"period"`
	AsOf          time.Time  `bun:"as_of"`
	Status        string     `bun:"status"`
	Remarks       string     `bun:"remarks"`
	SubmittedBy   int64      `bun:"submitted_by,nullzero"`
	SubmittedAt   time.Time  `bun:"submitted_at,nullzero,default:now()"`
	DecidedBy     int64      `bun:"decided_by,nullzero"`
	DecidedAt     *time.Time `bun:"decided_at"`
}

func (r *progressReportRow) domain() domain.ProgressReport {
	p := domain.ProgressReport{ID: r.ID, PlanID: r.PlanID, InstitutionID: r.InstitutionID, Period: domain.ReportPeriod(r.Period),
		AsOf: domain.DateOf(r.AsOf.UTC()), Status: r.Status, Remarks: r.Remarks, SubmittedAt: r.SubmittedAt}
	if r.DecidedAt != nil {
		p.DecidedAt = *r.DecidedAt
	}
	return p
}

type reportRowRow struct {
	bun.BaseModel `bun:"table:progress_report_rows,alias:rr"`
	ReportID      int64      `bun:"report_id"`
	ItemID        int64      `bun:"item_id"`
	Section       string     `bun:"section"`
	Position      int        `bun:"position"`
	Measure       string     `bun:"measure"`
	Status        string     `bun:"status"`
	Implemented   string     `bun:"implemented"`
	CompletedOn   *time.Time `bun:"completed_on"`
}

// SubmitProgressReport records a progress report for a plan visible in sc
// and freezes columns 5a/5b of every item (cancelled ones aside) in the same
// transaction, with one INSERT … SELECT whatever the number of items. A
// second open report for the same period is EConflict.
func (s *Store) SubmitProgressReport(ctx context.Context, sc domain.Scope, r *domain.ProgressReport, by int64, n domain.Notices) error {
	return s.InTx(ctx, func(tx *Store) error {
		plan, err := tx.Plan(ctx, sc, r.PlanID)
		if err != nil {
			return err
		}
		row := &progressReportRow{PlanID: plan.ID, InstitutionID: plan.InstitutionID, Period: string(r.Period),
			AsOf: r.AsOf.Time(time.UTC), Status: domain.ReportSubmitted, SubmittedBy: by, SubmittedAt: tx.stamp(r.SubmittedAt)}
		if _, err := tx.db.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
			return mapErr(err)
		}
		// Work finished after the as-of day is not part of this report.
		_, err = tx.db.NewRaw(`INSERT INTO progress_report_rows
			(report_id, item_id, section, position, measure, status, implemented, completed_on)
			SELECT ?, id, section, position, measure, status,
			       CASE WHEN completed_on IS NULL OR completed_on <= ? THEN implemented ELSE '' END,
			       CASE WHEN completed_on <= ? THEN completed_on END
			FROM items WHERE plan_id = ? AND status <> 'cancelled'`,
			row.ID, row.AsOf, row.AsOf, plan.ID).Exec(ctx)
		if err != nil {
			return mapErr(err)
		}
		*r = row.domain()
		return tx.planNotices(ctx, n.Assigned(r.ID))
	})
}

// DecideProgressReport accepts or returns (with remarks) a submitted report
// of a plan visible in sc, with its notices, in one transaction. Deciding
// twice is EConflict.
func (s *Store) DecideProgressReport(ctx context.Context, sc domain.Scope, planID, reportID int64, status, remarks string, by int64, at time.Time, n domain.Notices) error {
	return s.InTx(ctx, func(tx *Store) error {
		q := tx.db.NewUpdate().Model((*progressReportRow)(nil)).
			Set("status = ?, remarks = ?, decided_by = ?, decided_at = ?", status, remarks, by, at).
			Where("pr.id = ? AND pr.plan_id = ?", reportID, planID)
		if !sc.All {
			q = q.Where("(pr.institution_id = ANY(?) OR pr.institution_id IN (SELECT id FROM institutions WHERE founder_id = ANY(?)))",
				pgdialect.Array(nonNil(sc.InstitutionIDs)), pgdialect.Array(nonNil(sc.FounderIDs)))
		}
		res, err := q.Where("pr.status = ?", domain.ReportSubmitted).Exec(ctx)
		if err := affectedOne(res, err); err != nil {
			if _, ferr := tx.ProgressReport(ctx, sc, planID, reportID); ferr == nil {
				return &domain.Error{Code: domain.EConflict, Message: "report.already_decided"}
			}
			return err
		}
		return tx.planNotices(ctx, n)
	})
}

// ProgressReport returns one report of a plan visible in sc, with its frozen rows.
func (s *Store) ProgressReport(ctx context.Context, sc domain.Scope, planID, reportID int64) (domain.ProgressReport, error) {
	var row progressReportRow
	q := s.db.NewSelect().Model(&row).Where("pr.id = ? AND pr.plan_id = ?", reportID, planID)
	if err := scoped(q, sc, "pr.institution_id").Scan(ctx); err != nil {
		return domain.ProgressReport{}, mapErr(err)
	}
	var rows []reportRowRow
	err := s.db.NewSelect().Model(&rows).Where("rr.report_id = ?", row.ID).
		OrderExpr("CASE rr.section WHEN 'org' THEN 0 ELSE rr.section::int END, rr.position, rr.item_id").Scan(ctx)
	if err != nil {
		return domain.ProgressReport{}, err
	}
	r := row.domain()
	for _, x := range rows {
		r.Rows = append(r.Rows, domain.ReportRow{ItemID: x.ItemID, Section: domain.Section(x.Section), Position: x.Position,
			Measure: x.Measure, Status: domain.ItemStatus(x.Status), Implemented: x.Implemented, CompletedOn: fromNullDate(x.CompletedOn)})
	}
	return r, nil
}

// ProgressReports lists the reports of a plan visible in sc, newest first (without rows).
func (s *Store) ProgressReports(ctx context.Context, sc domain.Scope, planID int64) ([]domain.ProgressReport, error) {
	var rows []progressReportRow
	q := s.db.NewSelect().Model(&rows).Where("pr.plan_id = ?", planID).Order("pr.id DESC")
	if err := scoped(q, sc, "pr.institution_id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.ProgressReport, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}
