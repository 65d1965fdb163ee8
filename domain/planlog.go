package domain

import "time"

// PlanLogEntry is one step of a plan's life as the plan's log («Журнал
// плана») lists it: submitted, withdrawn, returned with remarks, approved,
// published, a progress report submitted, accepted or returned. It is read
// from the records those steps leave, so it stays after approval.
type PlanLogEntry struct {
	At        time.Time
	Action    string // submitted, withdrawn, returned, approved, published, report_submitted, report_accepted, report_returned, file_update, file_restored
	ActorName string
	Remarks   string
	Period    ReportPeriod // for the report steps
	FileName  string       // file_update, file_restored: the file's name
	UpdateID  int64        // file_update, file_restored: the update (plan_file_updates)
}

// RestorableUpdate is the update from a file whose previous version the
// plan's log offers to restore: the latest one not restored yet (0 for
// none). Updates are undone newest first, one at a time.
func RestorableUpdate(log []PlanLogEntry) int64 {
	restored := map[int64]bool{}
	for _, e := range log {
		if e.Action == "file_restored" {
			restored[e.UpdateID] = true
		}
	}
	var last int64
	for _, e := range log {
		if e.Action == "file_update" && !restored[e.UpdateID] && e.UpdateID > last {
			last = e.UpdateID
		}
	}
	return last
}

// LastReturn is the founder's latest return of a plan that is a draft
// again (nil when the plan is not waiting for rework): the log is oldest
// first, and a later submission or withdrawal ends the return's effect.
func LastReturn(status PlanStatus, log []PlanLogEntry) *PlanLogEntry {
	if status != PlanDraft {
		return nil
	}
	for i := len(log) - 1; i >= 0; i-- {
		switch log[i].Action {
		case "returned":
			return &log[i]
		case "submitted", "approved", "withdrawn":
			return nil
		}
	}
	return nil
}

// Decision is one plan or progress report waiting for the founder's
// decision, of any year: the founder's «Ждут решения» list.
type Decision struct {
	PlanID      int64
	Year        int
	Institution string
	Kind        string // "plan" or "report"
	Period      ReportPeriod
	Since       time.Time
	TimeZone    string // the institution's, to show Since in
}

// AwaitingDecision is how many decisions the institution's plan waits for:
// the plan itself when submitted, and its submitted progress reports. The
// dashboard's page and its XLSX both print it.
func (s InstitutionStat) AwaitingDecision() int { return s.Submitted + s.ReportPending }

// ReviewItem is an item awaiting the director's acceptance, for the review
// queue (/review).
type ReviewItem struct {
	Item         Item
	PlanTitle    string
	PlanYear     int
	Institution  string
	AssigneeName string
	Points       int // checklist points
	PointsDone   int
}

// OpenPoints are the checklist points not ticked yet: accepting an item
// with some asks first (docs/ux.md §7).
func (it *Item) OpenPoints() []ChecklistPoint {
	var out []ChecklistPoint
	for _, p := range it.Checklist {
		if !p.Done {
			out = append(out, p)
		}
	}
	return out
}

// MoreUrgent orders open work (docs/ux.md §10): an overdue item before one
// that is not, then the earlier due day first, items without a day
// («постоянно», none) last. Each item is judged against its own today.
func MoreUrgent(a *Item, todayA Date, b *Item, todayB Date) bool {
	oa, ob := IsOverdue(a, todayA), IsOverdue(b, todayB)
	if oa != ob {
		return oa
	}
	ha, hb := a.Deadline.HasDue(), b.Deadline.HasDue()
	if ha != hb {
		return ha
	}
	if ha && a.Deadline.Due != b.Deadline.Due {
		return a.Deadline.Due.Before(b.Deadline.Due)
	}
	return false
}
