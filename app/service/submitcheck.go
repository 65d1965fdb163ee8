package service

import (
	"context"

	"planboard/domain"
)

// SubmitWarnings lists what the plan's editor should look at before
// sending the plan to the founder (domain.SubmitWarnings); it blocks
// nothing. Errors: ENotFound, EForbidden (not who may send it).
func (s *Service) SubmitWarnings(ctx context.Context, who Caller, planID int64) ([]domain.PlanWarning, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(PlanAction(domain.PlanTrSubmit), inst); err != nil {
		return nil, err
	}
	items, err := s.store.PlanItems(ctx, who.Scope(), plan.ID)
	if err != nil {
		return nil, err
	}
	return domain.SubmitWarnings(plan, items), nil
}
