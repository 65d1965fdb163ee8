package nokimport

import (
	"bytes"
	"io"

	"github.com/xuri/excelize/v2"
)

// parseXLSX reads the first sheet that has a recognisable header. Cells are
// read raw (the stored number, not its display format), row by row, so a
// huge sheet stops at the limits instead of being loaded whole; excelize's
// unzip limits bound what the archive may unpack to.
func parseXLSX(data []byte, lim Limits) (t *Table, err error) {
	defer func() {
		// excelize is hardened but an upload is hostile input: a panic deep in
		// its XML handling must not take the server down.
		if recover() != nil {
			t, err = nil, ErrUnreadable
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: lim.UnzipSize, UnzipXMLSizeLimit: lim.UnzipXMLSize, RawCellValue: true})
	if err != nil {
		return nil, ErrUnreadable
	}
	defer f.Close()
	firstErr := error(ErrNoHeader)
	for _, sheet := range f.GetSheetList() {
		t, err := readSheet(f, sheet, lim)
		if err == nil {
			return t, nil
		}
		if err != ErrNoHeader {
			return nil, err
		}
	}
	return nil, firstErr
}

func readSheet(f *excelize.File, sheet string, lim Limits) (*Table, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, ErrUnreadable
	}
	defer rows.Close()
	t := &Table{Format: "xlsx", Sheet: sheet}
	read := 0
	next := func() ([]string, error) {
		if !rows.Next() {
			if rows.Error() != nil {
				return nil, ErrUnreadable
			}
			return nil, io.EOF
		}
		if read++; read > lim.MaxRows+headerSearchRows+1000 {
			return nil, ErrTooManyRows // blank rows count too: they cost the same to read
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, ErrUnreadable
		}
		return cols, nil
	}
	if err := readGrid(next, lim, t); err != nil {
		return nil, err
	}
	return t, nil
}
