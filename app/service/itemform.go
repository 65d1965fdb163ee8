package service

import (
	"context"

	"planboard/domain"
)

// ItemFormStore is what creating and editing items needs.
type ItemFormStore interface {
	AddItem(ctx context.Context, it *domain.Item, by domain.User, n domain.Notices, occurrences ...domain.Date) error
}

// CronParser reads an advanced recurrence rule (a cron expression); the
// web surface passes robfig/cron's.
type CronParser func(string) (domain.Schedule, error)

// CreateItem adds an item to a plan (the plan's editor's): every field of in
// is checked (domain.ItemInput.ApplyTo) and the item is saved with its
// checklist and, for a recurring item, its dated occurrences. Errors:
// ENotFound, EForbidden, *domain.ValidationError.
func (s *Service) CreateItem(ctx context.Context, who Caller, planID int64, in domain.ItemInput, cron CronParser) (domain.Item, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return domain.Item{}, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return domain.Item{}, err
	}
	members, err := s.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return domain.Item{}, err
	}
	it := domain.Item{PlanID: plan.ID, InstitutionID: inst.ID, Status: domain.StatusPlanned}
	in.PlanStatus = plan.Status
	fields, fe := in.ApplyTo(&it, members, cron)
	if len(fe) > 0 {
		return domain.Item{}, fe.Err()
	}
	for i, p := range fields.Points {
		it.Checklist = append(it.Checklist, domain.ChecklistPoint{Position: i + 1, Text: p, ConditionKey: fields.Conditions[i]})
	}
	occ, err := Occurrences(it, plan, cron)
	if err != nil {
		return domain.Item{}, err
	}
	n := domain.Notices{EventsFor: s.createdEvents(who, inst, &plan, members, []domain.Item{it})}
	if err := s.store.AddItem(ctx, &it, who.User, n, occ...); err != nil {
		return domain.Item{}, err
	}
	return it, nil
}

// UpdateItem saves an edited item at the version the form was opened with
// (domain.ErrStale otherwise): history per field, the new responsible
// people told by mail, the occurrences redone. Errors: ENotFound,
// EForbidden, *domain.ValidationError, domain.ErrStale.
func (s *Service) UpdateItem(ctx context.Context, who Caller, itemID int64, version int, in domain.ItemInput, cron CronParser) error {
	ic, err := s.Item(ctx, who, itemID, domain.ActEditPlan)
	if err != nil {
		return err
	}
	cur := ic.Item
	in.PlanStatus = ic.Plan.Status
	fields, fe := in.ApplyTo(&cur, ic.Members, cron)
	if version != ic.Item.Version {
		return domain.ErrStale
	}
	if len(fe) > 0 {
		return fe.Err()
	}
	u := domain.ItemUpdate{Scope: who.Scope(), Old: ic.Item, New: cur, By: who.User, Names: ic.Name, Note: in.DeadlineReason,
		Checklist: fields.Points, PointConditions: map[string]string{}, CoAssignees: fields.CoAssignees, SetExtras: true}
	for i, p := range fields.Points {
		u.PointConditions[p] = fields.Conditions[i]
	}
	if u.Notices, err = s.assignmentNotices(who, ic, cur, fields.CoAssignees); err != nil {
		return err
	}
	saved := cur
	saved.CoAssignees = fields.CoAssignees
	u.Notices.Events = s.itemEvents(who, ic.Inst, ic.Plan, ic.Members, ic.Item, saved, in.DeadlineReason)
	if u.Occurrences, err = Occurrences(cur, ic.Plan, cron); err != nil {
		return err
	}
	if err := s.store.UpdateItem(ctx, u); err != nil {
		if domain.ErrorCode(err) == domain.EConflict { // changed since the version check: the form is stale
			return domain.ErrStale
		}
		return err
	}
	return nil
}

// assignmentNotices: whoever became the responsible person or a
// co-assignee of the item is told so (never the caller).
func (s *Service) assignmentNotices(who Caller, ic *ItemContext, cur domain.Item, co []int64) (domain.Notices, error) {
	was := map[int64]bool{ic.Item.AssigneeID: true}
	for _, id := range ic.Item.CoAssignees {
		was[id] = true
	}
	var fresh []int64
	for _, id := range append([]int64{cur.AssigneeID}, co...) {
		if !was[id] {
			fresh, was[id] = append(fresh, id), true
		}
	}
	return s.notices.ItemNotices(domain.MailAssigned, cur, ic.Inst, MembersOf(ic.Members, fresh, who.User.ID), "", s.now())
}

// Occurrences are a recurring item's dated occurrences through the end of
// its plan's period, saved with the item.
func Occurrences(it domain.Item, plan domain.Plan, cron CronParser) ([]domain.Date, error) {
	var sched domain.Schedule
	if it.Recurrence.Kind == domain.RecurCron {
		s, err := cron(it.Recurrence.Expr)
		if err != nil {
			return nil, err
		}
		sched = s
	}
	from, to := plan.PeriodStart, plan.PeriodEnd
	if from.IsZero() {
		from, to = domain.NewDate(plan.Year, 1, 1), domain.NewDate(plan.Year, 12, 31)
	}
	return it.Recurrence.Occurrences(from, to, sched), nil
}
