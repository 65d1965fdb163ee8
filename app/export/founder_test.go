package export

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The summary workbook: the title, the headings on row 3, one row per
// institution from row 4, numbers kept as numbers.
func TestFounderXLSX(t *testing.T) {
	b, err := FounderXLSX(FounderSummary{Sheet: "Свод", Title: "Свод 2026", Heads: []string{"Учреждение", "Мер", "Процент"},
		Rows: [][]any{{"Музей", 12, 50.5}, {"Библиотека", 3, ""}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]string{"A1": "Свод 2026", "A3": "Учреждение", "C3": "Процент", "A4": "Музей", "B4": "12", "C4": "50.5", "A5": "Библиотека"} {
		if got, err := f.GetCellValue("Свод", cell); err != nil || got != want {
			t.Errorf("%s = %q %v, want %q", cell, got, err, want)
		}
	}
	if typ, _ := f.GetCellType("Свод", "B4"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("B4 is of type %v, want a number", typ)
	}
}
