package service

import (
	"context"
	"time"

	"planboard/domain"
)

// RegionStore is what the oversight tree's use cases need
// (docs/regions.md).
type RegionStore interface {
	CreateOverseer(ctx context.Context, o *domain.Overseer) error
	Overseers(ctx context.Context, sc domain.Scope) ([]domain.Overseer, error)
	Overseer(ctx context.Context, sc domain.Scope, id int64) (domain.Overseer, error)
	AttachFounder(ctx context.Context, founderID, overseerID int64) error
	FounderOverseers(ctx context.Context) (map[int64]int64, error)
	RegionFounders(ctx context.Context, sc domain.Scope) ([]domain.RegionFounder, error)
}

// CreateOverseer adds a node of the oversight tree (a region, or the
// federal level above regions) under in.ParentID (0: at the top); the
// admin's. Errors: EForbidden, *domain.ValidationError (region_name;
// an unknown parent region_parent).
func (s *Service) CreateOverseer(ctx context.Context, who Caller, in domain.OverseerInput) (domain.Overseer, error) {
	if err := who.administer(); err != nil {
		return domain.Overseer{}, err
	}
	o, fe := in.Overseer()
	if len(fe) > 0 {
		return domain.Overseer{}, fe.Err()
	}
	if err := s.store.CreateOverseer(ctx, &o); err != nil {
		if domain.ErrorCode(err) == domain.EInvalid {
			return domain.Overseer{}, domain.FieldError("region_parent", "region.parent_unknown")
		}
		return domain.Overseer{}, err
	}
	return o, nil
}

// AttachFounder puts a founder under a node (0: takes it out of the tree);
// the admin's. Errors: EForbidden, EInvalid on attach_founder or
// attach_region when either is unknown.
func (s *Service) AttachFounder(ctx context.Context, who Caller, founderID, overseerID int64) error {
	if err := who.administer(); err != nil {
		return err
	}
	if founderID <= 0 {
		return domain.FieldError("attach_founder", "admin.founder_required")
	}
	if err := s.store.AttachFounder(ctx, founderID, overseerID); err != nil {
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.FieldError("attach_region", "region.attach_unknown")
		}
		return err
	}
	return nil
}

// RegionTree is the admin's view of the tree: every node and which node
// each attached founder hangs under.
type RegionTree struct {
	Nodes    []domain.Overseer
	Attached map[int64]int64 // founder id → node id
}

// RegionTree returns the whole tree (the admin's). Errors: EForbidden.
func (s *Service) RegionTree(ctx context.Context, who Caller) (RegionTree, error) {
	if err := who.administer(); err != nil {
		return RegionTree{}, err
	}
	nodes, err := s.store.Overseers(ctx, domain.Scope{All: true})
	if err != nil {
		return RegionTree{}, err
	}
	at, err := s.store.FounderOverseers(ctx)
	return RegionTree{Nodes: nodes, Attached: at}, err
}

// regionInviteTarget is inviteTarget for a region's person: the admin's
// only (nobody else sees the form: ENotFound), into a node that exists.
func (s *Service) regionInviteTarget(ctx context.Context, who Caller, in Invitation) (string, *time.Location, error) {
	if in.Role != domain.RoleRegion || who.administer() != nil {
		return "", nil, domain.ErrNotFound
	}
	o, err := s.store.Overseer(ctx, domain.Scope{All: true}, in.OverseerID)
	if err != nil {
		return "", nil, domain.FieldError("region_id", "region.required")
	}
	return o.Name, time.UTC, nil
}
