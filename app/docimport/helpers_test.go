package docimport

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"planboard/app/internal/lotest"
	"planboard/domain"
)

// docxFromHTML has LibreOffice turn an HTML page into a .docx, as a user
// saving a plan from a browser or another editor would.
func docxFromHTML(t *testing.T, body string) []byte {
	t.Helper()
	lotest.Require(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "plan.html")
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>План</title></head><body>` + body + `</body></html>`
	if err := os.WriteFile(in, []byte(page), 0o600); err != nil {
		t.Fatal(err)
	}
	out := lotest.Convert(t, in, "docx:MS Word 2007 XML")
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xlsxFromHTML has LibreOffice Calc import an HTML table and save it as
// .xlsx: merged cells, as Calc writes them.
func xlsxFromHTML(t *testing.T, body string) []byte {
	t.Helper()
	lotest.Require(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "plan.html")
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>План</title></head><body>` + body + `</body></html>`
	if err := os.WriteFile(in, []byte(page), 0o600); err != nil {
		t.Fatal(err)
	}
	out := lotest.Convert(t, in, "xlsx:Calc MS Excel 2007 XML", "--infilter=HTML (StarCalc)")
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// makeZip builds a package from parts, in name order.
func makeZip(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipParts reads every part of a package (for editing a valid file).
func zipParts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// minimalDOCX is a package with the given body markup.
func minimalDOCX(t testing.TB, body string) []byte {
	return makeZip(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"word/document.xml":   `<?xml version="1.0"?><w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`,
	})
}

// wTable is a simple w:tbl from rows of cell texts.
func wTable(rows ...[]string) string {
	var b strings.Builder
	b.WriteString("<w:tbl>")
	for _, r := range rows {
		b.WriteString("<w:tr>")
		for _, c := range r {
			b.WriteString("<w:tc><w:p><w:r><w:t>" + c + "</w:t></w:r></w:p></w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	return b.String()
}

// got is the part of a row the tests compare, with the deadline as its spec.
type got struct {
	Section      domain.Section
	Number       string
	Indicator    string
	Deficiency   string
	Measure      string
	Checklist    []string
	DeadlineText string
	Deadline     string
	Recur        domain.RecurrenceKind
	Responsible  []Person
	Implemented  string
	CompletedOn  string
	Done         bool
	Problems     []string
}

func project(r Row) got {
	return got{Section: r.Section, Number: r.Number, Indicator: r.Indicator, Deficiency: r.Deficiency, Measure: r.Measure,
		Checklist: r.Checklist, DeadlineText: r.DeadlineText, Deadline: r.Deadline.Spec(), Recur: r.Recurrence.Kind,
		Responsible: r.Responsible, Implemented: r.Implemented, CompletedOn: r.CompletedOn.String(), Done: r.Done, Problems: r.Problems}
}

// checkRows compares the rows field by field.
func checkRows(t *testing.T, rows []Row, want []got) {
	t.Helper()
	if len(rows) != len(want) {
		for _, r := range rows {
			t.Logf("row %d: %+v", r.Line, project(r))
		}
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, r := range rows {
		g := project(r)
		if !reflect.DeepEqual(g, want[i]) {
			gv, wv := reflect.ValueOf(g), reflect.ValueOf(want[i])
			for f := 0; f < gv.NumField(); f++ {
				if !reflect.DeepEqual(gv.Field(f).Interface(), wv.Field(f).Interface()) {
					t.Errorf("row %d (line %d) %s = %#v, want %#v", i+1, r.Line, gv.Type().Field(f).Name, gv.Field(f).Interface(), wv.Field(f).Interface())
				}
			}
		}
	}
}

// members of the institution in the tests.
var members = []Member{
	{ID: 1, FullName: "Иванов Иван Иванович", Position: "заведующий отделом"},
	{ID: 2, FullName: "Иванова Ирина Сергеевна", Position: "главный хранитель"},
	{ID: 3, FullName: "Сидоров Семён Семёнович", Position: "заместитель директора"},
	{ID: 4, FullName: "Кузнецова Мария Петровна", Position: "Директор"},
}

func mustKind(t *testing.T, err error, kind ErrorKind) *Error {
	t.Helper()
	if KindOf(err) != kind {
		t.Fatalf("error = %v (%q), want kind %q", err, KindOf(err), kind)
	}
	e := err.(*Error)
	if e.Message == "" {
		t.Fatal("a refusal without a message")
	}
	return e
}
