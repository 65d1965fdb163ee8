package domain

import "testing"

// Issue 14.4: until the plan is approved a deadline changes freely (no
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
