package domain

import (
	"testing"
	"time"
)

func TestParseDeadline(t *testing.T) {
	cases := []struct {
		in   string
		kind DeadlineKind
		due  string
		spec string
	}{
		{"", DeadlineNone, "", ""},
		{"  ", DeadlineNone, "", ""},
		{"постоянно", DeadlineOngoing, "", "ongoing"},
		{"Постоянно", DeadlineOngoing, "", "ongoing"},
		{"ongoing", DeadlineOngoing, "", "ongoing"},
		{"31.12.2026", DeadlineDate, "2026-12-31", "2026-12-31"},
		{"31.12.2026 г.", DeadlineDate, "2026-12-31", "2026-12-31"},
		{"1.3.2027", DeadlineDate, "2027-03-01", "2027-03-01"},
		{"2026-06-30", DeadlineDate, "2026-06-30", "2026-06-30"},
		{"29.02.2028", DeadlineDate, "2028-02-29", "2028-02-29"},
		{"IV квартал 2026", DeadlineQuarter, "2026-12-31", "2026-Q4"},
		{"IV квартал 2026 года", DeadlineQuarter, "2026-12-31", "2026-Q4"},
		{"iii квартал 2026 г.", DeadlineQuarter, "2026-09-30", "2026-Q3"},
		{"I квартал 2027", DeadlineQuarter, "2027-03-31", "2027-Q1"},
		{"II  квартал   2026", DeadlineQuarter, "2026-06-30", "2026-Q2"},
		{"4 кв. 2026", DeadlineQuarter, "2026-12-31", "2026-Q4"},
		{"2-й квартал 2026", DeadlineQuarter, "2026-06-30", "2026-Q2"},
		{"Q1 2026", DeadlineQuarter, "2026-03-31", "2026-Q1"},
		{"2026-Q3", DeadlineQuarter, "2026-09-30", "2026-Q3"},
		{"декабрь 2026", DeadlineMonth, "2026-12-31", "2026-12"},
		{"Февраль 2028", DeadlineMonth, "2028-02-29", "2028-02"},
		{"февраля 2027 г.", DeadlineMonth, "2027-02-28", "2027-02"},
		{"November 2026", DeadlineMonth, "2026-11-30", "2026-11"},
		{"2026-04", DeadlineMonth, "2026-04-30", "2026-04"},
	}
	for _, c := range cases {
		d, err := ParseDeadline(c.in)
		if err != nil {
			t.Errorf("ParseDeadline(%q): %v", c.in, err)
			continue
		}
		if d.Kind != c.kind || d.Due.String() != c.due || d.Spec() != c.spec {
			t.Errorf("ParseDeadline(%q) = %s %s %q; want %s %s %q", c.in, d.Kind, d.Due, d.Spec(), c.kind, c.due, c.spec)
		}
		// The canonical form reads back to the same deadline.
		again, err := ParseDeadline(d.Spec())
		if err != nil || again != d {
			t.Errorf("round trip of %q via %q = %+v, %v", c.in, d.Spec(), again, err)
		}
	}
}

func TestParseDeadlineRefuses(t *testing.T) {
	for _, in := range []string{"31.02.2026", "32.01.2026", "2026-13-01", "V квартал 2026", "5 квартал 2026",
		"квартал 2026", "скоро", "2026", "12.2026.01", "декабрь", "дек 2026", "31.12.1999", "Q4 3026", "1/2/2026"} {
		d, err := ParseDeadline(in)
		if err == nil {
			t.Errorf("ParseDeadline(%q) = %+v, want an error", in, d)
			continue
		}
		if e, ok := err.(*Error); !ok || e.Code != EInvalid || e.Field != "deadline" || e.Message != "deadline.invalid" {
			t.Errorf("ParseDeadline(%q) error = %#v, want EInvalid on field deadline", in, err)
		}
	}
}

func TestTemplateDeadline(t *testing.T) {
	for in, want := range map[string]string{"Q1": "2027-Q1", "q4": "2027-Q4", "ongoing": "ongoing", "": "", "30.06.2027": "2027-06-30"} {
		d, err := TemplateDeadline(in, 2027)
		if err != nil || d.Spec() != want {
			t.Errorf("TemplateDeadline(%q) = %q, %v; want %q", in, d.Spec(), err, want)
		}
	}
}

func TestTodayIsInTheInstitutionsZone(t *testing.T) {
	nk, _ := time.LoadLocation("Asia/Novokuznetsk")
	// 20:00 UTC on the 23rd is already 03:00 on the 24th in Novokuznetsk (UTC+7).
	now := time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC)
	if got := Today(now, nk); got != NewDate(2026, 11, 24) {
		t.Errorf("Today in Novokuznetsk = %s", got)
	}
	if got := Today(now, time.UTC); got != NewDate(2026, 11, 23) {
		t.Errorf("Today in UTC = %s", got)
	}
}

func TestDateArithmetic(t *testing.T) {
	d := NewDate(2026, 12, 30)
	if d.AddDays(3) != NewDate(2027, 1, 2) || d.DaysUntil(NewDate(2027, 1, 2)) != 3 || NewDate(2027, 1, 2).DaysUntil(d) != -3 {
		t.Error("AddDays/DaysUntil across a year end")
	}
	if !d.Before(d.AddDays(1)) || d.After(d) || d.Compare(d) != 0 {
		t.Error("ordering")
	}
	if p, err := ParseISODate("2026-11-23"); err != nil || p != NewDate(2026, 11, 23) || p.Weekday() != time.Monday {
		t.Errorf("ParseISODate = %v, %v", p, err)
	}
	if _, err := ParseISODate("23.11.2026"); err == nil {
		t.Error("ParseISODate accepted a Russian date")
	}
}
