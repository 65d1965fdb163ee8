package docimport

import (
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planboard/app/officein/officetest"
)

// planBomb is a plan workbook of a few kilobytes whose 2,000 measures all
// reference one shared string just under the cell limit: about 40 million
// characters once read.
func planBomb(t testing.TB) []byte {
	data := officetest.Bomb{Header: []string{"Мероприятие", "Срок"}, Row: []string{"", "постоянно"}, Rows: 1999,
		Shared: strings.Repeat("я", DefaultLimits.MaxCellText-1)}.XLSX()
	if len(data) > 50<<10 {
		t.Fatalf("the bomb weighs %d KB", len(data)>>10)
	}
	return data
}

// A workbook is priced by what it expands to, each shared string at every
// use, before excelize loads it: the bomb is refused at once, in words the
// upload page shows, without the memory or time its text would take.
func TestSharedStringBombIsRefusedBeforeLoading(t *testing.T) {
	data := planBomb(t)
	var err error
	officetest.Bounded(t, 32<<20, 3*time.Second, func() { _, err = Read(data, Options{Year: 2026}) })
	e := mustKind(t, err, ErrTooMuchText)
	if !strings.Contains(e.Message, "В листе «Sheet1»") || !strings.Contains(e.Message, "ничего не сохранено") {
		t.Errorf("message %q", e.Message)
	}
}

// The same string referenced from a few cells is an ordinary plan: what
// counts is the total, not the sharing.
func TestSharedStringsWithinBudgetAreRead(t *testing.T) {
	data := officetest.Bomb{Header: []string{"Мероприятие", "Срок"}, Row: []string{"", "постоянно"}, Rows: 3,
		Shared: "Установить кулер с питьевой водой"}.XLSX()
	res, err := Read(data, Options{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 3 || res.Rows[2].Measure != "Установить кулер с питьевой водой" {
		t.Fatalf("rows %+v", res.Rows)
	}
}

// A merged range repeats its first cell wherever it is read: its copies
// count, in a workbook and in a Word table alike.
func TestMergedCopiesCount(t *testing.T) {
	long := strings.Repeat("ж", 900)
	xl := xlsxBytes(t, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "Мероприятие")
		f.SetCellValue("Sheet1", "B1", "Срок")
		f.SetCellValue("Sheet1", "A2", long)
		for i := 2; i <= 300; i++ {
			f.SetCellValue("Sheet1", "B"+itoa(i), "постоянно")
		}
		f.MergeCell("Sheet1", "A2", "A300")
	})
	_, err := Read(xl, Options{Limits: Limits{MaxText: 100_000}})
	mustKind(t, err, ErrTooMuchText)
	rows := [][]string{{"Мероприятие", "Срок"}, {long, "постоянно"}}
	body := wTable(rows...)
	cont := `<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>постоянно</w:t></w:r></w:p></w:tc></w:tr>`
	body = strings.Replace(body, "</w:tbl>", strings.Repeat(cont, 300)+"</w:tbl>", 1)
	body = strings.Replace(body, "<w:tc><w:p><w:r><w:t>"+long, "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>"+long, 1)
	_, err = Read(minimalDOCX(t, body), Options{Limits: Limits{MaxText: 100_000}})
	mustKind(t, err, ErrTooMuchText)
	if _, err := Read(minimalDOCX(t, body), Options{}); err != nil {
		t.Errorf("within the default budget: %v", err)
	}
}

// Text from a file keeps to the text rule: bidi overrides, zero-width and
// other invisible characters are dropped, and the preview says so.
func TestImportedTextDropsInvisibleCharacters(t *testing.T) {
	xl := xlsxBytes(t, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "Мероприятие")
		f.SetCellValue("Sheet1", "B1", "Срок")
		f.SetCellValue("Sheet1", "A2", "Уста\u202eновить\u200b кулер\u2066\u00ad")
		f.SetCellValue("Sheet1", "B2", "постоянно")
	})
	docx := minimalDOCX(t, wTable([]string{"Мероприятие", "Срок"}, []string{"Уста\u202eновить\u200b кулер\u2066\u00ad", "постоянно"}))
	for name, data := range map[string][]byte{"xlsx": xl, "docx": docx} {
		res, err := Read(data, Options{Year: 2026})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := res.Rows[0].Measure; got != "Установить кулер" {
			t.Errorf("%s: measure %q", name, got)
		}
		if !strings.Contains(strings.Join(res.Notices, " "), "невидимые символы (4)") {
			t.Errorf("%s: notices %q", name, res.Notices)
		}
	}
}

// A zip holding word/document.xml or xl/workbook.xml but not the content
// types of Office Open XML is not taken for a document.
func TestOfficePartsAreRequired(t *testing.T) {
	parts := zipParts(t, minimalDOCX(t, wTable([]string{"Мероприятие", "Срок"}, []string{"Кулер", "постоянно"})))
	delete(parts, "[Content_Types].xml")
	_, err := Read(makeZip(t, parts), Options{})
	e := mustKind(t, err, ErrCorrupt)
	if !strings.Contains(e.Message, "[Content_Types].xml") {
		t.Errorf("message %q", e.Message)
	}
	_, err = Read(officetest.Zip(map[string]string{"xl/workbook.xml": "<workbook/>", "setup.exe": "MZ"}), Options{})
	mustKind(t, err, ErrCorrupt)
	_, err = Read(officetest.Zip(map[string]string{"setup.exe": "MZ"}), Options{})
	mustKind(t, err, ErrUnsupported)
}
