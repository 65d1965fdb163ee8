package officein

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// parts is a Package over strings.
type parts map[string]string

func (p parts) Has(n string) bool { _, ok := p[n]; return ok }
func (p parts) Open(n string) (io.ReadCloser, error) {
	s, ok := p[n]
	if !ok {
		return nil, fmt.Errorf("no %s", n)
	}
	return io.NopCloser(strings.NewReader(s)), nil
}

const sst = `<sst><si><t>ab</t></si><si><r><t>абв</t></r><r><t>г</t></r></si><si><t/></si></sst>`

// A shared string costs its length at every cell that uses it; inline
// strings and values their own; a styled number its format's room; a merge
// its first cell again for every cell it covers.
func TestSheetPricesEveryUse(t *testing.T) {
	p := parts{"xl/sharedStrings.xml": sst,
		"xl/styles.xml": `<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0.00&quot;р.&quot;"/></numFmts>` +
			`<cellStyleXfs><xf numFmtId="164"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
		"s.xml": `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>9</v></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>xyz</t></is></c><c r="B2"><v>12</v></c><c r="C2" s="1"><v>5</v></c></row></sheetData>` +
			`<mergeCells><mergeCell ref="A1:A2"/></mergeCells></worksheet>`}
	w, err := OpenWorkbook(p, 64)
	if err != nil {
		t.Fatal(err)
	}
	if w.SharedStrings() != 3 {
		t.Fatalf("%d shared strings", w.SharedStrings())
	}
	got, err := w.Sheet("s.xml", Limits{MaxCell: 100, MaxTotal: 1000})
	if err != nil {
		t.Fatal(err)
	}
	// 4 + 4 + 0 (no string 9) + 3 + 2 + (1 + 16 + 3·8 for 0.00"р.") + 4 (A1 again in A2)
	if want := 4 + 4 + 3 + 2 + 1 + formatSlack + 3*8 + 4; got.Chars != want || got.Cells != 6 {
		t.Fatalf("priced %+v, want %d characters in 6 cells", got, want)
	}
	var ob *OverBudget
	if _, err := w.Sheet("s.xml", Limits{MaxCell: 3, MaxTotal: 1000}); !errors.As(err, &ob) || !ob.Cell || ob.Where != "s.xml" {
		t.Fatalf("one cell over: %v", err)
	}
	if _, err := w.Sheet("s.xml", Limits{MaxCell: 100, MaxTotal: 10}); !errors.As(err, &ob) || ob.Cell {
		t.Fatalf("all cells over: %v", err)
	}
	deep := parts{"s.xml": strings.Repeat("<a>", 100)}
	w, _ = OpenWorkbook(deep, 64)
	if _, err := w.Sheet("s.xml", Limits{MaxCell: 1, MaxTotal: 1}); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("deep: %v", err)
	}
}

func TestRequiredParts(t *testing.T) {
	has := func(names ...string) func(string) bool {
		return func(n string) bool {
			for _, m := range names {
				if m == n {
					return true
				}
			}
			return false
		}
	}
	if !HasParts(has("[Content_Types].xml", "word/document.xml"), DOCX) || HasParts(has("word/document.xml"), DOCX) ||
		HasParts(has("[Content_Types].xml", "word/document.xml"), XLSX) || !HasParts(has(), "") {
		t.Error("HasParts")
	}
	if KindOfName(".DOCX") != DOCX || KindOfName(".exe") != "" || KindOfName(".pdf") != "" {
		t.Error("KindOfName")
	}
	if ZipHasParts([]byte("MZ"), DOCX) {
		t.Error("not a zip has parts")
	}
}

// The pricer reads any bytes without failing otherwise than with its
// errors, and never reports more than the budget.
func FuzzSheet(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>`), []byte(sst))
	f.Add([]byte(`<c r="A1" t="inlineStr"><is><t>x</t></is></c>`), []byte(`<sst><si>`))
	f.Fuzz(func(t *testing.T, sheet, shared []byte) {
		w, err := OpenWorkbook(parts{"xl/sharedStrings.xml": string(shared), "s": string(sheet)}, 32)
		if err != nil {
			return
		}
		lim := Limits{MaxCell: 50, MaxTotal: 500}
		got, err := w.Sheet("s", lim)
		var ob *OverBudget
		switch {
		case err == nil && got.Chars > lim.MaxTotal:
			t.Fatalf("priced %d over the budget", got.Chars)
		case err != nil && !errors.As(err, &ob) && !errors.Is(err, ErrTooDeep) && !errors.Is(err, ErrMalformed):
			t.Fatalf("error %T %v", err, err)
		}
	})
}
