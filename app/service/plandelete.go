package service

import (
	"context"

	"planboard/domain"
)

// PlanDeleteStore is what deleting a draft plan needs.
type PlanDeleteStore interface {
	PlanContents(ctx context.Context, sc domain.Scope, planID int64) (domain.PlanContents, error)
	DeletePlan(ctx context.Context, sc domain.Scope, planID int64, audit domain.AuditEntry) error
	InstitutionPlanForYear(ctx context.Context, sc domain.Scope, institutionID int64, year int) (domain.Plan, error)
}

// PlanDeletion is what the confirmation of deleting a plan shows: the
// plan, what goes with it, and whether it may go at all (Why: the message
// key of the reason it may not).
type PlanDeletion struct {
	Plan        domain.Plan
	Institution domain.Institution
	Contents    domain.PlanContents
	Deletable   bool
	Why         string
}

// PlanToDelete reads a plan for the confirmation of its deletion, for the
// plan's editor. Errors: ENotFound (foreign or missing), EForbidden.
func (s *Service) PlanToDelete(ctx context.Context, who Caller, planID int64) (*PlanDeletion, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return nil, err
	}
	c, err := s.store.PlanContents(ctx, who.Scope(), plan.ID)
	if err != nil {
		return nil, err
	}
	d := &PlanDeletion{Plan: plan, Institution: inst, Contents: c}
	d.Deletable, d.Why = domain.PlanDeletable(plan)
	return d, nil
}

// DeletePlan deletes a draft plan with its items, their checklists,
// comments, evidence and history, in one transaction with an audit entry
// (ip: the request's address). Errors: ENotFound, EForbidden, EConflict
// (the plan is not a draft: sent to or approved by the founder).
func (s *Service) DeletePlan(ctx context.Context, who Caller, planID int64, ip string) (domain.Plan, error) {
	d, err := s.PlanToDelete(ctx, who, planID)
	if err != nil {
		return domain.Plan{}, err
	}
	if !d.Deletable {
		return domain.Plan{}, &domain.Error{Code: domain.EConflict, Message: d.Why}
	}
	audit := domain.AuditEntry{ActorID: who.User.ID, ActorEmail: who.User.Email, Action: domain.AuditPlanDeleted,
		InstitutionID: d.Institution.ID, IP: ip, Detail: d.Plan.Title}
	return d.Plan, s.store.DeletePlan(ctx, who.Scope(), d.Plan.ID, audit)
}
