package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"planboard/domain"
)

// register adds every operation: this is the API's route table.
func (a *API) register() {
	get := func(id, path, summary string) huma.Operation {
		return huma.Operation{OperationID: id, Method: http.MethodGet, Path: path, Summary: summary, Tags: []string{"read"}}
	}
	operation(a, get("get-me", "/me", "Who the token acts as, with the user's roles now"), a.getMe, http.StatusNotModified)
	operation(a, get("list-institutions", "/institutions", "Institutions in scope"), a.listInstitutions, http.StatusNotModified)
	operation(a, get("list-plans", "/plans", "Plans in scope"), a.listPlans, http.StatusNotModified)
	operation(a, get("get-plan", "/plans/{id}", "A plan with its progress per section and its НОК score"), a.getPlan, http.StatusNotModified)
	operation(a, get("list-plan-items", "/plans/{id}/items", "A plan's items, filtered as on the board"), a.listItems, http.StatusNotModified)
	operation(a, get("list-plan-reports", "/plans/{id}/reports", "A plan's progress reports"), a.listReports, http.StatusNotModified)
	operation(a, get("get-item", "/items/{id}", "An item with its checklist, history, comments and evidence"), a.getItem, http.StatusNotModified)
	operation(a, get("get-dashboard", "/dashboard", "The founder's dashboard figures of a year"), a.getDashboard, http.StatusNotModified)
	a.registerWrites()
	a.registerSurvey()
}

type listInput struct {
	Paging
	Conditional
}

func (a *API) listInstitutions(ctx context.Context, in *listInput) (*Out[List[Institution]], error) {
	all, err := a.q.Institutions(ctx, caller(ctx))
	if err != nil {
		return nil, err
	}
	recs := make([]Institution, len(all))
	for i, x := range all {
		recs[i] = institutionOf(x)
	}
	sortByID(recs, func(r Institution) int64 { return r.ID })
	l, err := page(recs, func(r Institution) int64 { return r.ID }, in.Paging)
	if err != nil {
		return nil, err
	}
	return tagged(in.Conditional, l)
}

func (a *API) listPlans(ctx context.Context, in *listInput) (*Out[List[Plan]], error) {
	all, err := a.q.Plans(ctx, caller(ctx))
	if err != nil {
		return nil, err
	}
	recs := make([]Plan, len(all))
	for i, s := range all {
		recs[i] = planOf(s.Plan, s.Institution)
		recs[i].Total, recs[i].Done = s.Total, s.Done
	}
	sortByID(recs, func(r Plan) int64 { return r.ID })
	l, err := page(recs, func(r Plan) int64 { return r.ID }, in.Paging)
	if err != nil {
		return nil, err
	}
	return tagged(in.Conditional, l)
}

type idInput struct {
	ID int64 `path:"id" minimum:"1"`
	Conditional
}

func (a *API) getPlan(ctx context.Context, in *idInput) (*Out[PlanDetail], error) {
	v, err := a.q.Plan(ctx, caller(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := PlanDetail{Plan: planOf(v.Plan, v.Inst), Sections: []Progress{}, Progress: progressOf(v.Total)}
	out.Total, out.Done = v.Total.Total, v.Total.Done
	for _, s := range v.Sections {
		out.Sections = append(out.Sections, progressOf(s))
	}
	ps, err := a.svc.PlanScore(ctx, caller(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out.Score = scoreOf(ps)
	return tagged(in.Conditional, out)
}

type itemsInput struct {
	ID        int64  `path:"id" minimum:"1"`
	Section   string `query:"section" enum:"1,2,3,4,5,org," doc:"A section: 1–5 (criteria I–V) or org"`
	Assignee  int64  `query:"assignee" doc:"A member's id: items they are responsible or co-assigned for"`
	Status    string `query:"status" enum:"planned,in_progress,review,done,not_done,cancelled,"`
	Overdue   bool   `query:"overdue" doc:"Only open items past their deadline"`
	DueBefore string `query:"due_before" doc:"Only items due before this day, YYYY-MM-DD"`
	Paging
	Conditional
}

func (a *API) listItems(ctx context.Context, in *itemsInput) (*Out[List[Item]], error) {
	after, err := afterID(in.Cursor)
	if err != nil {
		return nil, err
	}
	q := domain.ItemQuery{PlanID: in.ID, Section: domain.Section(in.Section), AssigneeID: in.Assignee,
		Status: domain.ItemStatus(in.Status), Overdue: in.Overdue, AfterID: after, Limit: in.Limit + 1}
	if in.DueBefore != "" {
		if q.DueBefore, err = domain.ParseISODate(in.DueBefore); err != nil {
			return nil, &domain.ValidationError{Fields: domain.FieldErrors{"due_before": "api.bad_date"}}
		}
	}
	who := caller(ctx)
	st, today, err := a.q.PlanStamp(ctx, who, in.ID)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprint(st.PlanID, st.Rev, today, who.User.ID, q)
	return a.items.answer(in.Conditional, key, func() (List[Item], error) {
		items, today, err := a.q.PlanItems(ctx, who, q)
		if err != nil {
			return List[Item]{}, err
		}
		l := List[Item]{Data: []Item{}}
		for i, it := range items {
			if i == in.Limit {
				l.Next = cursorOf(items[i-1].ID)
				break
			}
			l.Data = append(l.Data, itemOf(it, today))
		}
		return l, nil
	})
}

func (a *API) listReports(ctx context.Context, in *struct {
	ID int64 `path:"id" minimum:"1"`
	Paging
	Conditional
}) (*Out[List[Report]], error) {
	all, err := a.q.Reports(ctx, caller(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	recs := make([]Report, len(all))
	for i, r := range all {
		recs[i] = reportOf(r)
	}
	sortByID(recs, func(r Report) int64 { return r.ID })
	l, err := page(recs, func(r Report) int64 { return r.ID }, in.Paging)
	if err != nil {
		return nil, err
	}
	return tagged(in.Conditional, l)
}

func (a *API) getItem(ctx context.Context, in *idInput) (*Out[ItemDetail], error) {
	v, err := a.q.Item(ctx, caller(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return tagged(in.Conditional, itemDetailOf(v))
}

// Dashboard is the founder's dashboard of a year.
type Dashboard struct {
	Year int            `json:"year"`
	Data []DashboardRow `json:"data" doc:"One row per institution under the founder"`
}

func (a *API) getDashboard(ctx context.Context, in *struct {
	Year int `query:"year" minimum:"0" maximum:"2100" doc:"The plans' year; 0 or absent: this year"`
	Conditional
}) (*Out[Dashboard], error) {
	rows, year, err := a.q.Dashboard(ctx, caller(ctx), in.Year)
	if err != nil {
		return nil, err
	}
	out := Dashboard{Year: year, Data: []DashboardRow{}}
	for _, r := range rows {
		out.Data = append(out.Data, dashboardRowOf(r))
	}
	return tagged(in.Conditional, out)
}
