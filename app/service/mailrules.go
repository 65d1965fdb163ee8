package service

import (
	"context"
	"strconv"

	"planboard/domain"
)

// MailRulesStore is what an institution's reminder rules need: the
// institution and its rules through the caller's scope (the write filters
// by the scope in its statement).
type MailRulesStore interface {
	Institution(ctx context.Context, sc domain.Scope, id int64) (domain.Institution, error)
	InstitutionMailRules(ctx context.Context, sc domain.Scope, id int64) (domain.MailRules, error)
	SaveInstitutionMailRules(ctx context.Context, sc domain.Scope, id int64, r domain.MailRules) error
}

// MailRulesForm is an institution's reminder rules as typed: the offsets
// ("7, 3, 1") and the day counts as text, the units chosen.
type MailRulesForm struct {
	Institution                                              int64
	Offsets, OverdueEvery, EscalateDirector, EscalateFounder string
	Weekends, RemindWorkingDays, EscalateWorkingDays         bool
}

// rulesInstitution loads the institution through the caller's scope and
// checks the right to edit its plans (a director, or the admin).
func (s *Service) rulesInstitution(ctx context.Context, who Caller, id int64) (domain.Institution, error) {
	inst, err := s.store.Institution(ctx, who.Scope(), id)
	if err != nil {
		return inst, err
	}
	return inst, who.authorize(domain.ActEditPlan, inst)
}

// MailRules reads an institution's reminder rules. Errors: ENotFound,
// EForbidden.
func (s *Service) MailRules(ctx context.Context, who Caller, institutionID int64) (domain.Institution, domain.MailRules, error) {
	inst, err := s.rulesInstitution(ctx, who, institutionID)
	if err != nil {
		return inst, domain.MailRules{}, err
	}
	r, err := s.store.InstitutionMailRules(ctx, who.Scope(), inst.ID)
	return inst, r, err
}

// SaveMailRules stores an institution's reminder rules. The institution is
// returned with every answer it was found for (a refused form is shown
// again). Errors: ENotFound, EForbidden, *domain.ValidationError ("offsets",
// "overdue_every", "escalate_director", "escalate_founder").
func (s *Service) SaveMailRules(ctx context.Context, who Caller, in MailRulesForm) (domain.Institution, error) {
	inst, err := s.rulesInstitution(ctx, who, in.Institution)
	if err != nil {
		return inst, err
	}
	r := domain.MailRules{Weekends: in.Weekends, RemindWorkingDays: in.RemindWorkingDays, EscalateWorkingDays: in.EscalateWorkingDays}
	var fe domain.FieldErrors
	if r.RemindOffsets, err = domain.ParseRemindOffsets("offsets", in.Offsets); err != nil {
		fe.Add("offsets", "mail.offsets.invalid")
	}
	r.OverdueEvery, _ = strconv.Atoi(in.OverdueEvery)
	r.EscalateDirector, _ = strconv.Atoi(in.EscalateDirector)
	r.EscalateFounder, _ = strconv.Atoi(in.EscalateFounder)
	if err := r.Validate(); err != nil {
		if ve, ok := err.(*domain.ValidationError); ok {
			for k, v := range ve.Fields {
				fe.Add(k, v)
			}
		}
	}
	if err := fe.Err(); err != nil {
		return inst, err
	}
	return inst, s.store.SaveInstitutionMailRules(ctx, who.Scope(), inst.ID, r)
}
