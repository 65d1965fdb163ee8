package export

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"planboard/domain"
)

// MIMEXLSX is the type of a workbook.
const MIMEXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// XLSX writes the official form: the «УТВЕРЖДАЮ» header at the top
// right, the title, the column headings with their numbers, one merged row
// per section and the items; A4 landscape, fit to the page width.
func XLSX(r domain.PublicReport, _ []byte) (File, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "План"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return File{}, err
	}
	st, err := NewFormStyles(f)
	if err != nil {
		return File{}, err
	}
	widths := map[string]float64{"A": 7, "B": 34, "C": 40, "D": 16, "E": 28, "F": 36, "G": 14}
	for col, w := range widths {
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return File{}, err
		}
	}
	row := 1
	for _, line := range approvalLines(r) {
		Set(f, sh, "F", row, line, st.Plain)
		row++
	}
	row++
	Merge(f, sh, "A", "G", row, FormTitle(r), st.Title)
	_ = f.SetRowHeight(sh, row, 48)
	row += 2
	heads := append([]string{"№ п/п"}, domain.OfficialColumns...)
	for i, h := range heads {
		Set(f, sh, colName(i), row, h, st.Head)
		Set(f, sh, colName(i), row+1, append([]string{""}, domain.OfficialColumnNumbers...)[i], st.Head)
	}
	_ = f.SetRowHeight(sh, row, 110)
	headRow := row
	row += 2
	for _, s := range r.Sections {
		Merge(f, sh, "A", "G", row, SectionLabel(s), st.Section)
		row++
		for _, it := range s.Rows {
			cells := append([]string{it.Number}, officialCells(it)...)
			for i, v := range cells {
				Set(f, sh, colName(i), row, v, st.Cell)
			}
			row++
		}
	}
	if err := PrintSetup(f, sh, headRow); err != nil {
		return File{}, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return File{}, err
	}
	return download(MIMEXLSX, FileName(r, "xlsx"), buf.Bytes())
}

// FormStyles are the official form's cell styles.
type FormStyles struct{ Plain, Title, Head, Section, Cell int }

func NewFormStyles(f *excelize.File) (FormStyles, error) {
	border := []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"},
		{Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	font := &excelize.Font{Family: "Times New Roman", Size: 11}
	defs := []*excelize.Style{
		{Font: font},
		{Font: &excelize.Font{Family: "Times New Roman", Size: 13, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: &excelize.Font{Family: "Times New Roman", Size: 10, Bold: true}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: &excelize.Font{Family: "Times New Roman", Size: 11, Bold: true}, Border: border, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}},
		{Font: font, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return FormStyles{}, err
		}
		ids[i] = id
	}
	return FormStyles{ids[0], ids[1], ids[2], ids[3], ids[4]}, nil
}

// set writes a value with a style; errors are impossible for valid cell names.
func Set(f *excelize.File, sh, col string, row int, v string, style int) {
	cell := fmt.Sprintf("%s%d", col, row)
	_ = f.SetCellStr(sh, cell, v)
	_ = f.SetCellStyle(sh, cell, cell, style)
}

// merge writes a value across columns from..to of one row.
func Merge(f *excelize.File, sh, from, to string, row int, v string, style int) {
	Set(f, sh, from, row, v, style)
	_ = f.MergeCell(sh, fmt.Sprintf("%s%d", from, row), fmt.Sprintf("%s%d", to, row))
	_ = f.SetCellStyle(sh, fmt.Sprintf("%s%d", from, row), fmt.Sprintf("%s%d", to, row), style)
}

// PrintSetup: A4 landscape, one page wide, the heading rows repeated on
// every printed page.
func PrintSetup(f *excelize.File, sh string, headRow int) error {
	orient, size, fit, wide, tall := "landscape", 9, true, 1, 0
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: &orient, Size: &size,
		FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sh, headRow, headRow+1)})
}

// colName is the spreadsheet column letter of a 0-based index (up to Z).
func colName(i int) string { return string(rune('A' + i)) }
