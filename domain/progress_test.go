package domain

import "testing"

func TestOverdueAndDueSoon(t *testing.T) {
	today := NewDate(2026, 11, 23)
	item := func(st ItemStatus, d Deadline) *Item { return &Item{Status: st, Deadline: d} }
	cases := []struct {
		name          string
		it            *Item
		overdue, soon bool
	}{
		{"open, due yesterday", item(StatusInProgress, DateDeadline(today.AddDays(-1))), true, false},
		{"open, due today", item(StatusPlanned, DateDeadline(today)), false, true},
		{"open, due in 6 days", item(StatusPlanned, DateDeadline(today.AddDays(6))), false, true},
		{"open, due in 7 days", item(StatusPlanned, DateDeadline(today.AddDays(7))), false, false},
		{"awaiting acceptance, late", item(StatusReview, DateDeadline(today.AddDays(-3))), true, false},
		{"done, late", item(StatusDone, DateDeadline(today.AddDays(-3))), false, false},
		{"cancelled, late", item(StatusCancelled, DateDeadline(today.AddDays(-3))), false, false},
		{"ongoing", item(StatusPlanned, Ongoing), false, false},
		{"no deadline", item(StatusPlanned, Deadline{}), false, false},
		{"quarter ended", item(StatusPlanned, QuarterDeadline(2026, 3)), true, false},
		{"current quarter", item(StatusPlanned, QuarterDeadline(2026, 4)), false, false},
	}
	for _, c := range cases {
		if got := IsOverdue(c.it, today); got != c.overdue {
			t.Errorf("%s: overdue = %v", c.name, got)
		}
		if got := IsDueSoon(c.it, today, 7); got != c.soon {
			t.Errorf("%s: due soon = %v", c.name, got)
		}
	}
}

func TestPlanProgress(t *testing.T) {
	today := NewDate(2026, 11, 23)
	items := []Item{
		{Section: Section3, Status: StatusDone, Deadline: DateDeadline(today), CompletedOn: today.AddDays(-1)},
		{Section: Section3, Status: StatusDone, Deadline: DateDeadline(today.AddDays(-10)), CompletedOn: today.AddDays(-2)},
		{Section: Section3, Status: StatusInProgress, Deadline: DateDeadline(today.AddDays(-1))},
		{Section: SectionOrg, Status: StatusReview, Deadline: Ongoing},
		{Section: Section1, Status: StatusCancelled, Deadline: DateDeadline(today.AddDays(-1))},
		{Section: Section1, Status: StatusPlanned},
	}
	sections, total := PlanProgress(items, today)
	if len(sections) != 3 || sections[0].Section != SectionOrg || sections[1].Section != Section1 || sections[2].Section != Section3 {
		t.Fatalf("sections = %+v", sections)
	}
	s3 := sections[2]
	if s3.Total != 3 || s3.Done != 2 || s3.OnTime != 1 || s3.Overdue != 1 || s3.Percent() != 66 || s3.OnTimePercent() != 50 {
		t.Errorf("section III = %+v (%d%%)", s3, s3.Percent())
	}
	if sections[1].Total != 1 {
		t.Errorf("cancelled items must not count: %+v", sections[1])
	}
	if total.Total != 5 || total.Done != 2 || total.InProgress != 2 || total.Overdue != 1 || total.Percent() != 40 {
		t.Errorf("total = %+v", total)
	}
	if (Progress{}).Percent() != 0 || (Progress{}).OnTimePercent() != 0 {
		t.Error("empty progress must be 0%, not a division by zero")
	}
}

func TestItemsFromTemplate(t *testing.T) {
	tpl := Template{Code: "t", Items: []TemplateItem{
		{Section: SectionOrg, Measure: "Собрание", Deadline: "Q1"},
		{Section: Section2, Indicator: "2.1", Measure: "Комфорт", Deadline: "ongoing", Checklist: []string{"Вода", "Навигация"}},
	}}
	items, err := ItemsFromTemplate(tpl, 2027)
	if err != nil || len(items) != 2 {
		t.Fatal(items, err)
	}
	if items[0].Deadline != QuarterDeadline(2027, 1) || items[0].OriginalDeadline != items[0].Deadline || items[0].Status != StatusPlanned {
		t.Errorf("item 1 = %+v", items[0])
	}
	if len(items[1].Checklist) != 2 || items[1].Checklist[1].Text != "Навигация" || items[1].Checklist[1].Position != 2 {
		t.Errorf("checklist = %+v", items[1].Checklist)
	}
	bad := Template{Code: "bad", Items: []TemplateItem{{Section: "9", Measure: "x"}}}
	if _, err := ItemsFromTemplate(bad, 2027); err == nil {
		t.Error("unknown section accepted")
	}
	bad = Template{Code: "bad", Items: []TemplateItem{{Section: Section1, Measure: "x", Deadline: "когда-нибудь"}}}
	if _, err := ItemsFromTemplate(bad, 2027); err == nil {
		t.Error("bad deadline accepted")
	}
}

func TestSections(t *testing.T) {
	if !Section3.Valid() || Section("6").Valid() || Section3.Roman() != "III" || SectionOrg.Roman() != "" {
		t.Error("section basics")
	}
	if s, ok := IndicatorSection("3.2"); !ok || s != Section3 {
		t.Error("indicator 3.2 belongs to section III")
	}
	if _, ok := IndicatorSection("2.2"); ok {
		t.Error("there is no indicator 2.2 in Приказ № 599")
	}
}
