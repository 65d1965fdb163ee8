package domain

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxPlanTitleLen is the longest plan title, in characters.
const MaxPlanTitleLen = 1000

// PlanInput is a new plan as any surface sends it: the institution's id
// ("" when the caller edits plans of exactly one), the year, a title ("" for
// the default one) and the template's code ("" for an empty plan).
type PlanInput struct {
	Institution, Year, Title, Template string
}

// PlanChoice is what Validate resolved: the institution and the year.
type PlanChoice struct {
	Institution Institution
	Year        int
}

// Validate resolves the input against the institutions the caller may
// create plans in and checks the year and the title (the text rule, and
// characters rather than bytes). The title is returned cleaned.
func (in *PlanInput) Validate(editable []Institution) (PlanChoice, FieldErrors) {
	var fe FieldErrors
	var ch PlanChoice
	found := false
	for _, inst := range editable {
		if strconv.FormatInt(inst.ID, 10) == in.Institution || (len(editable) == 1 && in.Institution == "") {
			ch.Institution, found = inst, true
		}
	}
	if !found {
		fe.Add("institution", "planform.institution_required")
	}
	year, err := strconv.Atoi(strings.TrimSpace(in.Year))
	if err != nil || year < 2000 || year > 2100 {
		fe.Add("year", "planform.year_invalid")
	}
	ch.Year = year
	in.Title = fe.Line("title", in.Title)
	if utf8.RuneCountInString(in.Title) > MaxPlanTitleLen {
		fe.Add("title", "planform.title_required")
	}
	return ch, fe
}

// PlanEdit is an edited plan's title and period, as the plan page sends
// them (dates as YYYY-MM-DD).
type PlanEdit struct {
	Title, PeriodStart, PeriodEnd string
}

// ApplyTo checks the edit and writes it into p: a title of 1–1000
// characters under the text rule, and a period whose end is not before its
// start.
func (in PlanEdit) ApplyTo(p *Plan) FieldErrors {
	var fe FieldErrors
	title := fe.Line("title", in.Title)
	if title == "" || utf8.RuneCountInString(title) > MaxPlanTitleLen {
		fe.Add("title", "planform.title_required")
	}
	start, err1 := ParseISODate(strings.TrimSpace(in.PeriodStart))
	end, err2 := ParseISODate(strings.TrimSpace(in.PeriodEnd))
	if err1 != nil || err2 != nil || end.Before(start) {
		fe.Add("period_end", "planform.period_invalid")
	}
	if len(fe) == 0 {
		p.Title, p.PeriodStart, p.PeriodEnd = title, start, end
	}
	return fe
}
