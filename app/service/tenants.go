package service

import (
	"context"

	"planboard/domain"
)

// TenantStore is what the admin's founders and institutions need.
type TenantStore interface {
	CreateFounder(ctx context.Context, f *domain.Founder) error
	CreateInstitution(ctx context.Context, in *domain.Institution) error
}

// administer is the admin's right: founders, institutions, the ledgers.
func (c Caller) administer() error {
	if !domain.Can(c.Actor, domain.ActAdminister, domain.Resource{}) {
		return ErrForbidden
	}
	return nil
}

// CreateFounder adds a founder (the admin's). Errors: EForbidden,
// *domain.ValidationError.
func (s *Service) CreateFounder(ctx context.Context, who Caller, in domain.FounderInput) (domain.Founder, error) {
	if err := who.administer(); err != nil {
		return domain.Founder{}, err
	}
	f, fe := in.Founder()
	if len(fe) > 0 {
		return domain.Founder{}, fe.Err()
	}
	if err := s.store.CreateFounder(ctx, &f); err != nil {
		return domain.Founder{}, err
	}
	return f, nil
}

// CreateInstitution adds an institution under a founder (the admin's).
// Errors: EForbidden, *domain.ValidationError (a taken slug is
// inst_slug: admin.slug_taken; an unknown founder inst_founder).
func (s *Service) CreateInstitution(ctx context.Context, who Caller, in domain.InstitutionInput) (domain.Institution, error) {
	if err := who.administer(); err != nil {
		return domain.Institution{}, err
	}
	inst, fe := in.Institution()
	if len(fe) > 0 {
		return domain.Institution{}, fe.Err()
	}
	if err := s.store.CreateInstitution(ctx, &inst); err != nil {
		return domain.Institution{}, institutionError(err)
	}
	return inst, nil
}

// institutionError names the field a refused institution is wrong in.
func institutionError(err error) error {
	switch domain.ErrorCode(err) {
	case domain.EConflict:
		return domain.FieldError("inst_slug", "admin.slug_taken")
	case domain.EInvalid:
		return domain.FieldError("inst_founder", "admin.founder_required")
	}
	return err
}
