package service

import (
	"context"
	"time"

	"planboard/domain"
)

// QueryStore is what the read use cases of the JSON API need.
type QueryStore interface {
	Institutions(ctx context.Context, sc domain.Scope) ([]domain.Institution, error)
	Plans(ctx context.Context, sc domain.Scope) ([]domain.PlanSummary, error)
	PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error)
	PlanProgress(ctx context.Context, sc domain.Scope, planID int64, today domain.Date) ([]domain.Progress, domain.Progress, error)
	QueryItems(ctx context.Context, sc domain.Scope, q domain.ItemQuery) ([]domain.Item, error)
	ItemWithAssignees(ctx context.Context, sc domain.Scope, id int64) (domain.Item, error)
	InstitutionMembers(ctx context.Context, institutionID int64) ([]domain.Member, error)
	ItemHistory(ctx context.Context, sc domain.Scope, itemID int64) ([]domain.HistoryEntry, error)
	ItemComments(ctx context.Context, it domain.Item) ([]domain.Comment, error)
	ItemAttachments(ctx context.Context, it domain.Item) ([]domain.Attachment, error)
	ProgressReports(ctx context.Context, sc domain.Scope, planID int64) ([]domain.ProgressReport, error)
	FounderDashboard(ctx context.Context, sc domain.Scope, year int, now time.Time) ([]domain.InstitutionStat, error)
	PlanStamp(ctx context.Context, sc domain.Scope, planID int64, nav *domain.NavQuery) (domain.PlanStamp, domain.NavCounts, error)
}

// Queries are the read use cases of the JSON API: each loads through the
// caller's scope (a foreign or missing id is domain.ErrNotFound) and asks
// the policy, as the pages' reads do.
type Queries struct {
	store QueryStore
	now   func() time.Time
}

// NewQueries returns the read use cases over store, with the one clock.
func NewQueries(store QueryStore, now func() time.Time) *Queries {
	return &Queries{store: store, now: now}
}

// Institutions lists the institutions the caller sees.
func (q *Queries) Institutions(ctx context.Context, who Caller) ([]domain.Institution, error) {
	return q.store.Institutions(ctx, who.Scope())
}

// Plans lists the plans the caller sees, with their counts.
func (q *Queries) Plans(ctx context.Context, who Caller) ([]domain.PlanSummary, error) {
	return q.store.Plans(ctx, who.Scope())
}

// PlanView is a plan with its institution and its progress per section.
type PlanView struct {
	Plan     domain.Plan
	Inst     domain.Institution
	Sections []domain.Progress
	Total    domain.Progress
	Today    domain.Date // the institution's today, against which overdue is counted
}

// Plan loads a plan the caller may view, with its progress (overdue counted
// against the institution's today). Errors: ENotFound, EForbidden.
func (q *Queries) Plan(ctx context.Context, who Caller, id int64) (*PlanView, error) {
	plan, inst, err := q.store.PlanWithInstitution(ctx, who.Scope(), id)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(domain.ActView, inst); err != nil {
		return nil, err
	}
	v := &PlanView{Plan: plan, Inst: inst, Today: domain.Today(q.now(), inst.Location())}
	if v.Sections, v.Total, err = q.store.PlanProgress(ctx, who.Scope(), plan.ID, v.Today); err != nil {
		return nil, err
	}
	return v, nil
}

// PlanStamp returns the change counter of a plan the caller may view (what
// an answer about it is kept by) and the day in its institution. Errors:
// ENotFound, EForbidden.
func (q *Queries) PlanStamp(ctx context.Context, who Caller, planID int64) (domain.PlanStamp, domain.Date, error) {
	st, _, err := q.store.PlanStamp(ctx, who.Scope(), planID, nil)
	if err != nil {
		return st, domain.Date{}, err
	}
	if err := who.authorize(domain.ActView, st.Institution()); err != nil {
		return st, domain.Date{}, err
	}
	return st, domain.Today(q.now(), st.Institution().Location()), nil
}

// PlanItems returns one page of a plan's items matching f (f.PlanID and
// f.Today are set here). Errors: ENotFound, EForbidden.
func (q *Queries) PlanItems(ctx context.Context, who Caller, f domain.ItemQuery) ([]domain.Item, domain.Date, error) {
	plan, inst, err := q.store.PlanWithInstitution(ctx, who.Scope(), f.PlanID)
	if err != nil {
		return nil, domain.Date{}, err
	}
	if err := who.authorize(domain.ActView, inst); err != nil {
		return nil, domain.Date{}, err
	}
	f.PlanID, f.Today = plan.ID, domain.Today(q.now(), inst.Location())
	items, err := q.store.QueryItems(ctx, who.Scope(), f)
	return items, f.Today, err
}

// ItemView is an item with everything its page shows.
type ItemView struct {
	ItemContext
	History     []domain.HistoryEntry
	Comments    []domain.Comment
	Attachments []domain.Attachment
	Today       domain.Date
}

// Item loads an item the caller may view with its history, comments and
// evidence (without the files' bytes). Errors: ENotFound, EForbidden.
func (q *Queries) Item(ctx context.Context, who Caller, id int64) (*ItemView, error) {
	sc := who.Scope()
	it, err := q.store.ItemWithAssignees(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	plan, inst, err := q.store.PlanWithInstitution(ctx, sc, it.PlanID)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(domain.ActView, inst, it.Assignees()...); err != nil {
		return nil, err
	}
	v := &ItemView{ItemContext: ItemContext{Item: it, Plan: plan, Inst: inst}, Today: domain.Today(q.now(), inst.Location())}
	if v.Members, err = q.store.InstitutionMembers(ctx, inst.ID); err != nil {
		return nil, err
	}
	if v.History, err = q.store.ItemHistory(ctx, sc, it.ID); err != nil {
		return nil, err
	}
	if v.Comments, err = q.store.ItemComments(ctx, it); err != nil {
		return nil, err
	}
	if v.Attachments, err = q.store.ItemAttachments(ctx, it); err != nil {
		return nil, err
	}
	return v, nil
}

// Reports lists a plan's progress reports. Errors: ENotFound, EForbidden.
func (q *Queries) Reports(ctx context.Context, who Caller, planID int64) ([]domain.ProgressReport, error) {
	plan, inst, err := q.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(domain.ActView, inst); err != nil {
		return nil, err
	}
	return q.store.ProgressReports(ctx, who.Scope(), plan.ID)
}

// Dashboard returns the founder dashboard's figures of a year (0: this
// year) over every institution under the caller's founders (every one for
// an admin). Errors: EForbidden for anyone else.
func (q *Queries) Dashboard(ctx context.Context, who Caller, year int) ([]domain.InstitutionStat, int, error) {
	sc, err := who.founderScope()
	if err != nil {
		return nil, 0, err
	}
	now := q.now()
	if year == 0 {
		year = now.Year()
	}
	rows, err := q.store.FounderDashboard(ctx, sc, year, now)
	return rows, year, err
}
