package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type approvalRow struct {
	bun.BaseModel `bun:"table:plan_approvals,alias:pa"`
	ID            int64     `bun:"id,pk,autoincrement"`
	PlanID        int64     `bun:"plan_id"`
	InstitutionID int64     `bun:"institution_id"`
	Action        string    `bun:"action"`
	ActorID       int64     `bun:"actor_id,nullzero"`
	ActorName     string    `bun:"actor_name"`
	ActorPosition string    `bun:"actor_position"`
	Remarks       string    `bun:"remarks"`
	OnDate        time.Time `bun:"on_date"`
	At            time.Time `bun:"at,nullzero,default:now()"`
}

func (r *approvalRow) domain() domain.Approval {
	return domain.Approval{ID: r.ID, PlanID: r.PlanID, InstitutionID: r.InstitutionID, Action: r.Action,
		ActorID: r.ActorID, ActorName: r.ActorName, ActorPosition: r.ActorPosition, Remarks: r.Remarks,
		OnDate: domain.DateOf(r.OnDate.UTC()), At: r.At}
}

// TransitionPlan moves a plan visible in sc through t (submit, approve,
// return, close) and records the step with its remarks, in one transaction
// with the plan row locked, so two founders clicking at once cannot both
// approve. A step not allowed from the current status is EConflict.
func (s *Store) TransitionPlan(ctx context.Context, sc domain.Scope, planID int64, t domain.PlanTransition, a domain.Approval, n domain.Notices) (domain.Plan, error) {
	var plan domain.Plan
	err := s.InTx(ctx, func(tx *Store) error {
		var row planRow
		q := tx.db.NewSelect().Model(&row).Where("p.id = ?", planID).For("UPDATE OF p")
		if err := scoped(q, sc, "p.institution_id").Scan(ctx); err != nil {
			return mapErr(err)
		}
		next, err := t.Apply(domain.PlanStatus(row.Status))
		if err != nil {
			return err
		}
		_, err = tx.db.NewUpdate().Model(&row).Set("status = ?", string(next)).Set("version = version + 1").
			Set("updated_at = ?", tx.stamp(a.At)).WherePK().Returning("*").Exec(ctx)
		if err != nil {
			return mapErr(err)
		}
		plan = row.domain()
		if act := t.ApprovalAction(); act != "" {
			rec := &approvalRow{PlanID: row.ID, InstitutionID: row.InstitutionID, Action: act, ActorID: a.ActorID,
				ActorName: a.ActorName, ActorPosition: a.ActorPosition, Remarks: a.Remarks,
				OnDate: a.OnDate.Time(time.UTC), At: tx.stamp(a.At)}
			if _, err := tx.db.NewInsert().Model(rec).Exec(ctx); err != nil {
				return mapErr(err)
			}
		}
		return tx.planNotices(ctx, n)
	})
	return plan, err
}

// PlanApprovals returns the approval steps of a plan visible in sc, oldest first.
func (s *Store) PlanApprovals(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Approval, error) {
	var rows []approvalRow
	q := s.db.NewSelect().Model(&rows).Where("pa.plan_id = ?", planID).Order("pa.id")
	if err := scoped(q, sc, "pa.institution_id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.Approval, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// PlanHistorySince returns the item history of a plan visible in sc recorded
// after a moment (the approval), oldest first: what changed since the
// founder approved. One query whatever the number of items.
func (s *Store) PlanHistorySince(ctx context.Context, sc domain.Scope, planID int64, since time.Time) ([]domain.HistoryEntry, error) {
	return s.history(ctx, sc, func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("h.plan_id = ? AND h.at > ?", planID, since).Where(changeActions)
	})
}

// changeActions selects the history entries that change an approved plan:
// items added or removed, deadlines moved.
const changeActions = "(h.action IN ('created', 'deleted', 'deadline_moved') OR h.field = 'deadline')"

// Reapprove records a new approval of an already approved plan visible in
// sc (the founder has seen the changes since): the «УТВЕРЖДАЮ» header takes
// the new date and the list of changes starts again. The plan row is locked;
// a plan that is not approved is EConflict.
func (s *Store) Reapprove(ctx context.Context, sc domain.Scope, planID int64, a domain.Approval, n domain.Notices) error {
	return s.InTx(ctx, func(tx *Store) error {
		var row planRow
		q := tx.db.NewSelect().Model(&row).Where("p.id = ?", planID).For("UPDATE OF p")
		if err := scoped(q, sc, "p.institution_id").Scan(ctx); err != nil {
			return mapErr(err)
		}
		if row.Status != string(domain.PlanApproved) {
			return &domain.Error{Code: domain.EConflict, Message: "status.transition_not_allowed"}
		}
		rec := &approvalRow{PlanID: row.ID, InstitutionID: row.InstitutionID, Action: "approved", ActorID: a.ActorID,
			ActorName: a.ActorName, ActorPosition: a.ActorPosition, Remarks: a.Remarks, OnDate: a.OnDate.Time(time.UTC), At: tx.stamp(a.At)}
		if _, err := tx.db.NewInsert().Model(rec).Exec(ctx); err != nil {
			return mapErr(err)
		}
		return tx.planNotices(ctx, n)
	})
}

// ReapprovalRequired reports whether an institution visible in sc wants
// changes after approval approved again.
func (s *Store) ReapprovalRequired(ctx context.Context, sc domain.Scope, institutionID int64) (bool, error) {
	var on bool
	q := s.db.NewSelect().TableExpr("institutions AS i").Column("i.reapproval_required").Where("i.id = ?", institutionID)
	if err := scoped(q, sc, "i.id").Scan(ctx, &on); err != nil {
		return false, mapErr(err)
	}
	return on, nil
}

// SetReapprovalRequired sets the institution's choice; the caller has
// checked that the user may edit the institution's plans.
func (s *Store) SetReapprovalRequired(ctx context.Context, institutionID int64, on bool) error {
	res, err := s.db.NewUpdate().Table("institutions").Set("reapproval_required = ?", on).Where("id = ?", institutionID).Exec(ctx)
	return affectedOne(res, err)
}
