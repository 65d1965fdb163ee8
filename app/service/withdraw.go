package service

import (
	"context"

	"planboard/domain"
)

// WithdrawPlan takes a submitted plan back to a draft before the founder
// decides (docs/ux.md §6): the director's step, recorded in the plan's log as
// «отозван» with the caller and the time, in one transaction with the plan
// row locked, so a founder approving at the same moment wins or loses as a
// whole. Errors: ENotFound (a foreign or missing plan), EForbidden (not the
// plan's editor), EConflict (the plan is not submitted: already decided).
func (s *Service) WithdrawPlan(ctx context.Context, who Caller, planID int64) (domain.Plan, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return domain.Plan{}, err
	}
	if err := who.authorize(PlanAction(domain.PlanTrWithdraw), inst); err != nil {
		return domain.Plan{}, err
	}
	next, err := s.store.TransitionPlan(ctx, who.Scope(), plan.ID, domain.PlanTrWithdraw, s.approval(who, inst, ""), domain.Notices{})
	if err != nil {
		return domain.Plan{}, err
	}
	return next, nil
}
