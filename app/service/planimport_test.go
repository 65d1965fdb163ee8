package service

import (
	"testing"

	"planboard/domain"
)

// Rows find their items by what they say, not by their numbers: the same
// measure whatever its number or layout, a reworded measure by its words;
// a row like no item is new even under an item's number, and items no row
// found are missing. A reworded measure says what the item carries.
func TestDiffPlanMatching(t *testing.T) {
	t.Parallel()
	item := func(id int64, s domain.Section, measure string, d domain.Deadline) domain.Item {
		return domain.Item{ID: id, Section: s, Measure: measure, Deadline: d, Status: domain.StatusPlanned}
	}
	q := func(n int) domain.Deadline { return domain.QuarterDeadline(2027, n) }
	items := []domain.Item{
		item(1, domain.Section1, "Разместить анкету посетителя", q(1)),
		item(2, domain.Section1, "Обновить сайт музея", q(2)),
		item(3, domain.Section2, "Установить кулер с питьевой водой", q(3)),
		item(4, domain.Section3, "Купить коляску", q(4)),
		item(5, domain.Section1, "Обеспечить наличие информации на стендах", q(2)),
	}
	items[4].Checklist = []domain.ChecklistPoint{{Text: "На стендах", Done: true, ConditionKey: "1.1.stand"}, {Text: "На сайте"}}
	items[4].Status = domain.StatusDone
	row := func(n int, s domain.Section, num, measure string, d domain.Deadline) ImportRow {
		return ImportRow{N: n, Keep: true, Section: s, Number: num, Measure: measure, Deadline: d, DeadlineText: "x", DeadlineOK: true}
	}
	rows := []ImportRow{
		row(1, domain.Section1, "1.1", "Разместить\n анкету  посетителя", q(1)),          // layout only: unchanged
		row(2, domain.Section1, "1.2", "Провести производственное собрание", q(2)),       // I.2's number, nothing alike: new
		row(3, domain.Section1, "I.7", "Обновить сайт музея", q(4)),                      // renumbered: found by measure, deadline changed
		row(4, domain.Section2, "2.9", "Установить кулер с питьевой водой в фойе", q(3)), // reworded: found by its words
		row(5, domain.Section1, "1.5", "Обеспечить наличие информации на стендах", q(2)), // same measure, a shorter checklist
		{N: 6, Keep: false, Measure: "Купить коляску"},                                   // dropped: its item is missing
	}
	rows[4].Checklist = []string{"На сайте"}
	d := diffPlan(items, rows, nil, domain.PlanDraft, map[int64][]string{3: {"фото.jpg"}, 5: {"акт.pdf"}})
	if len(d.Unchanged) != 1 || d.Unchanged[0].Item.ID != 1 || d.Unchanged[0].Number != "I.1" {
		t.Errorf("unchanged %+v", d.Unchanged)
	}
	if len(d.Changed) != 3 || d.Changed[0].Item.ID != 2 || d.Changed[0].Fields[0].Field != "col.deadline" ||
		d.Changed[1].Item.ID != 3 || d.Changed[1].Fields[0].Field != "col.measure" || d.Changed[2].Item.ID != 5 {
		t.Fatalf("changed %+v", d.Changed)
	}
	if l := d.Changed[0].Loss; l.Reworded || l.Any() {
		t.Errorf("a deadline change carries no loss: %+v", l)
	}
	if l := d.Changed[1].Loss; !l.Reworded || len(l.Evidence) != 1 || l.Evidence[0] != "фото.jpg" {
		t.Errorf("a reworded measure: %+v", l)
	}
	l := d.Changed[2].Loss
	if !l.Finished || len(l.LostPoints) != 1 || l.LostPoints[0].Text != "На стендах" || !l.LostPoints[0].Done ||
		len(l.LostConditions) != 1 || l.LostConditions[0].Key != "1.1.stand" || len(l.KeptPoints) != 1 || len(l.Evidence) != 1 {
		t.Errorf("a done item losing a point: %+v", l)
	}
	if len(d.Added) != 1 || d.Added[0].N != 2 {
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
