package officein

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Package is an office file's zip as its reader opens it: entries by name,
// each read under the reader's own size limits.
type Package interface {
	Has(name string) bool
	Open(name string) (io.ReadCloser, error)
}

// The parts excelize reads its shared strings and styles from (it does not
// follow the workbook's relationships for them).
const (
	sharedStringsPart = "xl/sharedStrings.xml"
	stylesPart        = "xl/styles.xml"
)

// ErrTooDeep is XML nested beyond Workbook's depth limit; ErrMalformed is
// XML that does not parse. Callers name them in their own words.
var (
	ErrTooDeep   = errors.New("officein: XML nested too deep")
	ErrMalformed = errors.New("officein: malformed XML")
)

// formatSlack is what a number format may add to a cell beyond its own
// text (a date's month name, digits of an exponent written out).
const formatSlack = 16

// Workbook prices the cells of an XLSX before a library loads them: the
// characters of every shared string, and what each cell style's number
// format may add to a cell.
type Workbook struct {
	p        Package
	maxDepth int
	shared   []int32 // characters of shared string i
	style    []int32 // characters the number format of cell style i may add
}

// OpenWorkbook reads the shared strings' lengths and the styles' number
// formats of p, token by token under maxDepth, keeping no text.
func OpenWorkbook(p Package, maxDepth int) (*Workbook, error) {
	w := &Workbook{p: p, maxDepth: maxDepth}
	if p.Has(sharedStringsPart) {
		if err := w.readShared(); err != nil {
			return nil, err
		}
	}
	if p.Has(stylesPart) {
		if err := w.readStyles(); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// SharedStrings is the number of shared strings.
func (w *Workbook) SharedStrings() int { return len(w.shared) }

// walk reads part token by token under the depth limit, calling fn with
// each token and the depth it opened or sits at.
func (w *Workbook) walk(part string, fn func(tok xml.Token) error) error {
	rc, err := w.p.Open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	depth := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return ErrMalformed
			}
			return err // the package's own refusal (a size limit) passes as it is
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth++; depth > w.maxDepth {
				return ErrTooDeep
			}
		case xml.EndElement:
			depth--
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

// readShared counts the characters of each <si>: all its <t> text (runs
// and phonetic hints together: more than shown is never less than shown).
func (w *Workbook) readShared() error {
	inSI, inT := false, false
	var n int64
	return w.walk(sharedStringsPart, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI, n = true, 0
			case "t":
				inT = inSI
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				w.shared = append(w.shared, int32(min(n, 1<<30)))
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				n += int64(utf8.RuneCount(t))
			}
		}
		return nil
	})
}

// readStyles maps each cell style (<cellXfs><xf>) to what its number
// format may add: nothing for General, the format's own length and some
// slack for any other.
func (w *Workbook) readStyles() error {
	custom := map[string]int32{}
	inXfs := false
	return w.walk(stylesPart, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				id, code := attrOf(t, "numFmtId"), attrOf(t, "formatCode")
				custom[id] = int32(min(utf8.RuneCountInString(code), 1<<20))
			case "cellXfs":
				inXfs = true
			case "xf":
				if !inXfs {
					return nil
				}
				id := attrOf(t, "numFmtId")
				cost := int32(0)
				if id != "" && id != "0" {
					cost = formatSlack + 3*custom[id] // «mmmm» writes a month's name
				}
				if len(w.style) < 1<<16 {
					w.style = append(w.style, cost)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
		return nil
	})
}

// SheetCost is what one worksheet expands to.
type SheetCost struct {
	Cells int // cells priced
	Chars int // characters of all cells, merged ranges counted in every cell they cover
}

// Sheet prices the cells of a worksheet part: a shared string at its
// length wherever it is used, an inline string or a value at its own, plus
// what the cell's number format may add; a merged range costs its first
// cell again for every other cell it covers (the readers copy it there).
// It fails with *OverBudget when one cell passes lim.MaxCell or the sheet
// passes lim.MaxTotal, without reading further.
func (w *Workbook) Sheet(part string, lim Limits) (SheetCost, error) {
	s := &sheetPricer{w: w, b: NewBudget(lim), costs: map[[2]int]int32{}}
	err := w.walk(part, s.token)
	if err != nil {
		var ob *OverBudget
		if errors.As(err, &ob) {
			ob.Where = part
		}
		return SheetCost{}, err
	}
	return SheetCost{Cells: s.cells, Chars: s.b.Total()}, nil
}

