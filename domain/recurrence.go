package domain

import (
	"strings"
	"time"
)

// RecurrenceKind says how a recurring item repeats.
type RecurrenceKind string

// Recurrence kinds. Monthly and quarterly fall due on the calendar-true last
// day of each month or quarter; cron follows a cron expression.
const (
	RecurNone      RecurrenceKind = ""
	RecurMonthly   RecurrenceKind = "monthly"
	RecurQuarterly RecurrenceKind = "quarterly"
	// RecurHalfYearly and RecurYearly fall due on the last day of each
	// half-year and of the year («раз в полгода», «ежегодно»; docs/ux.md §10).
	RecurHalfYearly RecurrenceKind = "halfyearly"
	RecurYearly     RecurrenceKind = "yearly"
	RecurCron       RecurrenceKind = "cron"
)

// Recurrence is the rule of a recurring item («постоянно», «ежеквартально»).
type Recurrence struct {
	Kind RecurrenceKind
	Expr string // the cron expression for RecurCron
}

// Schedule is a parsed cron expression: the next activation after t. It is
// an interface so that domain stays free of the cron parser.
type Schedule interface {
	Next(t time.Time) time.Time
}

// maxOccurrences bounds what one rule can produce (a daily cron over a year).
const maxOccurrences = 400

// ParseRecurrence validates a rule from a form; cron expressions are checked
// by parse (nil means cron is not accepted).
func ParseRecurrence(kind, expr string, parse func(string) (Schedule, error)) (Recurrence, error) {
	r := Recurrence{Kind: RecurrenceKind(strings.TrimSpace(kind))}
	switch r.Kind {
	case RecurNone, RecurMonthly, RecurQuarterly, RecurHalfYearly, RecurYearly:
		return r, nil
	case RecurCron:
		r.Expr = strings.Join(strings.Fields(expr), " ")
		if parse == nil || r.Expr == "" {
			return Recurrence{}, FieldError("recur_expr", "recur.invalid_cron")
		}
		if _, err := parse(r.Expr); err != nil {
			return Recurrence{}, FieldError("recur_expr", "recur.invalid_cron")
		}
		return r, nil
	}
	return Recurrence{}, FieldError("recur_kind", "recur.invalid_kind")
}

// recurSteps is each calendar rule's period in months.
var recurSteps = map[RecurrenceKind]int{RecurMonthly: 1, RecurQuarterly: 3, RecurHalfYearly: 6, RecurYearly: 12}

// Occurrences returns the due days the rule produces from from to to, both
// included, in order. sched is the parsed cron expression (used only for
// RecurCron). Several cron activations on one day give one occurrence.
func (r Recurrence) Occurrences(from, to Date, sched Schedule) []Date {
	var out []Date
	switch r.Kind {
	case RecurMonthly, RecurQuarterly, RecurHalfYearly, RecurYearly:
		step := recurSteps[r.Kind]
		m := ((int(from.Month)-1)/step)*step + step // the month the period of from ends in
		for d := NewDate(from.Year, time.Month(m)+1, 0); !d.After(to) && len(out) < maxOccurrences; {
			if !d.Before(from) {
				out = append(out, d)
			}
			m += step
			d = NewDate(from.Year, time.Month(m)+1, 0)
		}
	case RecurCron:
		if sched == nil {
			return nil
		}
		// After each activation the search skips to the end of its day, so
		// an every-second rule costs one step per day, not 86 400.
		t := from.Time(time.UTC).Add(-time.Second)
		for len(out) < maxOccurrences {
			t = sched.Next(t)
			if t.IsZero() {
				break
			}
			d := DateOf(t)
			if d.After(to) {
				break
			}
			if len(out) == 0 || out[len(out)-1] != d {
				out = append(out, d)
			}
			if end := d.AddDays(1).Time(t.Location()).Add(-time.Second); end.After(t) {
				t = end
			}
		}
	}
	return out
}

// Occurrence is one dated instance of a recurring item, assignable and
// closable on its own.
type Occurrence struct {
	ID          int64
	ItemID      int64
	Due         Date
	AssigneeID  int64
	Done        bool
	Implemented string
	CompletedOn Date
}
