package service

import (
	"testing"

	"planboard/domain"
)

// Rows find their items by number with the same measure, else by measure
// (the file renumbered), else by number (the measure reworded); the rest
// are new, and items no row found are missing.
func TestDiffPlanMatching(t *testing.T) {
	t.Parallel()
	item := func(id int64, s domain.Section, measure string, d domain.Deadline) domain.Item {
		return domain.Item{ID: id, Section: s, Measure: measure, Deadline: d, Status: domain.StatusPlanned}
	}
	q := func(n int) domain.Deadline { return domain.QuarterDeadline(2027, n) }
	items := []domain.Item{
		item(1, domain.Section1, "Разместить анкету", q(1)),
		item(2, domain.Section1, "Обновить сайт", q(2)),
		item(3, domain.Section2, "Установить кулер", q(3)),
		item(4, domain.Section3, "Купить коляску", q(4)),
	}
	row := func(n int, s domain.Section, num, measure string, d domain.Deadline) ImportRow {
		return ImportRow{N: n, Keep: true, Section: s, Number: num, Measure: measure, Deadline: d, DeadlineText: "x", DeadlineOK: true}
	}
	rows := []ImportRow{
		row(1, domain.Section1, "1.1", "Разместить\n анкету", q(1)),       // same number (arabic), same measure but its layout: unchanged
		row(2, domain.Section1, "I.7", "Обновить сайт", q(4)),             // renumbered: found by measure, deadline changed
		row(3, domain.Section2, "II.1", "Установить кулер с водой", q(3)), // reworded: found by number
		row(4, domain.Section5, "V.1", "Провести опрос", q(2)),            // new
		{N: 5, Keep: false, Measure: "Купить коляску"},                    // dropped: its item is missing
	}
	d := diffPlan(items, rows, nil, domain.PlanDraft)
	if len(d.Unchanged) != 1 || d.Unchanged[0].Item.ID != 1 || d.Unchanged[0].Number != "I.1" {
		t.Errorf("unchanged %+v", d.Unchanged)
	}
	if len(d.Changed) != 2 || d.Changed[0].Item.ID != 2 || d.Changed[0].Fields[0].Field != "col.deadline" ||
		d.Changed[1].Item.ID != 3 || d.Changed[1].Fields[0].Field != "col.measure" {
		t.Errorf("changed %+v", d.Changed)
	}
	if len(d.Added) != 1 || d.Added[0].N != 4 {
		t.Errorf("added %+v", d.Added)
	}
	if len(d.Missing) != 1 || d.Missing[0].ID != 4 {
		t.Errorf("missing %+v", d.Missing)
	}
}

// Column 4: members become the assignee and co-assignees; without a
// member, the people stay as text.
func TestResponsibleOf(t *testing.T) {
	t.Parallel()
	a, co, name, pos := responsibleOf([]ImportPerson{{Name: "Иванов И.И.", MemberID: 7}, {Name: "Петров П.П."}, {Name: "Сидоров С.С.", MemberID: 9}}, "")
	if a != 7 || len(co) != 1 || co[0] != 9 || name != "" || pos != "" {
		t.Errorf("members: %d %v %q %q", a, co, name, pos)
	}
	if _, _, name, pos = responsibleOf([]ImportPerson{{Name: "Петров П.П.", Position: "завхоз"}}, ""); name != "Петров П.П." || pos != "завхоз" {
		t.Errorf("one person without an account: %q %q", name, pos)
	}
	if _, _, name, _ = responsibleOf([]ImportPerson{{Name: "Петров П.П.", Position: "завхоз"}, {Position: "Директор"}}, ""); name != "Петров П.П., завхоз; Директор" {
		t.Errorf("several people without an account: %q", name)
	}
	if _, _, name, _ = responsibleOf(nil, "  отдел\n обслуживания "); name != "отдел обслуживания" {
		t.Errorf("text that names nobody: %q", name)
	}
}
