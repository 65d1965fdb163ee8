package api

import (
	"time"

	"planboard/app/service"
	"planboard/domain"
)

// Institution is an institution the caller sees.
type Institution struct {
	ID        int64  `json:"id"`
	FounderID int64  `json:"founder_id"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	Kind      string `json:"kind"`
	Slug      string `json:"slug" doc:"The public report's address: /p/{slug}"`
	TimeZone  string `json:"time_zone" doc:"The IANA zone deadlines and 'today' are counted in"`
}

func institutionOf(in domain.Institution) Institution {
	return Institution{ID: in.ID, FounderID: in.FounderID, Name: in.Name, ShortName: in.ShortName, Kind: string(in.Kind),
		Slug: in.Slug, TimeZone: in.TimeZone}
}

// Plan is a plan in a list.
type Plan struct {
	ID            int64  `json:"id"`
	InstitutionID int64  `json:"institution_id"`
	Institution   string `json:"institution" doc:"The institution's name"`
	Year          int    `json:"year"`
	Title         string `json:"title"`
	Status        string `json:"status" enum:"draft,submitted,approved,closed"`
	PeriodStart   string `json:"period_start,omitempty" doc:"YYYY-MM-DD"`
	PeriodEnd     string `json:"period_end,omitempty" doc:"YYYY-MM-DD"`
	Version       int    `json:"version"`
	Total         int    `json:"total" doc:"Items that count (all but cancelled)"`
	Done          int    `json:"done"`
}

func planOf(p domain.Plan, inst domain.Institution) Plan {
	return Plan{ID: p.ID, InstitutionID: p.InstitutionID, Institution: inst.Name, Year: p.Year, Title: p.Title,
		Status: string(p.Status), PeriodStart: dateText(p.PeriodStart), PeriodEnd: dateText(p.PeriodEnd), Version: p.Version}
}

// Progress is a section's (or the plan's) progress.
type Progress struct {
	Section    string `json:"section,omitempty" doc:"I–V as 1–5, or org"`
	Items      int    `json:"items"`
	Total      int    `json:"total"`
	Done       int    `json:"done"`
	InProgress int    `json:"in_progress"`
	Overdue    int    `json:"overdue"`
	OnTime     int    `json:"on_time"`
	Percent    int    `json:"percent"`
}

func progressOf(p domain.Progress) Progress {
	return Progress{Section: string(p.Section), Items: p.Items, Total: p.Total, Done: p.Done, InProgress: p.InProgress,
		Overdue: p.Overdue, OnTime: p.OnTime, Percent: p.Percent()}
}

// PlanDetail is a plan with its progress per section and, where the
// institution has a НОК assessment, the score it answers.
type PlanDetail struct {
	Plan
	Sections []Progress `json:"sections"`
	Progress Progress   `json:"progress"`
	Score    *Score     `json:"score,omitempty" doc:"Absent when the institution has no assessment up to the plan's year"`
}

// Score is the plan measured against its НОК assessment (0–100).
type Score struct {
	AssessmentYear int      `json:"assessment_year"`
	Assessed       *float64 `json:"assessed" doc:"The score of the assessment"`
	Today          *float64 `json:"today" doc:"With the conditions of the done items"`
	Forecast       *float64 `json:"forecast" doc:"When every open item is done"`
}

func scoreOf(ps *service.PlanScore) *Score {
	if ps == nil || ps.Assessment == nil {
		return nil
	}
	total := func(s domain.Score) *float64 {
		if !s.Known {
			return nil
		}
		v := s.Total
		return &v
	}
	return &Score{AssessmentYear: ps.Assessment.Year, Assessed: total(ps.Projection.Assessed), Today: total(ps.Projection.Today),
		Forecast: total(ps.Projection.Forecast)}
}

// Deadline is a planned deadline (column 3).
type Deadline struct {
	Kind string `json:"kind" enum:"date,month,quarter,ongoing," doc:"\"\" for none"`
	Due  string `json:"due,omitempty" doc:"The day it falls due, YYYY-MM-DD (a month or quarter: its last day)"`
	Spec string `json:"spec" doc:"The form accepted back: 2027-06-30, 2027-06, 2027-Q2, ongoing, or \"\""`
}

func deadlineOf(d domain.Deadline) Deadline {
	return Deadline{Kind: string(d.Kind), Due: dateText(d.Due), Spec: d.Spec()}
}

// ChecklistPoint is one point of an item's checklist.
type ChecklistPoint struct {
	ID       int64  `json:"id"`
	Position int    `json:"position"`
	Text     string `json:"text"`
	Done     bool   `json:"done"`
}

// Item is a plan item with every column of the official form.
type Item struct {
	ID                  int64            `json:"id"`
	PlanID              int64            `json:"plan_id"`
	InstitutionID       int64            `json:"institution_id"`
	Section             string           `json:"section" doc:"1–5 for the criteria I–V, org for organisational items"`
	Position            int              `json:"position"`
	Indicator           string           `json:"indicator,omitempty" doc:"The НОК indicator it targets, e.g. 3.1"`
	Deficiency          string           `json:"deficiency" doc:"Column 1: the deficiency found"`
	Measure             string           `json:"measure" doc:"Column 2: the measure"`
	Description         string           `json:"description,omitempty"`
	Deadline            Deadline         `json:"deadline" doc:"Column 3: the planned deadline"`
	OriginalDeadline    Deadline         `json:"original_deadline" doc:"The deadline as first planned"`
	DeadlineMoves       int              `json:"deadline_moves" doc:"How often the deadline moved (the reasons are in the history)"`
	AssigneeID          int64            `json:"assignee_id,omitempty" doc:"Column 4: the responsible member"`
	CoAssignees         []int64          `json:"co_assignees"`
	ResponsibleName     string           `json:"responsible_name,omitempty" doc:"Column 4 without an account, as imported"`
	ResponsiblePosition string           `json:"responsible_position,omitempty"`
	Priority            int              `json:"priority"`
	Status              string           `json:"status" enum:"planned,in_progress,review,done,not_done,cancelled"`
	Overdue             bool             `json:"overdue"`
	Implemented         string           `json:"implemented,omitempty" doc:"Column 5a: the implemented measures"`
	CompletedOn         string           `json:"completed_on,omitempty" doc:"Column 5b: the actual date, YYYY-MM-DD"`
	StatusReason        string           `json:"status_reason,omitempty"`
	Checklist           []ChecklistPoint `json:"checklist"`
	Version             int              `json:"version" doc:"Send it back with a change: a stale one answers 409"`
	UpdatedAt           time.Time        `json:"updated_at"`
}

func itemOf(it domain.Item, today domain.Date) Item {
	out := Item{ID: it.ID, PlanID: it.PlanID, InstitutionID: it.InstitutionID, Section: string(it.Section), Position: it.Position,
		Indicator: it.Indicator, Deficiency: it.Deficiency, Measure: it.Measure, Description: it.Description,
		Deadline: deadlineOf(it.Deadline), OriginalDeadline: deadlineOf(it.OriginalDeadline), DeadlineMoves: it.DeadlineMoves,
		AssigneeID: it.AssigneeID, CoAssignees: append([]int64{}, it.CoAssignees...), ResponsibleName: it.ResponsibleName,
		ResponsiblePosition: it.ResponsiblePosition, Priority: it.Priority, Status: string(it.Status),
		Overdue: domain.IsOverdue(&it, today), Implemented: it.Implemented, CompletedOn: dateText(it.CompletedOn),
		StatusReason: it.StatusReason, Checklist: []ChecklistPoint{}, Version: it.Version, UpdatedAt: it.UpdatedAt}
	for _, p := range it.Checklist {
		out.Checklist = append(out.Checklist, ChecklistPoint{ID: p.ID, Position: p.Position, Text: p.Text, Done: p.Done})
	}
	return out
}

// Person is a member named on an item.
type Person struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Position string `json:"position,omitempty"`
}

// HistoryEntry is one change of an item.
type HistoryEntry struct {
	At       time.Time `json:"at"`
	ActorID  int64     `json:"actor_id,omitempty"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action" doc:"created, updated, status, assigned, deadline_moved, …"`
	Field    string    `json:"field,omitempty"`
	OldValue string    `json:"old_value,omitempty"`
	NewValue string    `json:"new_value,omitempty"`
	Note     string    `json:"note,omitempty" doc:"The reason given (a deadline move, a return)"`
}

