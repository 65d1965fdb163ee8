package domain

import (
	"strconv"
	"strings"
)

// ErrStale is returned when an item or plan was changed since the form was
// opened: the later save is refused, nothing is overwritten.
var ErrStale = &Error{Code: EConflict, Message: "error.stale"}

// MoveDeadline changes an item's planned deadline under the rule of its
// plan's status (docs/ux.md §4): until the plan is approved deadlines change
// freely (the deadline planned is the one the founder approves, so the
// original follows it); once approved, a change needs a reason and counts
// as a move, while the original deadline stays as approved.
func (it *Item) MoveDeadline(d Deadline, reason string, plan PlanStatus) error {
	if d == it.Deadline {
		return nil
	}
	if !plan.DeadlinesFixed() {
		it.Deadline, it.OriginalDeadline = d, d
		return nil
	}
	if it.Deadline.Kind == DeadlineNone { // a first deadline is free
		if it.OriginalDeadline.Kind == DeadlineNone {
			it.OriginalDeadline = d
		}
		it.Deadline = d
		return nil
	}
	if strings.TrimSpace(reason) == "" {
		return FieldError("deadline_reason", "item.deadline_reason_required")
	}
	it.DeadlineMoves++
	it.Deadline = d
	return nil
}

// Apply performs a workflow transition on the item. Closing (submit) needs
// the implemented measures and the actual date; return, fail and cancel
// need a reason, which is kept as the status reason.
func (it *Item) Apply(t Transition, reason, implemented string, on Date) error {
	to, err := t.Apply(it.Status)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if t.NeedsReason() && reason == "" {
		return FieldError("reason", "item.reason_required")
	}
	switch t {
	case TrSubmit:
		var fe FieldErrors
		if strings.TrimSpace(implemented) == "" {
			fe.Add("implemented", "item.implemented_required")
		}
		if on.IsZero() {
			fe.Add("completed_on", "item.completed_on_required")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		it.Implemented, it.CompletedOn = strings.TrimSpace(implemented), on
	case TrReopen, TrUnstart:
		it.CompletedOn = Date{}
	}
	if t.NeedsReason() {
		it.StatusReason = reason
	}
	it.Status = to
	return nil
}

// ItemChanges lists what differs between two versions of an item as history
// entries (field, old → new), without the who and when. name turns a user id
// into a readable name.
func ItemChanges(old, cur *Item, name func(int64) string) []HistoryEntry {
	var out []HistoryEntry
	add := func(action, field, o, n string) {
		if o != n {
			out = append(out, HistoryEntry{Action: action, Field: field, OldValue: o, NewValue: n})
		}
	}
	add("updated", "section", string(old.Section), string(cur.Section))
	add("updated", "indicator", old.Indicator, cur.Indicator)
	add("updated", "deficiency", old.Deficiency, cur.Deficiency)
	add("updated", "measure", old.Measure, cur.Measure)
	add("updated", "description", old.Description, cur.Description)
	add("deadline_moved", "deadline", old.Deadline.Spec(), cur.Deadline.Spec())
	add("assigned", "assignee", name(old.AssigneeID), name(cur.AssigneeID))
	add("assigned", "responsible", old.ResponsibleText(), cur.ResponsibleText())
	add("updated", "priority", strconv.Itoa(old.Priority), strconv.Itoa(cur.Priority))
	add("status", "status", string(old.Status), string(cur.Status))
	add("updated", "implemented", old.Implemented, cur.Implemented)
	add("updated", "completed_on", dateText(old.CompletedOn), dateText(cur.CompletedOn))
	add("updated", "status_reason", old.StatusReason, cur.StatusReason)
	return out
}

func dateText(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
