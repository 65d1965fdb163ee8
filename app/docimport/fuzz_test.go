package docimport

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"planboard/app/officein/officetest"
	"planboard/domain"
)

// Fuzz targets for the readers: uploads are hostile. The seed corpus runs
// in every `go test`; `go test -fuzz FuzzReadDOCX ./app/docimport/` fuzzes.

// mergedDOCX exercises the grid: gridBefore, gridSpan, vMerge, hMerge,
// a nested table, a text box with its fallback, tracked changes.
func mergedDOCX(t testing.TB) []byte {
	cell := func(props, text string) string {
		return `<w:tc><w:tcPr>` + props + `</w:tcPr><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:tc>`
	}
	body := `<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice><w:txbxContent><w:p><w:r><w:t>УТВЕРЖДАЮ</w:t></w:r></w:p></w:txbxContent></mc:Choice>` +
		`<mc:Fallback><w:p><w:r><w:t>УТВЕРЖДАЮ</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		`<w:tbl><w:tr>` + cell(`<w:vMerge w:val="restart"/>`, "Мероприятие") + cell(`<w:vMerge w:val="restart"/>`, "Срок") +
		cell(`<w:gridSpan w:val="2"/>`, "Сведения о ходе реализации") + `</w:tr>` +
		`<w:tr>` + cell(`<w:vMerge/>`, "") + cell(`<w:vMerge/>`, "") + cell("", "реализованные меры") + cell("", "фактический срок") + `</w:tr>` +
		`<w:tr>` + cell(`<w:gridSpan w:val="4"/>`, "I. Открытость") + `</w:tr>` +
		`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>` + cell("", "постоянно") + cell(`<w:hMerge w:val="restart"/>`, "x") + cell(`<w:hMerge/>`, "") + `</w:tr>` +
		`<w:tr>` + cell("", `Установить <w:ins><w:r><w:t>кулер</w:t></w:r></w:ins>`) + cell("", "до 01.06.2027") + cell("", "") + cell("", "") + `</w:tr>` +
		`<w:tr><w:tc><w:p><w:r><w:t>Вложенная</w:t></w:r></w:p>` + wTable([]string{"a", "b"}) + `<w:p/></w:tc>` + cell("", "IV квартал 2026") + `</w:tr>` +
		`</w:tbl>`
	return minimalDOCX(t, body)
}

func FuzzReadDOCX(f *testing.F) {
	f.Add(planDOCX(f))
	f.Add(mergedDOCX(f))
	f.Add(minimalDOCX(f, wTable([]string{"Мероприятие", "Срок"}, []string{"Провести собрание", "декабрь"})))
	f.Add(minimalDOCX(f, `<w:p><w:r><w:t>Нет таблицы</w:t></w:r></w:p>`))
	f.Add(planDOCX(f)[:1500])
	f.Add([]byte("PK\x03\x04"))
	f.Add(minimalDOCX(f, wTable([]string{"Мероприятие", "Срок"}, []string{"Уста\u202eновить\u200b", "постоянно"})))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(data, Options{Year: 2026, Members: members})
		checkOutcome(t, res, err)
	})
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(xlsxBytes(f, func(x *excelize.File) { officialSheet(f, x) }))
	small := xlsxBytes(f, func(x *excelize.File) {
		x.SetCellValue("Sheet1", "A1", "Мероприятие")
		x.SetCellValue("Sheet1", "B1", "Срок")
		x.SetCellValue("Sheet1", "A2", "Установить кулер")
		x.SetCellValue("Sheet1", "B2", 46000)
		x.MergeCell("Sheet1", "A3", "B3")
	})
	f.Add(small)
	f.Add(small[:len(small)/2])
	f.Add(officetest.Bomb{Header: []string{"Мероприятие", "Срок"}, Row: []string{"", "постоянно"}, Rows: 40, Shared: strings.Repeat("я", 30_000)}.XLSX())
	f.Add(officetest.Bomb{Header: []string{"Мероприятие", "Срок"}, Row: []string{"", "постоянно"}, Rows: 5, Shared: "Кулер\u202e"}.XLSX())
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(data, Options{Year: 2026, FormulasAsValues: true})
		checkOutcome(t, res, err)
	})
}

// checkOutcome: a refusal is a typed error with a message; a result stays
// within the limits, its text within the expanded-text budget and the text
// rule, and holds only valid sections and deadlines.
func checkOutcome(t *testing.T, res *Result, err error) {
	t.Helper()
	if err != nil {
		if KindOf(err) == "" || err.Error() == "" {
			t.Fatalf("untyped error %T %v", err, err)
		}
		if res != nil {
			t.Fatal("a result with an error")
		}
		return
	}
	if len(res.Rows) == 0 || len(res.Rows) > DefaultLimits.MaxRows {
		t.Fatalf("%d rows", len(res.Rows))
	}
	if n := resultChars(t, res); n > DefaultLimits.MaxText {
		t.Fatalf("the result holds %d characters, over the budget of %d", n, DefaultLimits.MaxText)
	}
	for _, r := range res.Rows {
		if !r.Section.Valid() || r.Line < 1 {
			t.Fatalf("row %+v", r)
		}
		if again, err := domain.ParseDeadline(r.Deadline.Spec()); err != nil || again != r.Deadline {
			t.Fatalf("deadline %+v of %q", r.Deadline, r.DeadlineText)
		}
		if r.Done && r.CompletedOn.IsZero() {
			t.Fatalf("done without a date: %+v", r)
		}
	}
}

func FuzzParsePeople(f *testing.F) {
	for _, s := range []string{"Иванов И.И., заведующий отделом", "Иванова Ирина Сергеевна, главный хранитель", "Директор И.И. Иванов",
		"Иванов И.И.,\nзаведующий отделом", "; ;", "И. Иванов", "А.А."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range ParsePeople(s) {
			if p.Name == "" && p.Position == "" {
				t.Fatalf("%q: an empty person", s)
			}
			MatchPerson(p, members)
		}
	})
}

// The fuzz seed with every kind of merge reads as intended.
func TestDOCXGridMerges(t *testing.T) {
	res, err := Read(mergedDOCX(t), Options{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	if res.Approval == nil || res.Approval.Text != "УТВЕРЖДАЮ" {
		t.Errorf("approval %+v (the text box must be read once)", res.Approval)
	}
	checkRows(t, res.Rows, []got{
		{Section: domain.Section1, DeadlineText: "постоянно", Deadline: "ongoing", Implemented: "x", Problems: []string{"Не указано мероприятие (графа 2)."}},
		{Section: domain.Section1, Measure: "Установить кулер", DeadlineText: "до 01.06.2027", Deadline: "2027-06-01"},
		{Section: domain.Section1, Measure: "Вложенная", Checklist: []string{"a", "b"}, DeadlineText: "IV квартал 2026", Deadline: "2026-Q4"},
	})
}

// resultChars counts the characters of a result's text as a preview shows
// it (a section's title once per section), failing on any character the
// text rule keeps out.
func resultChars(t *testing.T, res *Result) int {
	t.Helper()
	n := 0
	count := func(ss ...string) {
		for _, s := range ss {
			if !domain.ValidText(s) {
				t.Fatalf("text %q breaks the text rule", s)
			}
			n += utf8.RuneCountInString(s)
		}
	}
	count(res.Title, res.Institution)
	if res.Approval != nil {
		count(res.Approval.Text)
	}
	section := ""
	for _, r := range res.Rows {
		if r.SectionTitle != section {
			section = r.SectionTitle
			count(section)
		}
		count(r.Number, r.Indicator, r.Deficiency, r.Measure, r.DeadlineText, r.ResponsibleText, r.Implemented, r.CompletedText)
		count(r.Checklist...)
	}
	return n
}
