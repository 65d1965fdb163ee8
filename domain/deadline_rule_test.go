package domain

import "testing"

// Until the plan is approved a deadline changes freely (no
// reason, not counted, the original follows); afterwards a change needs a
// reason and counts, the original stays as approved.
func TestDraftDeadlinesChangeFreely(t *testing.T) {
	for _, st := range []PlanStatus{PlanDraft, PlanSubmitted} {
		it := Item{Deadline: QuarterDeadline(2027, 2), OriginalDeadline: QuarterDeadline(2027, 2)}
		if err := it.MoveDeadline(QuarterDeadline(2027, 3), "", st); err != nil {
			t.Fatalf("%s: a draft's deadline asked for a reason: %v", st, err)
		}
		if it.DeadlineMoves != 0 || it.OriginalDeadline != QuarterDeadline(2027, 3) {
			t.Fatalf("%s: moves %d original %v", st, it.DeadlineMoves, it.OriginalDeadline)
		}
	}
	for _, st := range []PlanStatus{PlanApproved, PlanClosed, ""} {
		it := Item{Deadline: QuarterDeadline(2027, 2), OriginalDeadline: QuarterDeadline(2027, 2)}
		if err := it.MoveDeadline(QuarterDeadline(2027, 3), "", st); ErrorCode(err) != EInvalid {
			t.Fatalf("%s: an approved plan's move without a reason: %v", st, err)
		}
		if err := it.MoveDeadline(QuarterDeadline(2027, 3), "подрядчик", st); err != nil || it.DeadlineMoves != 1 ||
			it.OriginalDeadline != QuarterDeadline(2027, 2) {
			t.Fatalf("%s: %v moves %d original %v", st, err, it.DeadlineMoves, it.OriginalDeadline)
		}
	}
	in := ItemInput{Section: "1", Measure: "М", Deadline: "IV квартал 2027", PlanStatus: PlanDraft}
	it := Item{Deadline: QuarterDeadline(2027, 2)}
	if _, fe := in.ApplyTo(&it, nil, nil); len(fe) > 0 || it.DeadlineMoves != 0 {
		t.Fatalf("item form on a draft: %v moves %d", fe, it.DeadlineMoves)
	}
	in.PlanStatus = PlanApproved
	if _, fe := in.ApplyTo(&Item{Deadline: QuarterDeadline(2027, 2)}, nil, nil); fe["deadline_reason"] == "" {
		t.Fatalf("item form on an approved plan moved without a reason: %v", fe)
	}
}

// The item form's deadline is a kind and words as people
// write them; the words must say a deadline of the kind chosen.
func TestReadDeadlineKindAndWords(t *testing.T) {
	for _, tc := range []struct {
		kind, text string
		want       Deadline
	}{
		{"quarter", "II квартал 2027", QuarterDeadline(2027, 2)},
		{"date", "до 30.06.2027", DateDeadline(NewDate(2027, 6, 30))},
		{"date", "30.06.2027", DateDeadline(NewDate(2027, 6, 30))},
		{"ongoing", "", Ongoing},
		{"ongoing", "что угодно", Ongoing},
		{"none", "", Deadline{}},
		{"", "IV квартал 2027", QuarterDeadline(2027, 4)},
		{"month", "июнь 2027", MonthDeadline(2027, 6)},
		{"quarter", "30.06.2027", DateDeadline(NewDate(2027, 6, 30))}, // the words win over the frame
	} {
		got, err := ReadDeadline(tc.kind, tc.text)
		if err != nil || got != tc.want {
			t.Errorf("%q %q: %v %v, want %v", tc.kind, tc.text, got, err, tc.want)
		}
	}
	for _, tc := range [][2]string{{"quarter", "постоянно"}, {"date", ""}, {"date", "скоро"}, {"none", "30.06.2027"}} {
		if _, err := ReadDeadline(tc[0], tc[1]); ErrorCode(err) != EInvalid {
			t.Errorf("%q %q accepted", tc[0], tc[1])
		}
	}
	if QuarterDeadline(2027, 2).OfficialText() != "II квартал 2027" {
		t.Fatal("the form's words for a quarter")
	}
}

// «раз в полгода» and «ежегодно» fall on the last day of each
// half-year and of the year.
func TestHalfYearlyAndYearly(t *testing.T) {
	from, to := NewDate(2027, 1, 1), NewDate(2027, 12, 31)
	h := Recurrence{Kind: RecurHalfYearly}.Occurrences(from, to, nil)
	if len(h) != 2 || h[0] != NewDate(2027, 6, 30) || h[1] != NewDate(2027, 12, 31) {
		t.Fatalf("half-yearly %v", h)
	}
	y := Recurrence{Kind: RecurYearly}.Occurrences(NewDate(2027, 3, 1), to, nil)
	if len(y) != 1 || y[0] != NewDate(2027, 12, 31) {
		t.Fatalf("yearly %v", y)
	}
	for _, k := range []string{"halfyearly", "yearly"} {
		if _, err := ParseRecurrence(k, "", nil); err != nil {
			t.Fatal(k, err)
		}
	}
	q := Recurrence{Kind: RecurQuarterly}.Occurrences(NewDate(2027, 2, 10), to, nil)
	if len(q) != 4 || q[0] != NewDate(2027, 3, 31) {
		t.Fatalf("quarterly changed: %v", q)
	}
}

// «Мои задачи» put overdue work first, then by deadline.
func TestMoreUrgent(t *testing.T) {
	today := NewDate(2027, 5, 1)
	late := Item{Status: StatusPlanned, Deadline: DateDeadline(NewDate(2027, 4, 1))}
	soon := Item{Status: StatusPlanned, Deadline: DateDeadline(NewDate(2027, 5, 2))}
	later := Item{Status: StatusPlanned, Deadline: QuarterDeadline(2027, 4)}
	always := Item{Status: StatusPlanned, Deadline: Ongoing}
	order := []*Item{&late, &soon, &later, &always}
	for i := 0; i < len(order)-1; i++ {
		if !MoreUrgent(order[i], today, order[i+1], today) || MoreUrgent(order[i+1], today, order[i], today) {
			t.Fatalf("%d before %d", i, i+1)
		}
	}
}
