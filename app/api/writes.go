package api

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"planboard/app/service"
	"planboard/domain"
)

func (a *API) registerWrites() {
	post := func(id, path, summary string) huma.Operation {
		return huma.Operation{OperationID: id, Method: http.MethodPost, Path: path, Summary: summary, Tags: []string{"write"}}
	}
	create := post("create-item", "/plans/{id}/items", "Add an item to a plan (the director's)")
	create.DefaultStatus = http.StatusCreated
	operation(a, create, a.createItem)
	edit := post("update-item", "/items/{id}", "Edit an item: the fields sent change, the others stay")
	edit.Method = http.MethodPatch
	operation(a, edit, a.updateItem, http.StatusConflict)
	operation(a, post("assign-item", "/items/{id}/assignee", "Make a member (or nobody) responsible for an item"), a.assignItem, http.StatusConflict)
	operation(a, post("move-deadline", "/items/{id}/deadline", "Move an item's deadline, with the reason the rules ask for"), a.moveDeadline, http.StatusConflict)
	operation(a, post("change-status", "/items/{id}/status", "A workflow step: start, close with a report and evidence (base64), accept, return…"),
		a.changeStatus, http.StatusConflict)
	closeOp := post("close-item", "/items/{id}/close", "Close an item with a report and an evidence file (multipart upload)")
	operation(a, closeOp, a.closeItem, http.StatusConflict)
	addComment := post("add-comment", "/items/{id}/comments", "Comment on an item (@Фамилия mentions notify)")
	addComment.DefaultStatus = http.StatusCreated
	operation(a, addComment, a.addComment)
	operation(a, post("transition-plan", "/plans/{id}/transitions", "Submit a plan (director), approve or return it (founder)"),
		a.transitionPlan, http.StatusConflict)
}

// ItemFields are an item's editable fields as the API sends them.
type ItemFields struct {
	Section     *string  `json:"section,omitempty" doc:"1–5 (criteria I–V) or org"`
	Indicator   *string  `json:"indicator,omitempty" doc:"The НОК indicator it targets, e.g. 3.1"`
	Deficiency  *string  `json:"deficiency,omitempty" doc:"Column 1"`
	Measure     *string  `json:"measure,omitempty" doc:"Column 2 (required)"`
	Description *string  `json:"description,omitempty"`
	Checklist   []string `json:"checklist,omitempty" doc:"The points, in order"`
	Deadline    *string  `json:"deadline,omitempty" doc:"As people write it: 30.06.2027, IV квартал 2027, постоянно, or 2027-06-30, 2027-Q2"`
	Assignee    *int64   `json:"assignee,omitempty" doc:"A member's id; 0 for nobody"`
	CoAssignees []int64  `json:"co_assignees,omitempty"`
	Priority    *int     `json:"priority,omitempty" minimum:"1" maximum:"3"`
}

// apply overlays the fields sent on in.
func (f ItemFields) apply(in *domain.ItemInput) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.Section, f.Section)
	set(&in.Indicator, f.Indicator)
	set(&in.Deficiency, f.Deficiency)
	set(&in.Measure, f.Measure)
	set(&in.Description, f.Description)
	set(&in.Deadline, f.Deadline)
	if f.Checklist != nil {
		in.Checklist = strings.Join(f.Checklist, "\n")
	}
	if f.Assignee != nil {
		in.Assignee = strconv.FormatInt(*f.Assignee, 10)
	}
	if f.CoAssignees != nil {
		in.CoAssignees = make([]string, len(f.CoAssignees))
		for i, id := range f.CoAssignees {
			in.CoAssignees[i] = strconv.FormatInt(id, 10)
		}
	}
	if f.Priority != nil {
		in.Priority = strconv.Itoa(*f.Priority)
	}
}

// inputOf is the item as its form shows it: the base an edit changes.
func inputOf(it domain.Item) domain.ItemInput {
	in := domain.ItemInput{Section: string(it.Section), Indicator: it.Indicator, Deficiency: it.Deficiency, Measure: it.Measure,
		Description: it.Description, Assignee: strconv.FormatInt(it.AssigneeID, 10), Priority: strconv.Itoa(it.Priority),
		RecurKind: string(it.Recurrence.Kind), RecurExpr: it.Recurrence.Expr}
	if it.Deadline.Kind != domain.DeadlineNone {
		in.Deadline = it.Deadline.Spec()
	}
	pts := make([]string, len(it.Checklist))
	for i, p := range it.Checklist {
		pts[i] = p.Text
	}
	in.Checklist = strings.Join(pts, "\n")
	for _, id := range it.CoAssignees {
		in.CoAssignees = append(in.CoAssignees, strconv.FormatInt(id, 10))
	}
	return in
}

