package docimport

import (
	"reflect"
	"testing"

	"planboard/app/officedoc"
	"planboard/domain"
)

// exportPlan is a plan as the DOCX writer gets it: every section, bullets,
// several people, 5а/5б partly filled, deadlines of each style.
func exportPlan() officedoc.Plan {
	return officedoc.Plan{
		Institution: "МБУК «Краеведческий музей»", Year: 2026,
		Approval: officedoc.Approval{Position: "Начальник управления культуры", Name: "П.П. Петров", Date: "15.01.2026"},
		Sections: []officedoc.Section{
			{Title: "Организационные мероприятия", Rows: []officedoc.Row{
				{Number: "0.1", Measure: "Провести производственное собрание", Deadline: "декабрь", Responsible: "Кузнецова Мария Петровна, директор",
					Implemented: "Собрание проведено", CompletedOn: "20.01.2026"},
			}},
			{Roman: "I", Title: "Открытость и доступность информации об организации культуры", Rows: []officedoc.Row{
				{Number: "I.1", Deficiency: "Нет обратной связи на сайте", Measure: "Обеспечить на сайте:",
					Checklist: []string{"телефона", "электронной почты"}, Deadline: "IV квартал 2026 г.",
					Responsible: "Иванов И.И., заведующий отделом\nИванова Ирина Сергеевна, главный хранитель"},
				{Number: "I.2", Deficiency: "Нет анкеты", Measure: "Разместить анкету", Deadline: "до 01.06.2027", Responsible: "Петрова А.А., методист",
					Implemented: "Размещена частично"},
			}},
			{Roman: "II", Title: "Комфортность условий предоставления услуг", Rows: []officedoc.Row{
				{Number: "II.1", Measure: "Установить кулер", Deadline: "июнь 2027 г.", Responsible: "Сидоров С.С., заместитель директора"},
			}},
			{Roman: "III", Title: "Доступность услуг для инвалидов", Rows: []officedoc.Row{
				{Number: "III.1", Measure: "Заключить соглашение с ВОГ", Deadline: "в течение года"},
			}},
			{Roman: "IV", Title: "Доброжелательность, вежливость работников организации культуры", Rows: []officedoc.Row{
				{Number: "IV.1", Measure: "Обучить сотрудников", Deadline: "ежеквартально"},
			}},
			{Roman: "V", Title: "Удовлетворенность условиями оказания услуг", Rows: []officedoc.Row{
				{Number: "V.1", Measure: "Проводить опрос", Deadline: "постоянно"},
				{Number: "V.2", Measure: "Пересмотреть график", Deadline: "1 июня 2027 г."},
			}},
		},
	}
}

// Export then import gives the same plan: every row, field by field, in
// the rows' sections, and the approval and title.
func TestDOCXRoundTrip(t *testing.T) {
	p := exportPlan()
	doc, err := officedoc.DOCX(p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ReadDOCX(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Year != 2026 || res.Institution != p.Institution {
		t.Errorf("year %d institution %q", res.Year, res.Institution)
	}
	if a := res.Approval; a == nil || a.Position != p.Approval.Position || a.Name != p.Approval.Name || a.Date != domain.NewDate(2026, 1, 15) {
		t.Errorf("approval %+v", res.Approval)
	}
	sections := map[string]domain.Section{"": domain.SectionOrg, "I": domain.Section1, "II": domain.Section2, "III": domain.Section3, "IV": domain.Section4, "V": domain.Section5}
	var want []officedoc.Row
	var wantSec []domain.Section
	for _, s := range p.Sections {
		for _, r := range s.Rows {
			want = append(want, r)
			wantSec = append(wantSec, sections[s.Roman])
		}
	}
	if len(res.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(res.Rows), len(want))
	}
	for i, r := range res.Rows {
		back := officedoc.Row{Number: r.Number, Deficiency: r.Deficiency, Measure: r.Measure, Checklist: r.Checklist,
			Deadline: r.DeadlineText, Responsible: r.ResponsibleText, Implemented: r.Implemented, CompletedOn: r.CompletedText}
		if !reflect.DeepEqual(back, want[i]) {
			t.Errorf("row %d:\n got %#v\nwant %#v", i+1, back, want[i])
		}
		if r.Section != wantSec[i] {
			t.Errorf("row %d section %q, want %q", i+1, r.Section, wantSec[i])
		}
		if len(r.Problems) > 0 {
			t.Errorf("row %d problems %v", i+1, r.Problems)
		}
		if !r.Deadline.HasDue() && r.Deadline.Kind != domain.DeadlineOngoing {
			t.Errorf("row %d deadline %q not parsed", i+1, r.DeadlineText)
		}
	}
	if got := res.Rows[1].Responsible; len(got) != 2 || got[1].Name != "Иванова Ирина Сергеевна" || got[1].Position != "главный хранитель" {
		t.Errorf("responsible %+v", got)
	}
}
