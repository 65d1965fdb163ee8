package service

import (
	"context"

	"planboard/domain"
)

// PlanEditStore is what creating, editing and copying plans needs.
type PlanEditStore interface {
	Institutions(ctx context.Context, sc domain.Scope) ([]domain.Institution, error)
	Template(ctx context.Context, code string) (domain.Template, error)
	InstitutionMembers(ctx context.Context, institutionID int64) ([]domain.Member, error)
	PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error)
	CreatePlanWithNotices(ctx context.Context, p *domain.Plan, items []domain.Item, by domain.User, n domain.Notices) error
	UpdatePlan(ctx context.Context, sc domain.Scope, p domain.Plan) error
	CopyUnfinished(ctx context.Context, sc domain.Scope, from domain.Plan, by domain.User) (domain.Plan, error)
}

// EditableInstitutions lists the institutions in the caller's scope where
// the caller may create and edit plans.
func (s *Service) EditableInstitutions(ctx context.Context, who Caller) ([]domain.Institution, error) {
	all, err := s.store.Institutions(ctx, who.Scope())
	if err != nil {
		return nil, err
	}
	var out []domain.Institution
	for _, in := range all {
		if who.can(domain.ActEditPlan, in) {
			out = append(out, in)
		}
	}
	return out, nil
}

// NewPlan is a plan to create: the form's fields and the title to use when
// none is typed (the surface words it in the caller's language).
type NewPlan struct {
	domain.PlanInput
	DefaultTitle func(year int) string
}

// CreatePlan creates a year's plan, empty or with a template's items, in one
// transaction. Errors: EForbidden (no institution the caller edits),
// *domain.ValidationError (institution, year, title, template; a year that
// already has a plan is "year": "planform.year_taken").
func (s *Service) CreatePlan(ctx context.Context, who Caller, in NewPlan) (domain.Plan, error) {
	editable, err := s.EditableInstitutions(ctx, who)
	if err != nil {
		return domain.Plan{}, err
	}
	if len(editable) == 0 {
		return domain.Plan{}, ErrForbidden
	}
	ch, fe := in.Validate(editable)
	var items []domain.Item
	if in.Template != "" {
		t, err := s.store.Template(ctx, in.Template)
		if err == nil && len(fe) == 0 {
			items, err = domain.ItemsFromTemplate(t, ch.Year)
		}
		if err != nil {
			fe.Add("template", "planform.template_unknown")
		}
	}
	if len(fe) > 0 {
		return domain.Plan{}, fe.Err()
	}
	if in.Title == "" && in.DefaultTitle != nil {
		in.Title = in.DefaultTitle(ch.Year)
	}
	p := &domain.Plan{InstitutionID: ch.Institution.ID, Year: ch.Year, Title: in.Title, TemplateCode: in.Template,
		PeriodStart: domain.NewDate(ch.Year, 1, 1), PeriodEnd: domain.NewDate(ch.Year, 12, 31)}
	members, err := s.store.InstitutionMembers(ctx, ch.Institution.ID)
	if err != nil {
		return domain.Plan{}, err
	}
	n := domain.Notices{EventsFor: s.createdEvents(who, ch.Institution, p, members, items)}
	if err := s.store.CreatePlanWithNotices(ctx, p, items, who.User, n); err != nil {
		if domain.ErrorCode(err) == domain.EConflict {
			return domain.Plan{}, domain.FieldErrors{"year": "planform.year_taken"}.Err()
		}
		return domain.Plan{}, err
	}
	return *p, nil
}

// UpdatePlan saves a plan's title and period at the version the page was
// opened with. Errors: ENotFound, EForbidden, domain.ErrStale,
// *domain.ValidationError.
func (s *Service) UpdatePlan(ctx context.Context, who Caller, planID int64, version int, in domain.PlanEdit) (domain.Plan, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return domain.Plan{}, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return domain.Plan{}, err
	}
	if version != plan.Version {
		return domain.Plan{}, domain.ErrStale
	}
	if fe := in.ApplyTo(&plan); len(fe) > 0 {
		return domain.Plan{}, fe.Err()
	}
	if err := s.store.UpdatePlan(ctx, who.Scope(), plan); err != nil {
		return domain.Plan{}, err
	}
	plan.Version++
	return plan, nil
}

// CopyPlan creates next year's plan with the open items of a plan. Errors:
// ENotFound, EForbidden, EConflict (next year's plan exists).
func (s *Service) CopyPlan(ctx context.Context, who Caller, planID int64) (domain.Plan, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return domain.Plan{}, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return domain.Plan{}, err
	}
	next, err := s.store.CopyUnfinished(ctx, who.Scope(), plan, who.User)
	if err != nil {
		return domain.Plan{}, err
	}
	return next, nil
}
