package domain

import "testing"

func TestParseDeadlineText(t *testing.T) {
	cases := []struct {
		in    string
		spec  string
		recur RecurrenceKind
	}{
		// Everything ParseDeadline reads, unchanged.
		{"IV квартал 2026 г.", "2026-Q4", ""},
		{"31.12.2026", "2026-12-31", ""},
		{"июнь 2027 г.", "2027-06", ""},
		{"постоянно", "ongoing", ""},
		{"Постоянно.", "ongoing", ""},
		{"", "", ""},
		// Prepositions, dates in words, punctuation.
		{"до 01.06.2027", "2027-06-01", ""},
		{"До 01.06.2027 г.", "2027-06-01", ""},
		{"не позднее 01.06.2027", "2027-06-01", ""},
		{"в срок до 1.6.2027 включительно", "2027-06-01", ""},
		{"01.06. 2027", "2027-06-01", ""},
		{"1 июня 2027 г.", "2027-06-01", ""},
		{"1 июня 2027г.", "2027-06-01", ""},
		{"до 15 марта 2027 года", "2027-03-15", ""},
		{"«30» ноября 2026 г.", "2026-11-30", ""},
		{"в декабре 2026 г.", "2026-12", ""},
		{"в IV квартале 2026 года", "2026-Q4", ""},
		// The plan year fills what the text leaves out.
		{"декабрь", "2026-12", ""},
		{"Декабрь", "2026-12", ""},
		{"в декабре", "2026-12", ""},
		{"IV квартал", "2026-Q4", ""},
		{"2 кв.", "2026-Q2", ""},
		{"1 июня", "2026-06-01", ""},
		{"в течение года", "2026-12-31", ""},
		{"В течение года.", "2026-12-31", ""},
		{"до конца года", "2026-12-31", ""},
		{"в течение 2027 года", "2027-12-31", ""},
		{"до конца 2027 года", "2027-12-31", ""},
		{"2027 год", "2027-12-31", ""},
		{"2026-2027 гг.", "2027-12-31", ""},
		{"I полугодие 2027 г.", "2027-06-30", ""},
		{"2 полугодие", "2026-12-31", ""},
		// Recurring and open-ended items.
		{"ежеквартально", "ongoing", RecurQuarterly},
		{"Ежеквартально", "ongoing", RecurQuarterly},
		{"ежемесячно", "ongoing", RecurMonthly},
		{"по мере необходимости", "ongoing", ""},
	}
	for _, c := range cases {
		d, r, err := ParseDeadlineText(c.in, 2026)
		if err != nil {
			t.Errorf("ParseDeadlineText(%q): %v", c.in, err)
			continue
		}
		if d.Spec() != c.spec || r.Kind != c.recur {
			t.Errorf("ParseDeadlineText(%q) = %q %q; want %q %q", c.in, d.Spec(), r.Kind, c.spec, c.recur)
		}
	}
}

func TestParseDeadlineTextNeedsTheYear(t *testing.T) {
	for _, in := range []string{"декабрь", "в течение года", "IV квартал", "1 июня"} {
		if d, _, err := ParseDeadlineText(in, 0); err == nil {
			t.Errorf("ParseDeadlineText(%q, no year) = %+v, want an error", in, d)
		}
	}
	// A text that names its year does not need the plan's.
	if d, _, err := ParseDeadlineText("до 01.06.2027", 0); err != nil || d.Spec() != "2027-06-01" {
		t.Errorf("dated deadline without a plan year = %+v, %v", d, err)
	}
}

func TestParseDeadlineTextRefuses(t *testing.T) {
	for _, in := range []string{"скоро", "31.02.2027", "до 32.01.2027", "V квартал", "31 февраля", "дек", "в течение",
		"3 полугодие", "1999 год", "июнь 3026", "по согласованию с учредителем"} {
		d, _, err := ParseDeadlineText(in, 2026)
		if err == nil {
			t.Errorf("ParseDeadlineText(%q) = %+v, want an error", in, d)
			continue
		}
		if !isFieldError(err, "deadline", "deadline.invalid") {
			t.Errorf("ParseDeadlineText(%q) error = %#v", in, err)
		}
	}
}

// ParseDeadline itself keeps its behaviour: it has no plan year, so
// «декабрь» and «в течение года» are refused there.
func TestParseDeadlineUnchangedByTextForms(t *testing.T) {
	for _, in := range []string{"декабрь", "в течение года", "до 01.06.2027"} {
		if d, err := ParseDeadline(in); err == nil {
			t.Errorf("ParseDeadline(%q) = %+v, want an error", in, d)
		}
	}
}

func FuzzParseDeadlineText(f *testing.F) {
	for _, s := range realDeadlines {
		f.Add(s, 2026)
	}
	f.Add("до 01.06.2027", 0)
	f.Add("1 июня", 2027)
	f.Fuzz(func(t *testing.T, in string, year int) {
		d, r, err := ParseDeadlineText(in, year)
		if err != nil {
			if !isFieldError(err, "deadline", "deadline.invalid") {
				t.Fatalf("%q: error %#v", in, err)
			}
			return
		}
		if d.HasDue() && (d.Due.Year < 2000 || d.Due.Year > 2100) {
			t.Fatalf("%q: implausible year %d", in, d.Due.Year)
		}
		if r.Kind != RecurNone && d.Kind != DeadlineOngoing {
			t.Fatalf("%q: recurring but %s", in, d.Kind)
		}
		if again, err := ParseDeadline(d.Spec()); err != nil || again != d {
			t.Fatalf("%q: spec %q does not read back", in, d.Spec())
		}
	})
}
