package service

import (
	"context"
	"strconv"

	"planboard/domain"
)

// BulkAssign sets the responsible person and/or the deadline of several
// items of one plan at once, as the plan table's form, the API or an
// import sends it.
type BulkAssign struct {
	PlanID   int64
	ItemIDs  []int64 // duplicates are ignored
	Assignee string  // a member's id; "" keeps each item's
	Deadline string  // as people write it («30.06.2027», «IV квартал 2027»); "" keeps each item's
	Reason   string  // why the deadline moves, where the rules ask for one
}

// BulkAssign applies in to every selected item in one transaction; each new
// responsible person gets one mail listing all of their items. It returns
// the number of items changed. Errors: ENotFound (the plan), EForbidden
// (not the plan's editor), EInvalid with fields "ids", "assignee",
// "deadline" or "reason", EConflict for an item changed meanwhile.
func (s *Service) BulkAssign(ctx context.Context, who Caller, in BulkAssign) (int, error) {
	sc := who.Scope()
	plan, inst, err := s.store.PlanWithInstitution(ctx, sc, in.PlanID)
	if err != nil {
		return 0, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return 0, err
	}
	members, err := s.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return 0, err
	}
	ids := uniqueIDs(in.ItemIDs)
	var fe domain.FieldErrors
	in.Reason = fe.Line("reason", in.Reason) // an input of the plan table's form: one line
	if len(ids) == 0 {
		fe.Add("ids", "bulk.none_selected")
	}
	assignee, _ := strconv.ParseInt(in.Assignee, 10, 64)
	if assignee != 0 && domain.MemberName(members, assignee) == "" {
		fe.Add("assignee", "item.assignee_unknown")
	}
	var dl *domain.Deadline
	if in.Deadline != "" {
		if d, err := domain.ParseDeadline(in.Deadline); err != nil {
			fe.Add("deadline", "deadline.invalid")
		} else {
			dl = &d
		}
	}
	if assignee == 0 && dl == nil {
		fe.Add("assignee", "bulk.nothing_to_set")
	}
	if len(fe) > 0 {
		return 0, fe.Err()
	}
	items, err := s.store.PlanItemsByID(ctx, sc, in.PlanID, ids)
	if err != nil {
		return 0, err
	}
	names := func(id int64) string { return domain.MemberName(members, id) }
	us := make([]domain.ItemUpdate, 0, len(items))
	for _, it := range items {
		cur := it
		if assignee != 0 {
			cur.AssigneeID = assignee
		}
		if dl != nil {
			if err := cur.MoveDeadline(*dl, in.Reason, plan.Status); err != nil {
				fe.Add("reason", "item.deadline_reason_required")
				return 0, fe.Err()
			}
		}
		us = append(us, domain.ItemUpdate{Scope: sc, Old: it, New: cur, By: who.User, Names: names, Note: in.Reason})
	}
	notices, err := s.assignedNotices(who, us, members, inst)
	if err != nil {
		return 0, err
	}
	for _, u := range us {
		notices.Events = append(notices.Events, s.itemEvents(who, inst, plan, members, u.Old, u.New, in.Reason)...)
	}
	if err := s.store.UpdateItems(ctx, us, notices); err != nil {
		return 0, err
	}
	return len(us), nil
}

// assignedNotices: each new responsible person gets one mail listing all of
// their newly assigned items (never the caller).
func (s *Service) assignedNotices(who Caller, us []domain.ItemUpdate, members []domain.Member, inst domain.Institution) (domain.Notices, error) {
	people := map[int64]domain.User{}
	for _, m := range members {
		if m.User.ID != who.User.ID && m.User.Email != "" {
			people[m.User.ID] = m.User
		}
	}
	by := map[int64][]domain.Item{}
	for _, u := range us {
		if id := u.New.AssigneeID; id != u.Old.AssigneeID && people[id].ID != 0 {
			by[id] = append(by[id], u.New)
		}
	}
	return s.notices.AssignedNotices(by, people, inst, s.now())
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			out, seen[id] = append(out, id), true
		}
	}
	return out
}
