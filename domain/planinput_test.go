package domain

import (
	"strings"
	"testing"
)

// A plan's title is measured in characters: 1,000 Cyrillic letters (2,000
// bytes) are allowed, 1,001 are not; the institution must be one the caller
// edits, and the year a real one.
func TestPlanInputValidate(t *testing.T) {
	museum := Institution{ID: 7, Name: "Музей"}
	library := Institution{ID: 9, Name: "Библиотека"}
	in := PlanInput{Institution: "", Year: " 2027 ", Title: strings.Repeat("я", MaxPlanTitleLen)}
	ch, fe := in.Validate([]Institution{museum})
	if len(fe) != 0 || ch.Institution.ID != 7 || ch.Year != 2027 {
		t.Fatalf("one institution, no choice: %+v %v", ch, fe)
	}
	in.Title += "я"
	if _, fe := in.Validate([]Institution{museum}); fe["title"] == "" {
		t.Error("1,001 characters accepted")
	}
	in = PlanInput{Institution: "", Year: "1999"}
	_, fe = in.Validate([]Institution{museum, library})
	if fe["institution"] == "" || fe["year"] == "" {
		t.Errorf("no institution among two, year 1999: %v", fe)
	}
	in = PlanInput{Institution: "9", Year: "2027"}
	if ch, fe := in.Validate([]Institution{museum}); fe["institution"] == "" {
		t.Errorf("an institution the caller does not edit was chosen: %+v", ch)
	}
}

func TestPlanEditApplyTo(t *testing.T) {
	p := Plan{Title: "Старое"}
	if fe := (PlanEdit{Title: "  ", PeriodStart: "2027-01-01", PeriodEnd: "2027-12-31"}).ApplyTo(&p); fe["title"] == "" || p.Title != "Старое" {
		t.Errorf("an empty title: %v, plan %q", fe, p.Title)
	}
	if fe := (PlanEdit{Title: "План", PeriodStart: "2027-12-31", PeriodEnd: "2027-01-01"}).ApplyTo(&p); fe["period_end"] == "" || p.Title != "Старое" {
		t.Errorf("an end before the start: %v, plan %q", fe, p.Title)
	}
	if fe := (PlanEdit{Title: strings.Repeat("ж", 900), PeriodStart: "2027-01-01", PeriodEnd: "2027-12-31"}).ApplyTo(&p); len(fe) != 0 ||
		p.PeriodEnd != NewDate(2027, 12, 31) {
		t.Errorf("900 Cyrillic characters (1,800 bytes): %v", fe)
	}
}
