package domain

import "testing"

func TestItemTransitions(t *testing.T) {
	cases := []struct {
		tr   Transition
		from ItemStatus
		to   ItemStatus
		ok   bool
	}{
		{TrStart, StatusPlanned, StatusInProgress, true},
		{TrStart, StatusInProgress, "", false},
		{TrSubmit, StatusInProgress, StatusReview, true},
		{TrSubmit, StatusPlanned, StatusReview, true},
		{TrSubmit, StatusDone, "", false},
		{TrAccept, StatusReview, StatusDone, true},
		{TrAccept, StatusInProgress, "", false},
		{TrReturn, StatusReview, StatusInProgress, true},
		{TrReturn, StatusDone, "", false},
		{TrFail, StatusInProgress, StatusNotDone, true},
		{TrCancel, StatusPlanned, StatusCancelled, true},
		{TrCancel, StatusDone, "", false},
		{TrReopen, StatusDone, StatusInProgress, true},
		{TrReopen, StatusPlanned, "", false},
		{TrUnstart, StatusInProgress, StatusPlanned, true},
	}
	for _, c := range cases {
		got, err := c.tr.Apply(c.from)
		if c.ok && (err != nil || got != c.to) {
			t.Errorf("%s from %s = %s, %v; want %s", c.tr, c.from, got, err, c.to)
		}
		if !c.ok && ErrorCode(err) != EConflict {
			t.Errorf("%s from %s: err = %v, want conflict", c.tr, c.from, err)
		}
	}
	if _, err := Transition("fly").Apply(StatusPlanned); ErrorCode(err) != EInvalid {
		t.Errorf("unknown transition: %v", err)
	}
	for _, tr := range []Transition{TrReturn, TrFail, TrCancel} {
		if !tr.NeedsReason() {
			t.Errorf("%s must need a reason", tr)
		}
	}
	if TrAccept.NeedsReason() || TrStart.NeedsReason() {
		t.Error("accept/start need no reason")
	}
}

func TestTransitionTo(t *testing.T) {
	// Drag-and-drop between board columns maps to a named transition.
	for _, c := range []struct {
		from, to ItemStatus
		want     Transition
		ok       bool
	}{
		{StatusPlanned, StatusInProgress, TrStart, true},
		{StatusInProgress, StatusReview, TrSubmit, true},
		{StatusReview, StatusDone, TrAccept, true},
		{StatusReview, StatusInProgress, TrReturn, true},
		{StatusPlanned, StatusDone, "", false},
	} {
		got, ok := TransitionTo(c.from, c.to)
		if ok != c.ok || got != c.want {
			t.Errorf("TransitionTo(%s, %s) = %s, %v; want %s, %v", c.from, c.to, got, ok, c.want, c.ok)
		}
	}
}

func TestPlanTransitions(t *testing.T) {
	s, err := PlanTrSubmit.Apply(PlanDraft)
	if err != nil || s != PlanSubmitted {
		t.Fatal(s, err)
	}
	if s, err = PlanTrReturn.Apply(s); err != nil || s != PlanDraft {
		t.Fatal("return to draft", s, err)
	}
	s, _ = PlanTrSubmit.Apply(s)
	if s, err = PlanTrApprove.Apply(s); err != nil || s != PlanApproved {
		t.Fatal("approve", s, err)
	}
	if _, err := PlanTrApprove.Apply(PlanDraft); ErrorCode(err) != EConflict {
		t.Error("a draft cannot be approved without being submitted")
	}
	if s, err = PlanTrClose.Apply(s); err != nil || s != PlanClosed {
		t.Fatal("close", s, err)
	}
}
