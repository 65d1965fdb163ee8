package service

import (
	"context"

	"planboard/domain"
)

// ItemStore is what the item use cases need.
type ItemStore interface {
	ItemWithAssignees(ctx context.Context, sc domain.Scope, id int64) (domain.Item, error)
	PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error)
	PlanItemsByID(ctx context.Context, sc domain.Scope, planID int64, ids []int64) ([]domain.Item, error)
	InstitutionMembers(ctx context.Context, institutionID int64) ([]domain.Member, error)
	UpdateItem(ctx context.Context, u domain.ItemUpdate) error
	UpdateItems(ctx context.Context, us []domain.ItemUpdate, n domain.Notices) error
}

// ItemContext is an item loaded through the caller's scope with its plan,
// institution and members: what a use case decides on and a page shows.
type ItemContext struct {
	Item    domain.Item
	Plan    domain.Plan
	Inst    domain.Institution
	Members []domain.Member
}

// Name returns a member's full name (or e-mail), "" for nobody.
func (ic *ItemContext) Name(id int64) string { return domain.MemberName(ic.Members, id) }

// Item loads an item through the caller's scope and checks act (the item's
// assignees count for work). A foreign or missing id is domain.ErrNotFound.
func (s *Service) Item(ctx context.Context, who Caller, id int64, act domain.Action) (*ItemContext, error) {
	sc := who.Scope()
	it, err := s.store.ItemWithAssignees(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	plan, inst, err := s.store.PlanWithInstitution(ctx, sc, it.PlanID)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(act, inst, it.Assignees()...); err != nil {
		return nil, err
	}
	members, err := s.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return nil, err
	}
	return &ItemContext{Item: it, Plan: plan, Inst: inst, Members: members}, nil
}

// TransitionAction is the permission a workflow step needs: the assignee's
// own work, or the director's review.
func TransitionAction(t domain.Transition) domain.Action {
	switch t {
	case domain.TrStart, domain.TrSubmit, domain.TrUnstart:
		return domain.ActWorkItem
	}
	return domain.ActReviewItem
}

// StatusChange is one workflow step on an item, as any surface sends it.
type StatusChange struct {
	ItemID      int64
	Transition  domain.Transition
	To          domain.ItemStatus // instead of Transition: the target column of a drag and drop
	Version     int
	Reason      string
	Implemented string
	CompletedOn string // ISO date, e.g. 2026-11-23
	// Evidence reads the attached proof; it is called only once the step
	// is allowed and valid (an upload is parsed after the policy has spoken).
	Evidence func() ([]domain.Attachment, error)
}

// ChangeStatus performs one workflow step: authorised for what it does
// (whatever column it came from), at the version the form was opened with
// (domain.ErrStale otherwise), with the step's fields validated by the
// domain, the evidence and the mails saved with it. Errors: ENotFound,
// EForbidden, EConflict (a step not allowed from the status; ErrStale),
// EInvalid with the field.
func (s *Service) ChangeStatus(ctx context.Context, who Caller, in StatusChange) (domain.Item, error) {
	ic, err := s.Item(ctx, who, in.ItemID, domain.ActView)
	if err != nil {
		return domain.Item{}, err
	}
	t := in.Transition
	if in.To != "" {
		var ok bool
		if t, ok = domain.TransitionTo(ic.Item.Status, in.To); !ok || t == domain.TrReopen {
			return domain.Item{}, &domain.Error{Code: domain.EConflict, Message: "status.transition_not_allowed"}
		}
	}
	if err := who.authorize(TransitionAction(t), ic.Inst, ic.Item.Assignees()...); err != nil {
		return domain.Item{}, err
	}
	if in.Version != ic.Item.Version {
		return domain.Item{}, domain.ErrStale
	}
	cur := ic.Item
	in.Reason, in.Implemented = domain.CleanMultiline(in.Reason), domain.CleanMultiline(in.Implemented) // textareas
	on, _ := domain.ParseISODate(in.CompletedOn)
	if err := cur.Apply(t, in.Reason, in.Implemented, on); err != nil {
		return domain.Item{}, err
	}
	var ev []domain.Attachment
	if in.Evidence != nil {
		if ev, err = in.Evidence(); err != nil {
			return domain.Item{}, err
		}
	}
	u := domain.ItemUpdate{Scope: who.Scope(), Old: ic.Item, New: cur, By: who.User, Names: ic.Name, Note: in.Reason, Evidence: ev}
	if u.Notices, err = s.statusNotices(who, ic, t, cur, in); err != nil {
		return domain.Item{}, err
	}
	if err := s.saveItem(ctx, who, ic, u); err != nil {
		return domain.Item{}, err
	}
	return cur, nil
}

// saveItem writes a step on one item with its mails and webhook events (a
// conflict is the stale form: domain.ErrStale) and drops the dashboard's
// figures. u.Note is the reason the events carry.
func (s *Service) saveItem(ctx context.Context, who Caller, ic *ItemContext, u domain.ItemUpdate) error {
	u.Notices.Events = s.itemEvents(who, ic.Inst, ic.Plan, ic.Members, ic.Item, u.New, u.Note)
	if err := s.store.UpdateItem(ctx, u); err != nil {
		if domain.ErrorCode(err) == domain.EConflict {
			return domain.ErrStale
		}
		return err
	}
	return nil
}

// statusNotices: closing a task tells the directors it awaits acceptance;
// accepting or returning it tells its assignees (a return with the remark).
// Nobody is told of their own step.
func (s *Service) statusNotices(who Caller, ic *ItemContext, t domain.Transition, cur domain.Item, in StatusChange) (domain.Notices, error) {
	me := who.User.ID
	switch t {
	case domain.TrSubmit:
		return s.notices.ItemNotices(domain.MailReview, cur, ic.Inst, DirectorsOf(ic.Members, me), in.Implemented, s.now())
	case domain.TrAccept:
		return s.notices.ItemNotices(domain.MailAccepted, cur, ic.Inst, MembersOf(ic.Members, cur.Assignees(), me), "", s.now())
	case domain.TrReturn:
		return s.notices.ItemNotices(domain.MailReturned, cur, ic.Inst, MembersOf(ic.Members, cur.Assignees(), me), in.Reason, s.now())
	}
	return domain.Notices{}, nil
}

// MembersOf returns the institution's members among ids, except one user.
func MembersOf(members []domain.Member, ids []int64, except int64) []domain.User {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = id != except
	}
	var out []domain.User
	for _, m := range members {
		if want[m.User.ID] && m.User.Email != "" {
			out = append(out, m.User)
		}
	}
	return out
}

// DirectorsOf returns the institution's directors, except one user.
func DirectorsOf(members []domain.Member, except int64) []domain.User {
	var out []domain.User
	for _, m := range members {
		if m.Role == domain.RoleDirector && m.User.ID != except && m.User.Email != "" {
			out = append(out, m.User)
		}
	}
	return out
}