// ItemOut is the item after a change.
type ItemOut struct {
	Body ItemDetail
}

// itemOut reads the item back through the caller's scope.
func (a *API) itemOut(ctx context.Context, id int64) (*ItemOut, error) {
	v, err := a.q.Item(ctx, caller(ctx), id)
	if err != nil {
		return nil, err
	}
	return &ItemOut{Body: itemDetailOf(v)}, nil
}

func (a *API) createItem(ctx context.Context, in *struct {
	ID   int64 `path:"id" minimum:"1"`
	Body ItemFields
}) (*ItemOut, error) {
	var fields domain.ItemInput
	in.Body.apply(&fields)
	it, err := a.svc.CreateItem(ctx, caller(ctx), in.ID, fields, a.cron)
	if err != nil {
		return nil, err
	}
	return a.itemOut(ctx, it.ID)
}

// ItemEdit is an edit: the version read and the fields that change.
type ItemEdit struct {
	Version int `json:"version" doc:"The item's version as read"`
	ItemFields
	DeadlineReason string `json:"deadline_reason,omitempty" doc:"Why the deadline moves, where the rules ask for one"`
}

func (a *API) updateItem(ctx context.Context, in *struct {
	ID   int64 `path:"id" minimum:"1"`
	Body ItemEdit
}) (*ItemOut, error) {
	v, err := a.q.Item(ctx, caller(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	fields := inputOf(v.Item)
	in.Body.apply(&fields)
	fields.DeadlineReason = in.Body.DeadlineReason
	if err := a.svc.UpdateItem(ctx, caller(ctx), in.ID, in.Body.Version, fields, a.cron); err != nil {
		return nil, err
	}
	return a.itemOut(ctx, in.ID)
}

// Assignment names the responsible member.
type Assignment struct {
	Version  int   `json:"version"`
	Assignee int64 `json:"assignee" doc:"A member's id; 0 for nobody"`
}

func (a *API) assignItem(ctx context.Context, in *struct {
	ID   int64 `path:"id" minimum:"1"`
	Body Assignment
}) (*ItemOut, error) {
	who := strconv.FormatInt(in.Body.Assignee, 10)
	if _, err := a.svc.PlanItem(ctx, caller(ctx), service.ItemPlanning{ItemID: in.ID, Version: in.Body.Version, Assignee: &who}); err != nil {
		return nil, err
	}
	return a.itemOut(ctx, in.ID)
}

// DeadlineMove is a new deadline and why.
type DeadlineMove struct {
	Version  int    `json:"version"`
	Deadline string `json:"deadline" minLength:"1" doc:"As people write it: 30.06.2027, IV квартал 2027, постоянно"`
	Reason   string `json:"reason,omitempty" doc:"Required when a deadline that was set moves"`
}

func (a *API) moveDeadline(ctx context.Context, in *struct {
	ID   int64 `path:"id" minimum:"1"`
	Body DeadlineMove
}) (*ItemOut, error) {
	_, err := a.svc.PlanItem(ctx, caller(ctx), service.ItemPlanning{ItemID: in.ID, Version: in.Body.Version,
		Deadline: in.Body.Deadline, Reason: in.Body.Reason})
	if err != nil {
		return nil, err
	}
	return a.itemOut(ctx, in.ID)
}

// EvidenceFile is a file of evidence sent inline.
type EvidenceFile struct {
	Filename string `json:"filename" minLength:"1"`
	Content  string `json:"content_base64" doc:"The file's bytes, base64 (standard alphabet)"`
}

// StatusStep is one workflow step.
type StatusStep struct {
	Version     int            `json:"version"`
	Transition  string         `json:"transition" enum:"start,unstart,submit,accept,return,fail,cancel,reopen" doc:"submit closes the item with a report"`
	Reason      string         `json:"reason,omitempty" doc:"Required to return, fail or cancel"`
	Implemented string         `json:"implemented,omitempty" doc:"Column 5a: required to submit"`
	CompletedOn string         `json:"completed_on,omitempty" doc:"Column 5b, YYYY-MM-DD: required to submit"`
	Evidence    []EvidenceFile `json:"evidence,omitempty" doc:"Files attached with the step"`
	Links       []string       `json:"links,omitempty" doc:"Links attached with the step"`
}

func (a *API) changeStatus(ctx context.Context, in *struct {
	ID   int64 `path:"id" minimum:"1"`
	Body StatusStep
}) (*ItemOut, error) {
	b := in.Body
	step := service.StatusChange{ItemID: in.ID, Transition: domain.Transition(b.Transition), Version: b.Version, Reason: b.Reason,
		Implemented: b.Implemented, CompletedOn: b.CompletedOn}
	if len(b.Evidence) > 0 || len(b.Links) > 0 {
		step.Evidence = func() ([]domain.Attachment, error) {
			var out []domain.Attachment
			for _, f := range b.Evidence {
				data, err := base64.StdEncoding.DecodeString(f.Content)
				if err != nil {
					return nil, domain.FieldError("evidence", "api.bad_base64")
				}
				at, err := a.evidence(f.Filename, data)
				if err != nil {
					return nil, err
				}
				out = append(out, at)
			}
			return a.links(out, b.Links)
		}
	}
	if _, err := a.svc.ChangeStatus(ctx, caller(ctx), step); err != nil {
		return nil, err
	}
	return a.itemOut(ctx, in.ID)
}

func (a *API) links(out []domain.Attachment, links []string) ([]domain.Attachment, error) {
	for _, l := range links {
		at, err := a.link(l)
		if err != nil {
			return nil, err
		}
		out = append(out, at)
	}
	return out, nil
}

// CloseForm is the closing report as a multipart form.
type CloseForm struct {
	Version     int           `form:"version" required:"true"`
	Implemented string        `form:"implemented" required:"true" doc:"Column 5a"`
	CompletedOn string        `form:"completed_on" required:"true" doc:"Column 5b, YYYY-MM-DD"`
	Evidence    huma.FormFile `form:"evidence" required:"false" doc:"A photo, PDF or office document"`
	Link        string        `form:"link" required:"false" doc:"A link to the evidence"`
}

func (a *API) closeItem(ctx context.Context, in *struct {
	ID      int64 `path:"id" minimum:"1"`
	RawBody huma.MultipartFormFiles[CloseForm]
}) (*ItemOut, error) {
	f := in.RawBody.Data()
	step := service.StatusChange{ItemID: in.ID, Transition: domain.TrSubmit, Version: f.Version, Implemented: f.Implemented,
		CompletedOn: f.CompletedOn}
	step.Evidence = func() ([]domain.Attachment, error) {
		var out []domain.Attachment
		if f.Evidence.IsSet && f.Evidence.File != nil {
			data, err := io.ReadAll(f.Evidence.File)
			if err != nil {
				return nil, err
			}
			at, err := a.evidence(f.Evidence.Filename, data)
			if err != nil {
				return nil, err
			}
			out = append(out, at)
		}
		if f.Link == "" {
			return out, nil
		}
		return a.links(out, []string{f.Link})
	}
	if _, err := a.svc.ChangeStatus(ctx, caller(ctx), step); err != nil {
		return nil, err
	}
	return a.itemOut(ctx, in.ID)
}

// NewComment is a comment's text.
type NewComment struct {
	Body string `json:"body" minLength:"1" maxLength:"10000"`
}

// CommentOut is a saved comment.
type CommentOut struct {
	Body struct {
		Comment
		Mentioned []Person `json:"mentioned" doc:"The members notified by an @mention"`
	}
}

func (a *API) addComment(ctx context.Context, in *struct {
	ID   int64 `path:"id" minimum:"1"`
	Body NewComment
}) (*CommentOut, error) {
	r, err := a.svc.AddComment(ctx, caller(ctx), in.ID, in.Body.Body)
	if err != nil {
		return nil, err
	}
	out := &CommentOut{}
	c := r.Comment
	out.Body.Comment = Comment{ID: c.ID, AuthorID: c.AuthorID, Author: c.AuthorName, Body: c.Body, CreatedAt: c.CreatedAt}
	out.Body.Mentioned = []Person{}
	for _, u := range r.Mentioned {
		out.Body.Mentioned = append(out.Body.Mentioned, Person{ID: u.ID, Name: u.FullName, Position: u.Position})
	}
	return out, nil
}

// PlanStep is a plan's workflow step.
type PlanStep struct {
	Transition string `json:"transition" enum:"submit,approve,return"`
	Remarks    string `json:"remarks,omitempty" doc:"Required to return"`
}

// PlanOut is a plan after a step.
type PlanOut struct {
	Body Plan
}

func (a *API) transitionPlan(ctx context.Context, in *struct {
	ID   int64 `path:"id" minimum:"1"`
	Body PlanStep
}) (*PlanOut, error) {
	if _, err := a.svc.TransitionPlan(ctx, caller(ctx), in.ID, domain.PlanTransition(in.Body.Transition), in.Body.Remarks); err != nil {
		return nil, err
	}
	v, err := a.q.Plan(ctx, caller(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	p := planOf(v.Plan, v.Inst)
	p.Total, p.Done = v.Total.Total, v.Total.Done
	return &PlanOut{Body: p}, nil
}
