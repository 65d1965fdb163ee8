package domain

import (
	"strings"
	"unicode"
)

// PlanWarning is something a plan about to be sent to the founder may
// have wrong; sending stays possible (issue: «nothing is checked before
// sending»). Kind: "no_responsible", "deadline_outside", "duplicate".
type PlanWarning struct {
	Kind    string
	Item    Item
	Other   int64 // duplicate: the earlier item with the same measure
	Outside Date  // deadline_outside: the due day outside the plan's year
}

// SubmitWarnings checks a plan's items (report order) before sending:
// an item with nobody responsible (no assignee, no person kept as text), a
// deadline outside the plan's period, a measure that repeats an earlier
// one word for word (case, spacing and punctuation aside). Cancelled items
// are left out.
func SubmitWarnings(p Plan, items []Item) []PlanWarning {
	var out []PlanWarning
	start, end := p.PeriodStart, p.PeriodEnd
	if start.IsZero() || end.IsZero() {
		start, end = NewDate(p.Year, 1, 1), NewDate(p.Year, 12, 31)
	}
	seen := map[string]int64{}
	for _, it := range items {
		if it.Status == StatusCancelled {
			continue
		}
		if it.AssigneeID == 0 && len(it.CoAssignees) == 0 && strings.TrimSpace(it.ResponsibleText()) == "" {
			out = append(out, PlanWarning{Kind: "no_responsible", Item: it})
		}
		if it.Deadline.HasDue() && (it.Deadline.Due.Before(start) || end.Before(it.Deadline.Due)) {
			out = append(out, PlanWarning{Kind: "deadline_outside", Item: it, Outside: it.Deadline.Due})
		}
		key := foldMeasure(it.Measure)
		if key == "" {
			continue
		}
		if first, ok := seen[key]; ok {
			out = append(out, PlanWarning{Kind: "duplicate", Item: it, Other: first})
		} else {
			seen[key] = it.ID
		}
	}
	return out
}

// foldMeasure is a measure's words in lower case, «ё» as «е», without
// punctuation: two measures that differ only so are the same.
func foldMeasure(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "ё", "е")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}
