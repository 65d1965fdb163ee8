package domain

import "time"

// Approval is one step of a plan's approval: submitted by the director,
// approved or returned with remarks by the founder. Name and position are
// copied at the time, as the «УТВЕРЖДАЮ» header prints them.
type Approval struct {
	ID            int64
	PlanID        int64
	InstitutionID int64
	Action        string // "submitted", "approved", "returned"
	ActorID       int64
	ActorName     string
	ActorPosition string
	Remarks       string
	OnDate        Date // the day in the institution's zone
	At            time.Time
}

// Approval actions, as recorded for each plan transition.
var approvalActions = map[PlanTransition]string{
	PlanTrSubmit: "submitted", PlanTrApprove: "approved", PlanTrReturn: "returned", PlanTrWithdraw: "withdrawn",
}

// ApprovalAction returns the recorded action of a plan transition ("" for
// transitions that are not part of the approval, such as close).
func (t PlanTransition) ApprovalAction() string { return approvalActions[t] }

// ReportPeriod is the period a progress report covers.
type ReportPeriod string

// Report periods: quarters, the first half-year and the whole year.
const (
	PeriodQ1   ReportPeriod = "q1"
	PeriodQ2   ReportPeriod = "q2"
	PeriodQ3   ReportPeriod = "q3"
	PeriodQ4   ReportPeriod = "q4"
	PeriodH1   ReportPeriod = "h1"
	PeriodYear ReportPeriod = "year"
)

// ReportPeriods lists every period in calendar order of their ends.
var ReportPeriods = []ReportPeriod{PeriodQ1, PeriodQ2, PeriodH1, PeriodQ3, PeriodQ4, PeriodYear}

// Valid reports whether p is a known period.
func (p ReportPeriod) Valid() bool {
	for _, v := range ReportPeriods {
		if v == p {
			return true
		}
	}
	return false
}

// End returns the last day of the period in year y.
func (p ReportPeriod) End(y int) Date {
	m := map[ReportPeriod]time.Month{PeriodQ1: 3, PeriodQ2: 6, PeriodH1: 6, PeriodQ3: 9, PeriodQ4: 12, PeriodYear: 12}[p]
	return NewDate(y, m+1, 0)
}

// Start returns the first day of the period in year y.
func (p ReportPeriod) Start(y int) Date {
	m := map[ReportPeriod]time.Month{PeriodQ1: 1, PeriodQ2: 4, PeriodH1: 1, PeriodQ3: 7, PeriodQ4: 10, PeriodYear: 1}[p]
	return NewDate(y, m, 1)
}

// Progress report states.
const (
	ReportSubmitted = "submitted"
	ReportAccepted  = "accepted"
	ReportReturned  = "returned"
)

// ProgressReport is a director's report for a period: columns 5a/5b of every
// item frozen as of a date (Rows), accepted or returned by the founder.
type ProgressReport struct {
	ID            int64
	PlanID        int64
	InstitutionID int64
	Period        ReportPeriod
	AsOf          Date
	Status        string
	Remarks       string
	SubmittedAt   time.Time
	DecidedAt     time.Time
	Rows          []ReportRow
}

// ReportRow is one item as frozen in a progress report.
type ReportRow struct {
	ItemID      int64
	Section     Section
	Position    int
	Measure     string
	Status      ItemStatus
	Implemented string
	CompletedOn Date
}

// ReportAsOf returns the date a report for period p of a plan year freezes:
// the period's end, or today when the period has not ended yet (an early
// report shows what is done so far). A period that has not started is invalid.
func ReportAsOf(p ReportPeriod, year int, today Date) (Date, error) {
	if !p.Valid() {
		return Date{}, FieldError("period", "report.period_invalid")
	}
	end := p.End(year)
	if today.Before(p.Start(year)) {
		return Date{}, FieldError("period", "report.period_future")
	}
	if today.Before(end) {
		return today, nil
	}
	return end, nil
}

// Publication is a published snapshot of a plan's public report.
type Publication struct {
	PlanID        int64
	InstitutionID int64
	Year          int
	Version       int
	Data          []byte // JSON of a PublicReport
	PublishedAt   time.Time
}

// InstitutionStat is one row of the founder dashboard: an institution with
// its current plan's figures, computed in one aggregate query.
type InstitutionStat struct {
	Institution   Institution
	PlanID        int64 // 0 when the institution has no plan for the year
	PlanStatus    PlanStatus
	Total         int
	Done          int
	OnTime        int
	Overdue       int
	Review        int // items awaiting acceptance
	Submitted     int // plans awaiting approval (0 or 1 for the year)
	LastActivity  time.Time
	ReportPending int              // progress reports awaiting the founder
	Changes       int              // items added, removed or moved since the latest approval
	Reapproval    bool             // the institution wants changes approved again
	Nok           InstitutionScore // НОК: the latest assessment, today, forecast, change
	Site          SiteSummary      // the site audit's last run (docs/site-audit.md)
}

// NeedsReapproval reports whether the founder should approve the plan again:
// the institution asks for it and the approved plan changed since.
func (s InstitutionStat) NeedsReapproval() bool {
	return s.Reapproval && s.Changes > 0 && s.PlanStatus == PlanApproved
}

// Percent returns the share of done items, 0–100.
func (s InstitutionStat) Percent() int {
	return Progress{Total: s.Total, Done: s.Done}.Percent()
}

// OnTimePercent returns the share of done items finished on time, 0–100.
func (s InstitutionStat) OnTimePercent() int {
	return Progress{Done: s.Done, OnTime: s.OnTime}.OnTimePercent()
}

// CalendarEvent is one deadline in a user's calendar feed.
type CalendarEvent struct {
	ItemID      int64
	PlanID      int64
	Institution string
	Measure     string
	Due         Date
	Status      ItemStatus
	Updated     time.Time
}

// LatestApproval returns the most recent "approved" step, or nil.
func LatestApproval(steps []Approval) *Approval {
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Action == "approved" {
			return &steps[i]
		}
	}
	return nil
}
