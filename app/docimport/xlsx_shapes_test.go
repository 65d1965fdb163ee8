package docimport

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planboard/domain"
)

// xlsxBytes saves a workbook built by fill.
func xlsxBytes(t testing.TB, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func put(t testing.TB, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

func mergeCells(t testing.TB, f *excelize.File, sheet, from, to string) {
	t.Helper()
	if err := f.MergeCell(sheet, from, to); err != nil {
		t.Fatal(err)
	}
}

// officialSheet is the form laid out as the app's own XLSX export and most
// institutions do it: the approval block top right, a merged title, a
// two-level header merged by ranges, column numbers, section rows merged
// across, a deficiency merged down, a multi-line measure with dashes,
// dates stored as dates.
func officialSheet(t testing.TB, f *excelize.File) {
	const sh = "Sheet1"
	put(t, f, sh, "F1", "УТВЕРЖДАЮ")
	put(t, f, sh, "F2", "Директор МБУК «Музей»")
	put(t, f, sh, "F3", "____________ Кузнецова М.П.")
	put(t, f, sh, "F4", "10.01.2026")
	put(t, f, sh, "A6", "ПЛАН по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, МБУК «Музей» на 2026 год")
	mergeCells(t, f, sh, "A6", "G6")
	heads := map[string]string{"A8": "№ п/п", "B8": "Недостатки, выявленные в ходе независимой оценки",
		"C8": "Наименование мероприятия по устранению недостатков", "D8": "Плановый срок реализации мероприятия",
		"E8": "Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)",
		"F8": "Сведения о ходе реализации мероприятия", "F9": "реализованные меры по устранению выявленных недостатков",
		"G9": "фактический срок реализации"}
	for c, v := range heads {
		put(t, f, sh, c, v)
	}
	for _, col := range []string{"A", "B", "C", "D", "E"} {
		mergeCells(t, f, sh, col+"8", col+"9")
	}
	mergeCells(t, f, sh, "F8", "G8")
	for i, n := range []string{"", "1", "2", "3", "4", "5а", "5б"} {
		put(t, f, sh, string(rune('A'+i))+"10", n)
	}
	put(t, f, sh, "A11", "Организационные мероприятия")
	mergeCells(t, f, sh, "A11", "G11")
	row(t, f, 12, "1", "", "Провести собрание коллектива", "декабрь", "Кузнецова Мария Петровна, директор", "Проведено", time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC))
	put(t, f, sh, "A13", "I. Открытость и доступность информации об организации культуры")
	mergeCells(t, f, sh, "A13", "G13")
	row(t, f, 14, "1.1", "На сайте нет формы обратной связи", "Разместить на сайте:\n- форму обращения;\n- анкету посетителя", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		"Иванов И.И., заведующий отделом", "", nil)
	row(t, f, 15, "1.2", "", "Опубликовать результаты НОК", "1 июня 2026 г.", "Иванов И.И., заведующий отделом", "", nil)
	mergeCells(t, f, sh, "B14", "B15")
}

func row(t testing.TB, f *excelize.File, r int, vals ...any) {
	t.Helper()
	for i, v := range vals {
		if v == nil || v == "" {
			continue
		}
		cell := string(rune('A'+i)) + itoa(r)
		put(t, f, "Sheet1", cell, v)
		if _, ok := v.(time.Time); ok {
			style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
			_ = f.SetCellStyle("Sheet1", cell, cell, style)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestXLSXShapeOfficialMerged(t *testing.T) {
	res, err := Read(xlsxBytes(t, func(f *excelize.File) { officialSheet(t, f) }), Options{Members: members})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != "xlsx" || res.Year != 2026 || res.Institution != "МБУК «Музей»" {
		t.Errorf("format %q year %d institution %q", res.Format, res.Year, res.Institution)
	}
	if a := res.Approval; a == nil || a.Position != "Директор МБУК «Музей»" || a.Name != "Кузнецова М.П." || a.Date != domain.NewDate(2026, 1, 10) {
		t.Errorf("approval %+v", a)
	}
	ivanov := Person{Name: "Иванов И.И.", Position: "заведующий отделом", MemberID: 1, MatchBy: MatchInitials}
	checkRows(t, res.Rows, []got{
		{Section: domain.SectionOrg, Number: "1", Measure: "Провести собрание коллектива", DeadlineText: "декабрь", Deadline: "2026-12",
			Responsible: []Person{{Name: "Кузнецова Мария Петровна", Position: "директор", MemberID: 4, MatchBy: MatchFullName}},
			Implemented: "Проведено", CompletedOn: "2026-01-20", Done: true},
		{Section: domain.Section1, Number: "1.1", Deficiency: "На сайте нет формы обратной связи", Measure: "Разместить на сайте:",
			Checklist: []string{"форму обращения", "анкету посетителя"}, DeadlineText: "06-01-26", Deadline: "2026-06-01", // shown as excelize formats numFmt 14, read from the serial
			Responsible: []Person{ivanov}},
		{Section: domain.Section1, Number: "1.2", Deficiency: "На сайте нет формы обратной связи", Measure: "Опубликовать результаты НОК",
			DeadlineText: "1 июня 2026 г.", Deadline: "2026-06-01", Responsible: []Person{ivanov}},
	})
}

// A one-level header starting in column B, no section rows, the plan on
// the second sheet, deadlines of every other style; the plan year comes
// from the options when the sheet has no title.
func TestXLSXShapeOneLevelNoSections(t *testing.T) {
	data := xlsxBytes(t, func(f *excelize.File) {
		put(t, f, "Sheet1", "A1", "Справка о выполнении")
		if _, err := f.NewSheet("План"); err != nil {
			t.Fatal(err)
		}
		const sh = "План"
		for i, h := range []string{"№", "Наименование мероприятия", "Срок", "Ответственный"} {
			put(t, f, sh, string(rune('B'+i))+"2", h)
		}
		lines := [][]string{
			{"1.", "Установить кулер", "ежеквартально", "Сидоров С.С."},
			{"2.", "Обновить стенды", "до 01.06.2027", "Методист Петрова А.А."},
			{"3.", "Закупить пандус", "июнь 2027 г.", ""},
			{"4.", "Обучить персонал", "в течение года", "Иванов"},
		}
		for r, l := range lines {
			for c, v := range l {
				if v != "" {
					put(t, f, sh, string(rune('B'+c))+itoa(r+3), v)
				}
			}
		}
	})
	res, err := Read(data, Options{Year: 2027, Members: members})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.Notices, "\n"), "«План»") || !strings.Contains(strings.Join(res.Notices, "\n"), "нет строк разделов") {
		t.Errorf("notices %q", res.Notices)
	}
	checkRows(t, res.Rows, []got{
		{Section: domain.SectionOrg, Number: "1.", Measure: "Установить кулер", DeadlineText: "ежеквартально", Deadline: "ongoing", Recur: domain.RecurQuarterly,
			Responsible: []Person{{Name: "Сидоров С.С.", MemberID: 3, MatchBy: MatchInitials}}},
		{Section: domain.SectionOrg, Number: "2.", Measure: "Обновить стенды", DeadlineText: "до 01.06.2027", Deadline: "2027-06-01",
			Responsible: []Person{{Name: "Петрова А.А.", Position: "Методист"}}},
		{Section: domain.SectionOrg, Number: "3.", Measure: "Закупить пандус", DeadlineText: "июнь 2027 г.", Deadline: "2027-06"},
		{Section: domain.SectionOrg, Number: "4.", Measure: "Обучить персонал", DeadlineText: "в течение года", Deadline: "2027-12-31",
			Responsible: []Person{{Name: "Иванов", MemberID: 1, MatchBy: MatchSurname}}},
	})
}
