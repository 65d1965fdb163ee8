package storage

import (
	"context"

	"planboard/domain"
)

// PlanContents counts what goes with a plan visible in sc when it is
// deleted: one query.
func (s *Store) PlanContents(ctx context.Context, sc domain.Scope, planID int64) (domain.PlanContents, error) {
	var c struct {
		Items     int `bun:"items"`
		Points    int `bun:"points"`
		Comments  int `bun:"comments"`
		Evidence  int `bun:"evidence"`
		Reports   int `bun:"reports"`
		Approvals int `bun:"approvals"`
	}
	q := s.db.NewSelect().TableExpr("plans AS p").Where("p.id = ?", planID).
		ColumnExpr("(SELECT count(*) FROM items AS it WHERE it.plan_id = p.id) AS items").
		ColumnExpr("(SELECT count(*) FROM item_checklist AS cl JOIN items AS it ON it.id = cl.item_id WHERE it.plan_id = p.id) AS points").
		ColumnExpr("(SELECT count(*) FROM item_comments AS c JOIN items AS it ON it.id = c.item_id WHERE it.plan_id = p.id) AS comments").
		ColumnExpr("(SELECT count(*) FROM item_attachments AS a JOIN items AS it ON it.id = a.item_id WHERE it.plan_id = p.id) AS evidence").
		ColumnExpr("(SELECT count(*) FROM progress_reports AS r WHERE r.plan_id = p.id) AS reports").
		ColumnExpr("(SELECT count(*) FROM plan_approvals AS pa WHERE pa.plan_id = p.id) AS approvals")
	if err := scoped(q, sc, "p.institution_id").Scan(ctx, &c); err != nil {
		return domain.PlanContents{}, mapErr(err)
	}
	return domain.PlanContents(c), nil
}

// DeletePlan deletes a draft plan visible in sc with everything that hangs
// off it, and writes the audit entry, in one transaction with the plan row
// locked: a plan sent or approved meanwhile is EConflict.
func (s *Store) DeletePlan(ctx context.Context, sc domain.Scope, planID int64, audit domain.AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		var row planRow
		q := tx.db.NewSelect().Model(&row).Where("p.id = ?", planID).For("UPDATE")
		if err := scoped(q, sc, "p.institution_id").Scan(ctx); err != nil {
			return mapErr(err)
		}
		if ok, why := domain.PlanDeletable(row.domain()); !ok {
			return &domain.Error{Code: domain.EConflict, Message: why}
		}
		if _, err := tx.db.NewDelete().TableExpr("plans").Where("id = ?", planID).Exec(ctx); err != nil {
			return mapErr(err)
		}
		audit.At = tx.now()
		return tx.AddAudit(ctx, audit)
	})
}

// InstitutionPlanForYear returns the institution's plan for a year, visible
// in sc; none is domain.ErrNotFound.
func (s *Store) InstitutionPlanForYear(ctx context.Context, sc domain.Scope, institutionID int64, year int) (domain.Plan, error) {
	var row planRow
	q := s.db.NewSelect().Model(&row).Where("p.institution_id = ? AND p.year = ?", institutionID, year).Order("p.id").Limit(1)
	if err := scoped(q, sc, "p.institution_id").Scan(ctx); err != nil {
		return domain.Plan{}, mapErr(err)
	}
	return row.domain(), nil
}
