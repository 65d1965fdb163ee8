package docimport

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"planboard/app/officein"
)

// readXLSX reads a checked package as an Excel workbook. The package is
// scanned first (macros, external links, depth, sizes, formulas); only then
// does excelize open it, and only the sheets that passed are loaded. Merged
// cells come from GetMergeCells: GetRows leaves every covered cell empty.
func readXLSX(data []byte, z *safeZip, opt Options) (doc *document, err error) {
	if err := checkParts(z, officein.XLSX); err != nil {
		return nil, err
	}
	notices, err := checkPackage(z)
	if err != nil {
		return nil, err
	}
	sheets, err := scanWorkbook(z)
	if err != nil {
		return nil, err
	}
	if err := priceSheets(z, sheets); err != nil { // before excelize expands a single string
		return nil, err
	}
	defer func() { // excelize is not written for hostile input
		if p := recover(); p != nil {
			doc, err = nil, refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: книга не читается (%v).", p))
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: z.lim.MaxUncompressed, UnzipXMLSizeLimit: z.lim.MaxEntry})
	if err != nil {
		return nil, refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: книга не читается (%v).", err))
	}
	defer f.Close()
	doc = &document{format: "xlsx", notices: notices}
	var formulas []string
	nformula := 0
	for _, s := range sheets {
		if s.skip != "" {
			doc.notices = append(doc.notices, fmt.Sprintf("Лист «%s» пропущен: %s.", s.name, s.skip))
			continue
		}
		g, err := sheetGrid(f, s.name, z.lim, &doc.strip)
		if err != nil {
			return nil, err
		}
		g.sheet = s.name
		doc.preamble = append(doc.preamble, nil)
		doc.tables = append(doc.tables, g)
		for _, ref := range s.formulas {
			formulas = append(formulas, fmt.Sprintf("«%s»!%s", s.name, ref))
		}
		nformula += s.nformula
	}
	if nformula > 0 {
		if !opt.FormulasAsValues {
			return nil, refuse(ErrFormulas, fmt.Sprintf("В книге есть формулы (%d, например %s). Сохраните лист как значения (Копировать → Специальная вставка → Значения) и загрузите снова.",
				nformula, strings.Join(formulas, ", ")))
		}
		doc.notices = append(doc.notices, fmt.Sprintf("В книге %d формул: прочитаны сохранённые в файле значения, формулы не вычислялись.", nformula))
	}
	return doc, nil
}

// sheetGrid reads a sheet into a grid: formatted values, the raw values
// (dates are serial numbers underneath), and merged ranges spread over the
// cells they cover.
func sheetGrid(f *excelize.File, sheet string, lim Limits, st *stripper) (*grid, error) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: лист «%s» не читается (%v).", sheet, err))
	}
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: лист «%s» не читается (%v).", sheet, err))
	}
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: объединения ячеек листа «%s» не читаются (%v).", sheet, err))
	}
	g := &grid{}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	for ri, r := range rows {
		out := make([]cell, width)
		for ci := range out {
			out[ci].span = 1
			if ci < len(r) {
				if len(r[ci]) > lim.MaxCellText && utf8.RuneCountInString(r[ci]) > lim.MaxCellText {
					return nil, refuse(ErrTooManyCells, fmt.Sprintf("В листе «%s» ячейка длиннее %d знаков: файл не принят.", sheet, lim.MaxCellText))
				}
				out[ci].paras = linesOf(st.clean(r[ci]))
				if ri < len(raw) && ci < len(raw[ri]) && raw[ri][ci] != r[ci] {
					out[ci].raw = raw[ri][ci]
				}
			}
		}
		g.rows = append(g.rows, out)
		g.lines = append(g.lines, ri+1)
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
			continue
		}
		r2, c2 = min(r2, len(g.rows)), min(c2, width) // a merge may reach past the data
		if r1 > len(g.rows) || c1 > width {
			continue
		}
		origin := g.rows[r1-1][c1-1]
		if origin.text() == "" {
			origin.paras = linesOf(st.clean(m.GetCellValue()))
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				g.rows[r-1][c-1] = cell{paras: origin.paras, raw: origin.raw, span: c2 - c1 + 1, hcont: c > c1, vcont: r > r1}
			}
		}
	}
	if len(g.rows)*max(width, 1) > lim.MaxCells {
		return nil, refuse(ErrTooManyCells, fmt.Sprintf("В листе «%s» больше %d ячеек: файл не принят.", sheet, lim.MaxCells))
	}
	return g, nil
}

// linesOf splits a cell's text into paragraphs at its line breaks.
func linesOf(s string) []para {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, "\n")
	out := make([]para, 0, len(parts))
	for _, p := range parts {
		out = append(out, para{text: p})
	}
	return out
}
