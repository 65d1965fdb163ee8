package service

import (
	"context"

	"planboard/domain"
)

// FileRestore is what restoring a plan's version before an update from a
// file would do: the items that go back to their earlier text and the
// items the update added, which are deleted.
type FileRestore struct {
	Plan        domain.Plan
	Institution domain.Institution
	Record      domain.PlanFileUpdateRecord
	Reverted    []domain.Item // the items as they will be again
	Removed     []domain.Item // the added items still in the plan
}

// loadRestore reads an update from a file of a plan through the caller's
// scope, for the plan's editor, with the plan's items as they are now.
func (s *Service) loadRestore(ctx context.Context, who Caller, planID, id int64) (*FileRestore, []domain.Item, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return nil, nil, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return nil, nil, err
	}
	rec, err := s.store.PlanFileUpdate(ctx, who.Scope(), plan.ID, id)
	if err != nil {
		return nil, nil, err
	}
	if rec.Restored || !rec.Latest {
		return nil, nil, &domain.Error{Code: domain.EConflict, Message: "fileupdate.not_latest"}
	}
	items, err := s.store.PlanItems(ctx, who.Scope(), plan.ID)
	if err != nil {
		return nil, nil, err
	}
	fr := &FileRestore{Plan: plan, Institution: inst, Record: rec, Reverted: rec.Before}
	added := map[int64]bool{}
	for _, id := range rec.AddedIDs {
		added[id] = true
	}
	for _, it := range items {
		if added[it.ID] {
			fr.Removed = append(fr.Removed, it)
		}
	}
	return fr, items, nil
}

// PlanFileRestore says what restoring the version before an update from a
// file would change, for the confirmation. Errors: ENotFound (a foreign or
// missing plan or update), EForbidden (not the plan's editor), EConflict
// (restored already, or a later update is in force).
func (s *Service) PlanFileRestore(ctx context.Context, who Caller, planID, id int64) (*FileRestore, error) {
	fr, _, err := s.loadRestore(ctx, who, planID, id)
	return fr, err
}

// RestorePlanVersion brings a plan back to its version before an update
// from a file, in one transaction: each item the update changed takes its
// earlier values again (history per field, checklist with its ticks and
// НОК conditions), the items it added are deleted, and the log says so.
// Items deleted since are left deleted. Errors as PlanFileRestore, and
// EConflict (domain.ErrStale) when an item changed while restoring.
func (s *Service) RestorePlanVersion(ctx context.Context, who Caller, planID, id int64) (*FileRestore, error) {
	fr, items, err := s.loadRestore(ctx, who, planID, id)
	if err != nil {
		return nil, err
	}
	members, err := s.store.InstitutionMembers(ctx, fr.Institution.ID)
	if err != nil {
		return nil, err
	}
	now := map[int64]domain.Item{}
	for _, it := range items {
		now[it.ID] = it
	}
	names := func(id int64) string { return domain.MemberName(members, id) }
	var ups []domain.ItemUpdate
	for _, was := range fr.Record.Before {
		cur, ok := now[was.ID]
		if !ok {
			continue
		}
		back := was
		back.Version, back.Position, back.CoAssignees, back.Checklist = cur.Version, cur.Position, cur.CoAssignees, was.Checklist
		up := domain.ItemUpdate{Scope: who.Scope(), Old: cur, New: back, By: who.User, Names: names, Note: fr.Record.FileName}
		up.Notices.Events = s.itemEvents(who, fr.Institution, fr.Plan, members, cur, back, "")
		ups = append(ups, up)
	}
	if err := s.store.RestorePlanFileUpdate(ctx, who.Scope(), fr.Record, ups, who.User); err != nil {
		return nil, err
	}
	return fr, nil
}
