package domain

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ItemInput is an item's form as every surface sends it (the page's item
// form, the API, an import): texts as people typed them.
type ItemInput struct {
	Section, Indicator, Deficiency, Measure, Description string
	Checklist                                            string // one point a line; leading bullets are dropped
	Deadline, DeadlineReason                             string // as people write it: «30.06.2027», «IV квартал 2027», «постоянно»
	DeadlineKind                                         string // the form's choice (ReadDeadline); "" reads Deadline alone
	Assignee                                             string // a member's id; "" or "0" for nobody
	CoAssignees                                          []string
	Priority                                             string // 1–3; anything else is 2
	RecurKind, RecurExpr                                 string
	// PointConditions maps a checklist point's text to the НОК condition
	// it provides ("" for none); nil keeps each point's condition as the
	// item has it (by text).
	PointConditions map[string]string
	// AddCondition adds a checklist point providing this condition, worded
	// as the regulation words it, unless a point already provides it.
	AddCondition string
	// PlanStatus is the status of the item's plan, set by the use case
	// (never read from a form): it decides whether a deadline change needs
	// a reason (Item.MoveDeadline).
	PlanStatus PlanStatus

	// ResponsibleName and ResponsiblePosition are a responsible person
	// kept as text, without an account (nil keeps the item's). Choosing
	// an assignee links the item to that account and drops the text.
	ResponsibleName, ResponsiblePosition *string
}

// Limits of the item's texts, in characters (not bytes: Cyrillic takes two).
const (
	MaxMeasureLen     = 5000
	MaxDeficiencyLen  = 5000
	MaxDescriptionLen = 10000
	MaxPointLen       = 2000
	MaxResponsibleLen = 1000 // a person kept as text: name, position (migration 0095)
)

// ItemFields are the changes an ItemInput makes besides the item's own
// fields: its checklist points and co-assignees.
type ItemFields struct {
	Points      []string
	Conditions  []string // with Points: each point's НОК condition key, "" for none
	CoAssignees []int64
}

