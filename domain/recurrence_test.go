package domain

import (
	"errors"
	"testing"
	"time"
)

func TestMonthlyOccurrencesAreMonthEnds(t *testing.T) {
	got := Recurrence{Kind: RecurMonthly}.Occurrences(NewDate(2028, 1, 15), NewDate(2028, 4, 30), nil)
	want := []Date{NewDate(2028, 1, 31), NewDate(2028, 2, 29), NewDate(2028, 3, 31), NewDate(2028, 4, 30)}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestQuarterlyOccurrencesAreQuarterEnds(t *testing.T) {
	got := Recurrence{Kind: RecurQuarterly}.Occurrences(NewDate(2027, 2, 1), NewDate(2027, 12, 31), nil)
	want := []Date{NewDate(2027, 3, 31), NewDate(2027, 6, 30), NewDate(2027, 9, 30), NewDate(2027, 12, 31)}
	if len(got) != 4 {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

// everyTenth fires at 10:00 and 15:00 on the 10th of each month.
type everyTenth struct{}

func (everyTenth) Next(t time.Time) time.Time {
	for c := t.Truncate(time.Hour).Add(time.Hour); ; c = c.Add(time.Hour) {
		if c.Day() == 10 && (c.Hour() == 10 || c.Hour() == 15) {
			return c
		}
	}
}

func TestCronOccurrencesOnePerDay(t *testing.T) {
	got := Recurrence{Kind: RecurCron, Expr: "x"}.Occurrences(NewDate(2027, 1, 10), NewDate(2027, 3, 9), everyTenth{})
	if len(got) != 2 || got[0] != NewDate(2027, 1, 10) || got[1] != NewDate(2027, 2, 10) {
		t.Fatalf("got %v", got)
	}
}

func TestParseRecurrenceRefusesBadCron(t *testing.T) {
	parse := func(s string) (Schedule, error) {
		if s == "ok" {
			return everyTenth{}, nil
		}
		return nil, errors.New("bad")
	}
	if _, err := ParseRecurrence("cron", "nonsense", parse); ErrorCode(err) != EInvalid {
		t.Fatalf("bad cron accepted: %v", err)
	}
	if r, err := ParseRecurrence("cron", " ok ", parse); err != nil || r.Expr != "ok" {
		t.Fatalf("good cron refused: %v %v", r, err)
	}
	if _, err := ParseRecurrence("weekly-ish", "", parse); err == nil {
		t.Fatal("unknown kind accepted")
	}
}

func TestMoveDeadlineNeedsReasonAndCounts(t *testing.T) {
	it := Item{Deadline: QuarterDeadline(2027, 2), OriginalDeadline: QuarterDeadline(2027, 2)}
	if err := it.MoveDeadline(QuarterDeadline(2027, 3), " ", PlanApproved); ErrorCode(err) != EInvalid {
		t.Fatalf("move without reason: %v", err)
	}
	if err := it.MoveDeadline(QuarterDeadline(2027, 3), "нет подрядчика", PlanApproved); err != nil {
		t.Fatal(err)
	}
	if it.DeadlineMoves != 1 || it.OriginalDeadline != QuarterDeadline(2027, 2) {
		t.Fatalf("moves %d original %v", it.DeadlineMoves, it.OriginalDeadline)
	}
	fresh := Item{}
	if err := fresh.MoveDeadline(QuarterDeadline(2027, 1), "", PlanApproved); err != nil || fresh.DeadlineMoves != 0 {
		t.Fatalf("first deadline counted as move: %v %d", err, fresh.DeadlineMoves)
	}
}

func TestApplySubmitNeedsReportAndDate(t *testing.T) {
	it := Item{Status: StatusInProgress}
	err := it.Apply(TrSubmit, "", " ", Date{})
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields["implemented"] == "" || ve.Fields["completed_on"] == "" {
		t.Fatalf("want both fields refused, got %v", err)
	}
	if it.Status != StatusInProgress {
		t.Fatal("status changed on a refused close")
	}
	if err := it.Apply(TrSubmit, "", "Кулер установлен", NewDate(2027, 3, 1)); err != nil || it.Status != StatusReview {
		t.Fatalf("%v %v", err, it.Status)
	}
	if err := it.Apply(TrReturn, "", "", Date{}); ErrorCode(err) != EInvalid {
		t.Fatalf("return without remark: %v", err)
	}
	if err := it.Apply(TrReturn, "Нет фото", "", Date{}); err != nil || it.StatusReason != "Нет фото" {
		t.Fatal(err)
	}
}

func TestItemChangesListsFields(t *testing.T) {
	a := Item{Measure: "m", Status: StatusPlanned, AssigneeID: 1, Priority: 2}
	b := a
	b.Status, b.AssigneeID = StatusInProgress, 2
	ch := ItemChanges(&a, &b, func(id int64) string { return map[int64]string{1: "A", 2: "B"}[id] })
	if len(ch) != 2 || ch[0].Field != "assignee" || ch[0].OldValue != "A" || ch[0].NewValue != "B" || ch[1].Field != "status" {
		t.Fatalf("%+v", ch)
	}
}
