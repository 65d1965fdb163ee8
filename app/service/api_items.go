package service

import (
	"context"
	"strconv"

	"planboard/domain"
)

// ItemPlanning changes who is responsible for one item and/or when it is
// due, at the version the caller saw: what the JSON API's assign and
// move-deadline calls send.
type ItemPlanning struct {
	ItemID   int64
	Version  int
	Assignee *string // a member's id, "0" for nobody; nil keeps the item's
	Deadline string  // as people write it («30.06.2027», «IV квартал 2027»); "" keeps the item's
	Reason   string  // why the deadline moves, where the rules ask for one
}

// PlanItem assigns an item and/or moves its deadline (the plan's editor's),
// with the history and the new responsible person's mail saved with it.
// Errors: ENotFound, EForbidden, EInvalid ("assignee", "deadline",
// "deadline_reason"), domain.ErrStale.
func (s *Service) PlanItem(ctx context.Context, who Caller, in ItemPlanning) (domain.Item, error) {
	ic, err := s.Item(ctx, who, in.ItemID, domain.ActEditPlan)
	if err != nil {
		return domain.Item{}, err
	}
	if in.Version != ic.Item.Version {
		return domain.Item{}, domain.ErrStale
	}
	cur := ic.Item
	var fe domain.FieldErrors
	reason := fe.Line("deadline_reason", in.Reason)
	if in.Assignee != nil {
		id, err := strconv.ParseInt(*in.Assignee, 10, 64)
		switch {
		case *in.Assignee == "" || id == 0:
			cur.AssigneeID = 0
		case err != nil || domain.MemberName(ic.Members, id) == "":
			fe.Add("assignee", "item.assignee_unknown")
		default:
			cur.AssigneeID = id
		}
	}
	if in.Deadline != "" {
		if d, err := domain.ParseDeadline(in.Deadline); err != nil {
			fe.Add("deadline", "deadline.invalid")
		} else if err := cur.MoveDeadline(d, reason, ic.Plan.Status); err != nil {
			fe.Add("deadline_reason", "item.deadline_reason_required")
		}
	}
	if in.Assignee == nil && in.Deadline == "" {
		fe.Add("assignee", "bulk.nothing_to_set")
	}
	if len(fe) > 0 {
		return domain.Item{}, fe.Err()
	}
	u := domain.ItemUpdate{Scope: who.Scope(), Old: ic.Item, New: cur, By: who.User, Names: ic.Name, Note: reason}
	if u.Notices, err = s.assignmentNotices(who, ic, cur, cur.CoAssignees); err != nil {
		return domain.Item{}, err
	}
	if err := s.saveItem(ctx, who, ic, u); err != nil {
		return domain.Item{}, err
	}
	return cur, nil
}
