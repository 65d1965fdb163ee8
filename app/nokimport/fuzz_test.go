package nokimport

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"planboard/app/officein/officetest"

	"planboard/domain"
)

// checkTable holds what every parse must guarantee, whatever the input.
func checkTable(t *testing.T, tb *Table, err error, lim Limits) {
	if err != nil {
		if domain.ErrorCode(err) != domain.EInvalid {
			t.Fatalf("error %v is not EInvalid", err)
		}
		return
	}
	if len(tb.Rows) > lim.MaxRows {
		t.Fatalf("%d rows over the limit", len(tb.Rows))
	}
	if n := tableChars(t, tb); n > lim.MaxText {
		t.Fatalf("the table holds %d characters, over the budget of %d", n, lim.MaxText)
	}
	for _, r := range tb.Rows {
		if r.Line <= tb.HeaderLine {
			t.Fatalf("row at line %d above the header at %d", r.Line, tb.HeaderLine)
		}
		for k, v := range r.Values {
			if _, ok := domain.LookupIndicator(k); !ok || !domain.InRange(v) {
				t.Fatalf("value %s = %v", k, v)
			}
		}
		if r.Total != nil && !domain.InRange(*r.Total) {
			t.Fatalf("total %v", *r.Total)
		}
	}
	Match(tb, institutions(), 2025)
}

// tableChars counts the characters of the text a table keeps for its
// preview, failing on any character the text rule keeps out.
func tableChars(t *testing.T, tb *Table) int {
	t.Helper()
	n := 0
	count := func(s string) {
		if !domain.ValidText(s) {
			t.Fatalf("text %q breaks the text rule", s)
		}
		n += utf8.RuneCountInString(s)
	}
	for _, c := range tb.Columns {
		count(c.Header)
	}
	for _, r := range tb.Rows {
		count(r.INN)
		count(r.Slug)
		count(r.Name)
		for _, p := range r.Problems {
			count(p.Detail)
		}
	}
	return n
}

func fuzzLimits() Limits {
	lim := DefaultLimits()
	lim.MaxBytes, lim.MaxRows, lim.UnzipSize, lim.UnzipXMLSize = 1<<20, 200, 4<<20, 1<<20
	lim.MaxCellText, lim.MaxText = 500, 20_000
	return lim
}

func FuzzNokCSV(f *testing.F) {
	for _, s := range []string{
		"\uFEFFРезультаты;;\nНаименование организации;ИНН;К1;К2;Итого\nДК;4200000001;88;85;83,76\n",
		"Учреждение,slug,1.1,1.2,1.3,Общий балл\nЧто-то,dk-3,\"90,00\",90,\"85,00\",\n",
		"ИНН\tПинф\tПдист\n4200000005\t95\t60\n",
		"Наименование;1.1;5.3;Год\n;50;60;2025\nМузей;абв;;20\n",
		"\"unterminated;1.1\n",
		"",
	} {
		f.Add([]byte(s))
	}
	lim := fuzzLimits()
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := parseCSV(data, lim)
		checkTable(t, tb, err, lim)
	})
}

func FuzzNokXLSX(f *testing.F) {
	small := excelize.NewFile()
	sh := small.GetSheetName(0)
	_ = small.SetSheetRow(sh, "A1", &[]any{"Наименование", "К1 Открытость", nil, nil, "Итого"})
	_ = small.MergeCell(sh, "B1", "D1")
	_ = small.SetSheetRow(sh, "A2", &[]any{nil, "1.1", "1.2", "1.3"})
	_ = small.SetSheetRow(sh, "A3", &[]any{"Музей", 90, 90, 85, 88})
	var buf bytes.Buffer
	if err := small.Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(operatorXLSX(f, nil))
	f.Add([]byte("PK\x03\x04"))
	f.Add(officetest.Bomb{Header: []string{"Наименование организации", "ИНН", "Итого"}, Row: []string{"", "4200000001", "88"},
		Rows: 100, Shared: strings.Repeat("я", 400)}.XLSX())
	f.Add(officetest.Bomb{Header: []string{"Наименование", "Итого"}, Row: []string{"", "88"}, Rows: 2, Shared: "Музей\u202e"}.XLSX())
	lim := fuzzLimits()
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := Parse(bytes.NewReader(data), lim)
		checkTable(t, tb, err, lim)
	})
}