// Comment is a remark on an item.
type Comment struct {
	ID        int64     `json:"id"`
	AuthorID  int64     `json:"author_id"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Attachment is a piece of evidence (a file or a link).
type Attachment struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind" enum:"file,link"`
	Filename    string    `json:"filename,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	Size        int64     `json:"size,omitempty"`
	URL         string    `json:"url" doc:"A link's address, or where the file is downloaded (signed in)"`
	CreatedAt   time.Time `json:"created_at"`
}

// ItemDetail is an item with its people, history, comments and evidence.
type ItemDetail struct {
	Item
	Assignees   []Person       `json:"assignees" doc:"The responsible member first, then the co-assignees"`
	History     []HistoryEntry `json:"history"`
	Comments    []Comment      `json:"comments"`
	Attachments []Attachment   `json:"attachments"`
}

func itemDetailOf(v *service.ItemView) ItemDetail {
	out := ItemDetail{Item: itemOf(v.Item, v.Today), Assignees: []Person{}, History: []HistoryEntry{}, Comments: []Comment{},
		Attachments: []Attachment{}}
	for _, id := range v.Item.Assignees() {
		for _, m := range v.Members {
			if m.User.ID == id {
				out.Assignees = append(out.Assignees, Person{ID: id, Name: v.Name(id), Position: m.User.Position})
			}
		}
	}
	for _, h := range v.History {
		out.History = append(out.History, HistoryEntry{At: h.At, ActorID: h.ActorID, Actor: h.ActorName, Action: h.Action,
			Field: h.Field, OldValue: h.OldValue, NewValue: h.NewValue, Note: h.Note})
	}
	for _, c := range v.Comments {
		out.Comments = append(out.Comments, Comment{ID: c.ID, AuthorID: c.AuthorID, Author: c.AuthorName, Body: c.Body, CreatedAt: c.CreatedAt})
	}
	for _, at := range v.Attachments {
		x := Attachment{ID: at.ID, Kind: at.Kind, Filename: at.Filename, ContentType: at.ContentType, Size: at.Size, URL: at.URL,
			CreatedAt: at.CreatedAt}
		if at.Kind == "file" {
			x.URL = "/items/" + itoa64(v.Item.ID) + "/attachments/" + itoa64(at.ID)
		}
		out.Attachments = append(out.Attachments, x)
	}
	return out
}

// Report is a progress report of a plan.
type Report struct {
	ID          int64      `json:"id"`
	PlanID      int64      `json:"plan_id"`
	Period      string     `json:"period"`
	AsOf        string     `json:"as_of" doc:"Columns 5a/5b are frozen as of this day"`
	Status      string     `json:"status"`
	Remarks     string     `json:"remarks,omitempty"`
	SubmittedAt time.Time  `json:"submitted_at"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
}