// ApplyTo applies in to it: every field checked and every error collected
// by field. members are the institution's people (who may be responsible);
// parseCron reads an advanced recurrence rule.
func (in ItemInput) ApplyTo(it *Item, members []Member, parseCron func(string) (Schedule, error)) (ItemFields, FieldErrors) {
	var fe FieldErrors
	var out ItemFields
	// The one text rule (text.go): the textareas keep only tab and
	// newline; every other field is one line, refused with a message at
	// the field when it carries controls or invisible characters.
	in.Deficiency, in.Measure = CleanMultiline(in.Deficiency), CleanMultiline(in.Measure)
	in.Description, in.Checklist = CleanMultiline(in.Description), CleanMultiline(in.Checklist)
	in.Section, in.Indicator = fe.Line("section", in.Section), fe.Line("indicator", in.Indicator)
	in.Deadline, in.DeadlineReason = fe.Line("deadline", in.Deadline), fe.Line("deadline_reason", in.DeadlineReason)
	in.Assignee, in.Priority = fe.Line("assignee", in.Assignee), fe.Line("priority", in.Priority)
	in.RecurKind, in.RecurExpr = fe.Line("recur_kind", in.RecurKind), fe.Line("recur_expr", in.RecurExpr)
	it.Section = Section(in.Section)
	if !it.Section.Valid() {
		fe.Add("section", "item.section_required")
	}
	it.Indicator = in.Indicator
	if it.Indicator != "" {
		if s, ok := IndicatorSection(it.Indicator); !ok || s != it.Section {
			fe.Add("indicator", "item.indicator_invalid")
		}
	}
	it.Deficiency, it.Measure, it.Description = in.Deficiency, in.Measure, in.Description
	if it.Measure == "" || utf8.RuneCountInString(it.Measure) > MaxMeasureLen {
		fe.Add("measure", "item.measure_required")
	}
	if utf8.RuneCountInString(it.Deficiency) > MaxDeficiencyLen {
		fe.Add("deficiency", "item.deficiency_too_long")
	}
	if utf8.RuneCountInString(it.Description) > MaxDescriptionLen {
		fe.Add("description", "item.description_too_long")
	}
	in.DeadlineKind = fe.Line("deadline_kind", in.DeadlineKind)
	if dl, err := ReadDeadline(in.DeadlineKind, in.Deadline); err != nil {
		fe.Add("deadline", deadlineError(err))
	} else if err := it.MoveDeadline(dl, in.DeadlineReason, in.PlanStatus); err != nil {
		fe.Add("deadline_reason", "item.deadline_reason_required")
	}
	it.AssigneeID, _ = strconv.ParseInt(in.Assignee, 10, 64)
	if it.AssigneeID != 0 && MemberName(members, it.AssigneeID) == "" {
		fe.Add("assignee", "item.assignee_unknown")
	}
	if it.AssigneeID != 0 {
		it.ResponsibleName, it.ResponsiblePosition = "", ""
	} else {
		for _, f := range []struct {
			name string
			in   *string
			to   *string
		}{{"responsible_name", in.ResponsibleName, &it.ResponsibleName}, {"responsible_position", in.ResponsiblePosition, &it.ResponsiblePosition}} {
			if f.in == nil {
				continue
			}
			if *f.to = strings.TrimSpace(fe.Line(f.name, *f.in)); utf8.RuneCountInString(*f.to) > MaxResponsibleLen {
				fe.Add(f.name, "item.responsible_too_long")
			}
		}
	}
	it.Priority, _ = strconv.Atoi(in.Priority)
	if it.Priority < 1 || it.Priority > 3 {
		it.Priority = 2
	}
	rec, err := ParseRecurrence(in.RecurKind, in.RecurExpr, parseCron)
	if err != nil {
		field := "recur_kind"
		var e *Error
		if errors.As(err, &e) && e.Field != "" {
			field = e.Field
		}
		fe.Add(field, "recur.invalid")
	}
	it.Recurrence = rec
	for _, l := range strings.Split(in.Checklist, "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(l, "-•*☐☑ ")); l != "" {
			out.Points = append(out.Points, l)
		}
		if utf8.RuneCountInString(l) > MaxPointLen {
			fe.Add("checklist", "item.checklist_too_long")
		}
	}
	out.Conditions = in.pointConditions(it, out.Points, &fe)
	if in.AddCondition != "" {
		c, ok := LookupCondition(in.AddCondition)
		switch {
		case !ok:
			fe.Add("add_condition", "item.condition_unknown")
		case !hasKey(out.Conditions, c.Key):
			out.Points = append(out.Points, ConditionPointText(c))
			out.Conditions = append(out.Conditions, c.Key)
		}
	}
	for _, v := range in.CoAssignees {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && MemberName(members, id) != "" && id != it.AssigneeID {
			out.CoAssignees = append(out.CoAssignees, id)
		}
	}
	return out, fe
}

// pointConditions returns the condition key of every point: as the form
// sent it, else as the item's point of the same text has it.
func (in ItemInput) pointConditions(it *Item, points []string, fe *FieldErrors) []string {
	kept := map[string]string{}
	for _, p := range it.Checklist {
		kept[p.Text] = p.ConditionKey
	}
	out := make([]string, len(points))
	for i, p := range points {
		key := kept[p]
		if in.PointConditions != nil {
			key = strings.TrimSpace(in.PointConditions[p])
		}
		if key != "" {
			if _, ok := LookupCondition(key); !ok {
				fe.Add("point_cond", "item.condition_unknown")
				key = ""
			}
		}
		out[i] = key
	}
	return out
}

// ConditionPointText is how a checklist point providing a condition reads:
// the library's measure for it with the condition in brackets, as
// ProposeItems writes it.
func ConditionPointText(c NokCondition) string {
	if m, ok := measureFor(measureLibrary, c.Indicator, c.Key); ok {
		return m.Measure + " (" + c.Title + ")"
	}
	return upperFirst(c.Title)
}

// deadlineError is the message of a deadline the form could not read: the
// kind's own message, else the general one.
func deadlineError(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Field == "deadline" && e.Message != "" {
		return e.Message
	}
	return "deadline.invalid"
}