// maxKeptCosts bounds the cell costs a sheet keeps for its merges (a few
// megabytes). Past it a merge's first cell costs nothing more: the plan
// reader never prices a sheet of more cells than that (it skips it), and
// the НОК reader does not spread merges.
const maxKeptCosts = 1 << 17

type sheetPricer struct {
	w           *Workbook
	b           *Budget
	cells       int
	row, col    int // the current cell's position (1-based), implied when not written
	maxRow      int
	maxCol      int
	typ         string
	cost        int64
	inV, inIS   bool
	inT         bool
	v           []byte // the <v> of a shared-string cell: its index
	costs       map[[2]int]int32
	inSheetData bool
}

func (s *sheetPricer) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return s.start(t)
	case xml.EndElement:
		return s.end(t)
	case xml.CharData:
		switch {
		case s.inV && s.typ == "s":
			if len(s.v) < 24 {
				s.v = append(s.v, t...)
			}
		case s.inV:
			s.cost += int64(utf8.RuneCount(t)) + exponent(t)
		case s.inIS && s.inT:
			s.cost += int64(utf8.RuneCount(t))
		}
	}
	return nil
}

func (s *sheetPricer) start(t xml.StartElement) error {
	switch t.Name.Local {
	case "sheetData":
		s.inSheetData = true
	case "row":
		if r, err := strconv.Atoi(attrOf(t, "r")); err == nil && r > 0 {
			s.row = r
		} else {
			s.row++
		}
		s.col = 0
	case "c":
		if !s.inSheetData {
			return nil
		}
		s.cells++
		if c, r, err := excelize.CellNameToCoordinates(attrOf(t, "r")); err == nil {
			s.col, s.row = c, r
		} else {
			s.col++
		}
		s.maxRow, s.maxCol = max(s.maxRow, s.row), max(s.maxCol, s.col)
		s.typ, s.cost, s.v = attrOf(t, "t"), 0, s.v[:0]
		if i, err := strconv.Atoi(attrOf(t, "s")); err == nil && i >= 0 && i < len(s.w.style) {
			s.cost = int64(s.w.style[i])
		}
	case "v":
		s.inV = true
	case "is":
		s.inIS = true
	case "t":
		s.inT = true
	case "mergeCell":
		return s.merge(attrOf(t, "ref"))
	}
	return nil
}

func (s *sheetPricer) end(t xml.EndElement) error {
	switch t.Name.Local {
	case "sheetData":
		s.inSheetData = false
	case "v":
		s.inV = false
	case "is":
		s.inIS = false
	case "t":
		s.inT = false
	case "c":
		if !s.inSheetData {
			return nil
		}
		if s.typ == "s" {
			if i, err := strconv.Atoi(strings.TrimSpace(string(s.v))); err == nil && i >= 0 && i < len(s.w.shared) {
				s.cost += int64(s.w.shared[i])
			}
		}
		n := int(min(s.cost, 1<<30))
		if n > 0 && len(s.costs) < maxKeptCosts {
			s.costs[[2]int{s.row, s.col}] = int32(n)
		}
		return s.b.Cell(n)
	}
	return nil
}

// merge charges a merged range's first cell once more for every other
// cell of the range within the sheet's data (as the readers clip it).
func (s *sheetPricer) merge(ref string) error {
	from, to, ok := strings.Cut(ref, ":")
	if !ok {
		return nil
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
		return nil
	}
	r2, c2 = min(r2, s.maxRow), min(c2, s.maxCol)
	if r2 < r1 || c2 < c1 {
		return nil
	}
	cost := int64(s.costs[[2]int{r1, c1}])
	if cost == 0 {
		return nil
	}
	copies := int64(r2-r1+1)*int64(c2-c1+1) - 1
	return s.b.Add(int(min(cost*copies, 1<<40)))
}

// exponent is the number of digits a number written with an exponent
// («1E+300») may print in a fixed format.
func exponent(v []byte) int64 {
	i := strings.IndexAny(string(v), "eE")
	if i < 0 {
		return 0
	}
	e, err := strconv.Atoi(strings.TrimPrefix(string(v[i+1:]), "+"))
	if err != nil {
		return 0
	}
	if e < 0 {
		e = -e
	}
	return int64(min(e, 400))
}

func attrOf(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