func reportOf(r domain.ProgressReport) Report {
	out := Report{ID: r.ID, PlanID: r.PlanID, Period: string(r.Period), AsOf: dateText(r.AsOf), Status: r.Status, Remarks: r.Remarks,
		SubmittedAt: r.SubmittedAt}
	if !r.DecidedAt.IsZero() {
		t := r.DecidedAt
		out.DecidedAt = &t
	}
	return out
}

// DashboardRow is one institution on the founder's dashboard.
type DashboardRow struct {
	ID            int64  `json:"id" doc:"The institution's id"`
	Institution   string `json:"institution"`
	Kind          string `json:"kind"`
	PlanID        int64  `json:"plan_id,omitempty" doc:"Absent when the institution has no plan for the year"`
	PlanStatus    string `json:"plan_status,omitempty"`
	Total         int    `json:"total"`
	Done          int    `json:"done"`
	OnTime        int    `json:"on_time"`
	Overdue       int    `json:"overdue"`
	Review        int    `json:"review" doc:"Items awaiting acceptance"`
	ReportPending int    `json:"report_pending" doc:"Progress reports awaiting the founder"`
	Changes       int    `json:"changes" doc:"Items added, removed or moved since the latest approval"`
	Percent       int    `json:"percent"`
}

func dashboardRowOf(s domain.InstitutionStat) DashboardRow {
	p := domain.Progress{Total: s.Total, Done: s.Done}
	return DashboardRow{ID: s.Institution.ID, Institution: s.Institution.Name, Kind: string(s.Institution.Kind), PlanID: s.PlanID,
		PlanStatus: string(s.PlanStatus), Total: s.Total, Done: s.Done, OnTime: s.OnTime, Overdue: s.Overdue, Review: s.Review,
		ReportPending: s.ReportPending, Changes: s.Changes, Percent: p.Percent()}
}

func dateText(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
