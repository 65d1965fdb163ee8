package domain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestReportAsOf(t *testing.T) {
	cases := []struct {
		p     ReportPeriod
		today Date
		want  string
		err   bool
	}{
		{PeriodQ1, NewDate(2026, 11, 23), "2026-03-31", false},
		{PeriodH1, NewDate(2026, 11, 23), "2026-06-30", false},
		{PeriodQ3, NewDate(2026, 11, 23), "2026-09-30", false},
		{PeriodQ4, NewDate(2026, 11, 23), "2026-11-23", false}, // still running: as of today
		{PeriodYear, NewDate(2027, 1, 10), "2026-12-31", false},
		{PeriodQ1, NewDate(2025, 12, 1), "", true}, // the plan's year has not begun
		{PeriodQ4, NewDate(2026, 9, 30), "", true}, // Q4 has not begun
		{"q5", NewDate(2026, 11, 23), "", true},
	}
	for _, c := range cases {
		got, err := ReportAsOf(c.p, 2026, c.today)
		if (err != nil) != c.err || (err == nil && got.String() != c.want) {
			t.Errorf("ReportAsOf(%s, %s) = %s, %v; want %s", c.p, c.today, got, err, c.want)
		}
	}
}

func TestOfficialDeadlineText(t *testing.T) {
	cases := map[string]Deadline{
		"31.12.2026":      DateDeadline(NewDate(2026, 12, 31)),
		"IV квартал 2026": QuarterDeadline(2026, 4),
		"март 2027":       MonthDeadline(2027, 3),
		"постоянно":       Ongoing,
		"":                {},
	}
	for want, d := range cases {
		if got := d.OfficialText(); got != want {
			t.Errorf("%+v.OfficialText() = %q, want %q", d, got, want)
		}
	}
}

func TestBuildPublicReport(t *testing.T) {
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	in := Institution{ID: 1, Name: "Музей", Slug: "muzey", TimeZone: "Asia/Novokuznetsk"}
	items := []Item{
		{Section: SectionOrg, Measure: "Собрание", Status: StatusDone, Implemented: "Проведено", CompletedOn: NewDate(2026, 2, 1), Deadline: DateDeadline(NewDate(2026, 2, 1)), AssigneeID: 7},
		{Section: Section1, Measure: "Сайт", Status: StatusInProgress, Implemented: "черновик, не для публики", Deadline: DateDeadline(NewDate(2026, 10, 1))},
		{Section: Section1, Measure: "Отменено", Status: StatusCancelled},
		{Section: Section3, Measure: "Пандус", Status: StatusPlanned, Deadline: Ongoing},
	}
	r := BuildPublicReport(ReportInput{Plan: Plan{Year: 2026, Status: PlanApproved}, Institution: in, Items: items,
		People:   map[int64]User{7: {FullName: "Иванов Сергей Петрович", Position: "Директор", Email: "x@example.org"}},
		Approval: &Approval{ActorName: "Петрова О. В.", ActorPosition: "Начальник отдела", OnDate: NewDate(2026, 2, 3)}, Now: now, Version: 2})
	if len(r.Sections) != 3 || r.Sections[0].Rows[0].Number != "0.1" || r.Sections[1].Rows[0].Number != "I.1" || r.Sections[2].Rows[0].Number != "III.1" {
		t.Fatalf("sections = %+v", r.Sections)
	}
	if len(r.Sections[1].Rows) != 1 {
		t.Errorf("cancelled item published: %+v", r.Sections[1].Rows)
	}
	if got := r.Sections[0].Rows[0].Responsible; got != "Иванов Сергей Петрович, Директор" {
		t.Errorf("responsible = %q", got)
	}
	if r.Sections[1].Rows[0].Implemented != "" {
		t.Error("an open item's draft 5a text was published")
	}
	if r.Total.Total != 3 || r.Total.Done != 1 || r.Total.Overdue != 1 || r.Approval.Date != "2026-02-03" || r.UpdatedOn != "2026-11-23" {
		t.Errorf("report = %+v", r)
	}
	b, _ := json.Marshal(r)
	if strings.Contains(string(b), "@") {
		t.Error("an e-mail address reached the snapshot")
	}
	empty := BuildPublicReport(ReportInput{Plan: Plan{Year: 2027}, Institution: in, Now: now})
	if b, _ := json.Marshal(empty); !strings.Contains(string(b), `"sections":[]`) {
		t.Errorf("empty plan JSON = %s", b)
	}
}
