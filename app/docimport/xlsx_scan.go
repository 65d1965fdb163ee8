package docimport

import (
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetScan is what a token pass over one worksheet found, before excelize
// is allowed to load it.
type sheetScan struct {
	name     string // the sheet's name in the workbook
	part     string // xl/worksheets/sheet1.xml
	rows     int    // rows holding at least one cell
	cells    int
	maxCol   int      // rightmost column used, 1-based
	formulas []string // cells with formulas (the first few)
	nformula int
	skip     string // why the sheet is not read ("" when it is)
}

// scanWorkbook maps sheet names to parts (workbook.xml and its
// relationships) and scans every sheet and every other XML part with the
// depth limit, so that excelize only ever unmarshals what passed.
func scanWorkbook(z *safeZip) ([]sheetScan, error) {
	for _, n := range z.names("") {
		if (strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels")) && !strings.HasPrefix(n, "xl/worksheets/") {
			if err := depthScan(z, n); err != nil {
				return nil, err
			}
		}
	}
	sheets, err := workbookSheets(z)
	if err != nil {
		return nil, err
	}
	for i := range sheets {
		if err := scanSheet(z, &sheets[i]); err != nil {
			return nil, err
		}
	}
	return sheets, nil
}

// depthScan reads a part to its end under the depth limit.
func depthScan(z *safeZip, name string) error {
	rc, err := z.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	x := newXMLReader(rc, name, z.lim)
	for {
		if _, err := x.next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// workbookSheets lists the sheets in workbook order with their parts.
func workbookSheets(z *safeZip) ([]sheetScan, error) {
	rels, err := readRels(z, "xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels {
		t := r.target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.id] = t
	}
	rc, err := z.open("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	x := newXMLReader(rc, "xl/workbook.xml", z.lim)
	var out []sheetScan
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" {
			name, _ := attr(se, "name")
			id, _ := attr(se, "id")
			s := sheetScan{name: name, part: targets[id]}
			if s.part == "" || !z.has(s.part) {
				s.skip = "лист без содержимого"
			}
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, refuse(ErrCorrupt, "Файл повреждён: в книге нет листов.")
	}
	return out, nil
}

// scanSheet counts rows, cells and formulas of a sheet and decides whether
// it is small enough to load.
func scanSheet(z *safeZip, s *sheetScan) error {
	if s.skip != "" {
		return nil
	}
	rc, err := z.open(s.part)
	if err != nil {
		return err
	}
	defer rc.Close()
	x := newXMLReader(rc, s.part, z.lim)
	var ref string
	rowHasCell := false
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			rowHasCell = false
		case "c":
			s.cells++
			if !rowHasCell {
				rowHasCell = true
				s.rows++
			}
			ref, _ = attr(se, "r")
			if col, _, err := excelize.CellNameToCoordinates(ref); err == nil {
				s.maxCol = max(s.maxCol, col)
			}
		case "f":
			s.nformula++
			if len(s.formulas) < 5 {
				s.formulas = append(s.formulas, ref)
			}
		}
	}
	switch {
	case s.rows > z.lim.MaxRows:
		s.skip = fmt.Sprintf("в листе больше %d строк", z.lim.MaxRows)
	case s.maxCol > z.lim.MaxColumns:
		s.skip = fmt.Sprintf("в листе заполнены столбцы дальше %d-го", z.lim.MaxColumns)
	case s.cells > z.lim.MaxCells:
		s.skip = fmt.Sprintf("в листе больше %d ячеек", z.lim.MaxCells)
	}
	return nil
}
