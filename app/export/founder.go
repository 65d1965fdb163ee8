package export

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// FounderSummary is the founder dashboard's table as a meeting gets it:
// the words already in the reader's language, one row per institution.
type FounderSummary struct {
	Sheet string   // the sheet's name
	Title string   // the merged title row
	Heads []string // the column headings
	Rows  [][]any  // the cells of each institution, in the headings' order
}

// FounderXLSX writes the summary workbook: the title over every column,
// the headings on row 3, the rows below; the first column wide for the
// names; A4 landscape, the headings repeated on every page.
func FounderXLSX(s FounderSummary) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := s.Sheet
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, err
	}
	st, err := NewFormStyles(f)
	if err != nil {
		return nil, err
	}
	last := colName(len(s.Heads) - 1)
	Merge(f, sh, "A", last, 1, s.Title, st.Title)
	for i, h := range s.Heads {
		Set(f, sh, colName(i), 3, h, st.Head)
	}
	_ = f.SetColWidth(sh, "A", "A", 60)
	_ = f.SetColWidth(sh, "B", last, 15)
	for r, vals := range s.Rows {
		for i, v := range vals {
			cell := fmt.Sprintf("%s%d", colName(i), r+4)
			_ = f.SetCellValue(sh, cell, v)
			_ = f.SetCellStyle(sh, cell, cell, st.Cell)
		}
	}
	if err := PrintSetup(f, sh, 3); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
