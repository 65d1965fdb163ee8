package service

import (
	"context"
	"fmt"

	"planboard/domain"
)

// PlanStore is what the plan use cases need.
type PlanStore interface {
	PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error)
	InstitutionMembers(ctx context.Context, institutionID int64) ([]domain.Member, error)
	FounderUsers(ctx context.Context, founderID int64) ([]domain.User, error)
	TransitionPlan(ctx context.Context, sc domain.Scope, planID int64, t domain.PlanTransition, a domain.Approval, n domain.Notices) (domain.Plan, error)
	Reapprove(ctx context.Context, sc domain.Scope, planID int64, a domain.Approval, n domain.Notices) error
}

// PlanAction is the permission a plan transition needs: submitting is the
// director's, approving and returning the founder's.
func PlanAction(t domain.PlanTransition) domain.Action {
	if t == domain.PlanTrApprove || t == domain.PlanTrReturn {
		return domain.ActApprovePlan
	}
	return domain.ActEditPlan
}

// TransitionPlan moves a plan through t (submit, approve, return) with the
// caller's approval record dated in the institution's zone; returning needs
// remarks. The founder's people hear of a submitted plan, the directors of
// the rest. Errors: ENotFound, EForbidden, EInvalid ("remarks"), EConflict
// for a step not allowed from the plan's status.
func (s *Service) TransitionPlan(ctx context.Context, who Caller, planID int64, t domain.PlanTransition, remarks string) (domain.Plan, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return domain.Plan{}, err
	}
	if err := who.authorize(PlanAction(t), inst); err != nil {
		return domain.Plan{}, err
	}
	remarks = domain.CleanMultiline(remarks)
	if t == domain.PlanTrReturn && remarks == "" {
		return domain.Plan{}, domain.FieldError("remarks", "approval.remarks_required")
	}
	notices, err := s.planNotices(ctx, who, t, plan, inst, remarks)
	if err != nil {
		return domain.Plan{}, err
	}
	notices.Events = s.planEvents(who, t, plan, inst, remarks, fmt.Sprintf("v%d", plan.Version))
	next, err := s.store.TransitionPlan(ctx, who.Scope(), plan.ID, t, s.approval(who, inst, remarks), notices)
	if err != nil {
		return domain.Plan{}, err
	}
	return next, nil
}

// Reapprove: the founder approves an approved plan again after seeing its
// changes; the «УТВЕРЖДАЮ» header takes the new date.
func (s *Service) Reapprove(ctx context.Context, who Caller, planID int64) error {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return err
	}
	if err := who.authorize(domain.ActApprovePlan, inst); err != nil {
		return err
	}
	notices, err := s.planNotices(ctx, who, domain.PlanTrApprove, plan, inst, "")
	if err != nil {
		return err
	}
	notices.Events = s.planEvents(who, domain.PlanTrApprove, plan, inst, "", "")
	if err := s.store.Reapprove(ctx, who.Scope(), plan.ID, s.approval(who, inst, ""), notices); err != nil {
		return err
	}
	return nil
}

// approval is the caller's approval step, dated in the institution's zone.
func (s *Service) approval(who Caller, inst domain.Institution, remarks string) domain.Approval {
	now := s.now()
	return domain.Approval{ActorID: who.User.ID, ActorName: who.User.FullName, ActorPosition: who.User.Position, Remarks: remarks,
		OnDate: domain.Today(now, inst.Location()), At: now}
}

// planNotices renders the "plan submitted/approved/returned" mails: a
// submitted plan goes to the founder's people, the others to the
// institution's directors; never to the caller.
func (s *Service) planNotices(ctx context.Context, who Caller, t domain.PlanTransition, plan domain.Plan, inst domain.Institution, remarks string) (domain.Notices, error) {
	if t.ApprovalAction() == "" {
		return domain.Notices{}, nil
	}
	me := who.User.ID
	var to []domain.User
	if t == domain.PlanTrSubmit {
		users, err := s.store.FounderUsers(ctx, inst.FounderID)
		if err != nil {
			return domain.Notices{}, err
		}
		for _, u := range users {
			if u.ID != me && u.Email != "" {
				to = append(to, u)
			}
		}
	} else {
		members, err := s.store.InstitutionMembers(ctx, inst.ID)
		if err != nil {
			return domain.Notices{}, err
		}
		to = DirectorsOf(members, me)
	}
	return s.notices.PlanNotices("plan_"+t.ApprovalAction(), plan, inst, to, remarks, s.now())
}
