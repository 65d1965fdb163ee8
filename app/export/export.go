package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"unicode/utf8"

	"planboard/domain"
)

// File is an export ready to send: its type, its download name, whether
// a browser may show it in place, and its bytes.
type File struct {
	ContentType, Name string
	Inline            bool
	Body              []byte
}

// Writer writes a published report in one format; raw is the stored JSON.
type Writer func(r domain.PublicReport, raw []byte) (File, error)

// Formats are the writers by file extension; "" is the HTML page itself.
var Formats = map[string]Writer{
	"":     nil,
	"json": JSON,
	"csv":  CSV,
	"xlsx": XLSX,
	"pdf":  PDF,
}

// download is a file to save under name.
func download(mime, name string, body []byte) (File, error) {
	return File{ContentType: mime, Name: name, Body: body}, nil
}

// FileName is the download name of a report export.
func FileName(r domain.PublicReport, ext string) string {
	return fmt.Sprintf("plan-%s-%d.%s", r.Slug, r.Year, ext)
}

// JSON is the snapshot exactly as published (documented in
// docs/public-report.md), shown in place.
func JSON(r domain.PublicReport, raw []byte) (File, error) {
	return File{ContentType: "application/json; charset=utf-8", Name: FileName(r, "json"), Inline: true, Body: raw}, nil
}

// utf8BOM makes Excel read the CSV as UTF-8.
const utf8BOM = "\uFEFF"

// CSV writes one line per item: section, number, columns 1–5b.
func CSV(r domain.PublicReport, _ []byte) (File, error) {
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	header := append([]string{"Раздел", "№"}, domain.OfficialColumns...)
	if err := w.Write(header); err != nil {
		return File{}, err
	}
	for _, s := range r.Sections {
		for _, row := range s.Rows {
			if err := w.Write(CSVRecord(append([]string{SectionLabel(s), row.Number}, officialCells(row)...))); err != nil {
				return File{}, err
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return File{}, err
	}
	return download("text/csv; charset=utf-8", FileName(r, "csv"), buf.Bytes())
}

// CSVRecord neutralises every cell of a CSV line (see CSVCell).
func CSVRecord(cells []string) []string {
	out := make([]string, len(cells))
	for i, v := range cells {
		out[i] = CSVCell(v)
	}
	return out
}

// CSVCell keeps a spreadsheet from reading text as a formula (CSV
// injection): a cell starting with = + - @ (or their full-width forms), a
// tab, CR or LF gets a leading apostrophe, which Excel and LibreOffice
// show as text. Plans often start measures with "- …", so this is not
// only about attacks.
// XLSX cells need no such prefix: they are written as typed strings
// (SetCellStr), never as formulas.
func CSVCell(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); s != "" && strings.ContainsRune(FormulaStarts, r) {
		return "'" + s
	}
	return s
}

// FormulaStarts are the first characters a spreadsheet may read as the
// start of a formula, with their full-width forms.
const FormulaStarts = "=+-@\t\r\n＝＋－＠"

// officialCells are columns 1–5b of a row as printed.
func officialCells(row domain.PublicRow) []string {
	return []string{row.Deficiency, row.Measure, row.Deadline, row.Responsible, row.Column5a(), RussianDate(row.Column5b())}
}

// SectionLabel is "I. Открытость…" (or the organisational title alone).
func SectionLabel(s domain.PublicSection) string {
	if s.Roman == "" {
		return s.Title
	}
	return s.Roman + ". " + s.Title
}

// RussianDate turns YYYY-MM-DD into DD.MM.YYYY ("" stays "").
func RussianDate(iso string) string {
	d, err := domain.ParseISODate(iso)
	if err != nil {
		return iso
	}
	return d.Russian()
}

// approvalLines are the «УТВЕРЖДАЮ» header lines of a report.
func approvalLines(r domain.PublicReport) []string {
	lines := []string{"УТВЕРЖДАЮ"}
	if a := r.Approval; a != nil {
		lines = append(lines, a.Position, a.Name, "«"+RussianDate(a.Date)+"»")
	} else {
		lines = append(lines, "(не утверждён)")
	}
	return lines
}

// FormTitle is the title of the official form for the report.
func FormTitle(r domain.PublicReport) string {
	return fmt.Sprintf("ПЛАН по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, %s на %d год",
		r.Institution, r.Year)
}
