package app

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// exporter writes a published report in one format; raw is the stored JSON.
type exporter func(a *App, c *fiber.Ctx, r domain.PublicReport, raw []byte) error

// exporters by file extension; "" is the HTML page itself.
var exporters = map[string]exporter{
	"":     nil,
	"json": exportJSON,
	"csv":  exportCSV,
	"xlsx": exportXLSX,
	"pdf":  exportPDF,
}

// sendFile answers with a download of the given type and file name.
func sendFile(c *fiber.Ctx, mime, name string, body []byte) error {
	c.Set(fiber.HeaderContentType, mime)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	return c.Send(body)
}

// exportName is the download name of a report export.
func exportName(r domain.PublicReport, ext string) string {
	return fmt.Sprintf("plan-%s-%d.%s", r.Slug, r.Year, ext)
}

// exportJSON serves the snapshot exactly as published (documented in
// docs/public-report.md).
func exportJSON(_ *App, c *fiber.Ctx, r domain.PublicReport, raw []byte) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="%s"`, exportName(r, "json")))
	return c.Send(raw)
}

// utf8BOM makes Excel read the CSV as UTF-8.
const utf8BOM = "\uFEFF"

// exportCSV writes one line per item: section, number, columns 1–5b.
func exportCSV(_ *App, c *fiber.Ctx, r domain.PublicReport, _ []byte) error {
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	header := append([]string{"Раздел", "№"}, domain.OfficialColumns...)
	if err := w.Write(header); err != nil {
		return err
	}
	for _, s := range r.Sections {
		for _, row := range s.Rows {
			if err := w.Write(csvRecord(append([]string{sectionLabel(s), row.Number}, officialCells(row)...))); err != nil {
				return err
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return sendFile(c, "text/csv; charset=utf-8", exportName(r, "csv"), buf.Bytes())
}

// csvRecord neutralises every cell of a CSV line (see csvCell).
func csvRecord(cells []string) []string {
	out := make([]string, len(cells))
	for i, v := range cells {
		out[i] = csvCell(v)
	}
	return out
}

// csvCell keeps a spreadsheet from reading text as a formula (CSV
// injection): a cell starting with = + - @ (or their full-width forms), a
// tab, CR or LF gets a leading apostrophe, which Excel and LibreOffice
// show as text. Plans often start measures with "- …", so this is not
// only about attacks.
// XLSX cells need no such prefix: they are written as typed strings
// (SetCellStr), never as formulas.
func csvCell(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); s != "" && strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

// formulaStarts are the first characters a spreadsheet may read as the
// start of a formula, with their full-width forms.
const formulaStarts = "=+-@\t\r\n＝＋－＠"

// officialCells are columns 1–5b of a row as printed.
func officialCells(row domain.PublicRow) []string {
	return []string{row.Deficiency, row.Measure, row.Deadline, row.Responsible, row.Implemented, isoToRussian(row.CompletedOn)}
}

// sectionLabel is "I. Открытость…" (or the organisational title alone).
func sectionLabel(s domain.PublicSection) string {
	if s.Roman == "" {
		return s.Title
	}
	return s.Roman + ". " + s.Title
}

// isoToRussian turns YYYY-MM-DD into DD.MM.YYYY ("" stays "").
func isoToRussian(iso string) string {
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
		lines = append(lines, a.Position, a.Name, "«"+isoToRussian(a.Date)+"»")
	} else {
		lines = append(lines, "(не утверждён)")
	}
	return lines
}

// formTitle is the title of the official form for the report.
func formTitle(r domain.PublicReport) string {
	return fmt.Sprintf("ПЛАН по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, %s на %d год",
		r.Institution, r.Year)
}
