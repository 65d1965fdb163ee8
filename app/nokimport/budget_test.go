package nokimport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"planboard/app/officein/officetest"
	"planboard/domain"
)

// nokBomb is an operator's table of a few kilobytes whose every name and
// remark is one shared string of 50,000 characters: 30 million once read.
func nokBomb(t testing.TB) []byte {
	data := officetest.Bomb{Header: []string{"Наименование организации", "ИНН", "Итого", "Примечание"}, Row: []string{"", "4200000001", "88", ""},
		Rows: 300, Shared: strings.Repeat("я", 50_000)}.XLSX()
	if len(data) > 50<<10 {
		t.Fatalf("the bomb weighs %d KB", len(data)>>10)
	}
	return data
}

// A workbook is priced, each shared string at every use, before excelize
// loads it: the bomb is refused at once with the message for one cell too
// long, without the memory its text would take.
func TestSharedStringBombIsRefused(t *testing.T) {
	data := nokBomb(t)
	var err error
	officetest.Bounded(t, 32<<20, 3*time.Second, func() { _, err = Parse(bytes.NewReader(data), DefaultLimits()) })
	if err != ErrCellTooLong {
		t.Fatalf("error %v, want %v", err, ErrCellTooLong)
	}
	// Short strings shared by many cells are priced by their sum.
	many := officetest.Bomb{Header: []string{"Наименование организации", "ИНН", "Итого"}, Row: []string{"", "4200000001", "88"},
		Rows: 4000, Shared: strings.Repeat("я", 900)}.XLSX()
	if _, err := Parse(bytes.NewReader(many), DefaultLimits()); err != nil {
		t.Fatalf("within the budget: %v", err)
	}
	lim := DefaultLimits()
	lim.MaxText = 1_000_000
	if _, err := Parse(bytes.NewReader(many), lim); err != ErrTooMuchText {
		t.Fatalf("3.6 million characters under a budget of one million: %v", err)
	}
}

// A CSV cell of megabytes is refused, not shown: the preview never grows
// with one cell.
func TestLongCSVCellIsRefused(t *testing.T) {
	csv := "Наименование организации;ИНН;Итого\n" + strings.Repeat("я", 2<<20) + ";4200000001;88\n"
	if _, err := Parse(strings.NewReader(csv), DefaultLimits()); err != ErrCellTooLong {
		t.Fatalf("error %v", err)
	}
}

// Cells keep to the text rule: invisible characters are dropped and
// counted, for the preview to say so.
func TestCellsDropInvisibleCharacters(t *testing.T) {
	csv := "Наименование организации;ИНН;Итого\nДом\u202e культуры\u200b № 1\u2066;4200000001;88\n"
	tb, err := Parse(strings.NewReader(csv), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if tb.Rows[0].Name != "Дом культуры № 1" || tb.Stripped != 3 {
		t.Fatalf("name %q, stripped %d", tb.Rows[0].Name, tb.Stripped)
	}
}

// A zip that is not a workbook is named as such.
func TestZipWithoutWorkbookParts(t *testing.T) {
	data := officetest.Zip(map[string]string{"xl/workbook.xml": "<workbook/>", "setup.exe": "MZ"})
	if _, err := Parse(bytes.NewReader(data), DefaultLimits()); err != ErrNotXLSX {
		t.Fatalf("error %v", err)
	}
	if domain.ErrorCode(ErrNotXLSX) != domain.EInvalid {
		t.Fatal("not EInvalid")
	}
}
