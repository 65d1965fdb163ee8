// Package nokimport reads an operator's table of НОК results (XLSX or CSV,
// one row per institution) into rows of indicator values, criteria and
// totals, with the problems of each row for a preview. It knows nothing of
// HTTP or storage: matching rows to institutions takes the list of known
// institutions, and saving is the caller's business.
package nokimport

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"planboard/app/officein"
	"planboard/domain"
)

// Limits bound what a hostile upload can cost.
type Limits struct {
	MaxBytes     int64 // the uploaded file
	MaxRows      int   // data rows below the header
	MaxCols      int   // cells in one row
	MaxCells     int   // cells read in all
	UnzipSize    int64 // XLSX: all parts unpacked (excelize UnzipSizeLimit)
	UnzipXMLSize int64 // XLSX: a sheet kept in memory (excelize UnzipXMLSizeLimit)
	MaxCellText  int   // characters of one cell
	MaxText      int   // characters of all cells, an XLSX's shared strings counted at every use (officein)
}

// DefaultLimits are generous for a region's table (a few hundred rows).
func DefaultLimits() Limits {
	return Limits{MaxBytes: 10 << 20, MaxRows: 5000, MaxCols: 200, MaxCells: 500_000,
		UnzipSize: 64 << 20, UnzipXMLSize: 16 << 20, MaxCellText: 1000, MaxText: 4_000_000}
}

// headerSearchRows is how far down the header may sit (title rows above it are normal).
const headerSearchRows = 30

// File-level errors: *domain.Error with EInvalid and these catalogue keys.
var (
	ErrTooLarge    = &domain.Error{Code: domain.EInvalid, Message: "nokimport.too_large"}
	ErrTooManyRows = &domain.Error{Code: domain.EInvalid, Message: "nokimport.too_many_rows"}
	ErrTooManyCols = &domain.Error{Code: domain.EInvalid, Message: "nokimport.too_many_columns"}
	ErrNoHeader    = &domain.Error{Code: domain.EInvalid, Message: "nokimport.no_header"}
	ErrUnreadable  = &domain.Error{Code: domain.EInvalid, Message: "nokimport.unreadable"}
	errNumber      = errors.New("not a number")
)

// Row problems: catalogue keys of Problem.Message.
const (
	ProblemNoKey     = "nokimport.no_institution_key"
	ProblemUnknown   = "nokimport.unknown_institution"
	ProblemDuplicate = "nokimport.duplicate"
	ProblemNotNumber = "nokimport.not_a_number"
	ProblemRange     = "nokimport.out_of_range"
	ProblemNoValues  = "nokimport.no_values"
	ProblemCriterion = "nokimport.criterion_disagrees"
	ProblemTotal     = "nokimport.total_disagrees"
	ProblemYear      = "nokimport.bad_year"
)

// Problem is one problem of a row, shown next to it in the preview.
type Problem struct {
	Field   string // column field: "1.1", "К2", "total", "inn", "year"; "" for the row
	Message string // catalogue key
	Detail  string // the cell as read, or the expected figure («83,76»), or the first row's line
}

// Column is a recognised column of the table.
type Column struct {
	Index  int    // 0-based
	Header string // as printed
	Field  string // "1.1" … "5.3", "К1" … "К5", "total", "inn", "slug", "name", "year"
}

// Row is one institution's results as read.
type Row struct {
	Line          int // 1-based line or sheet row, as the user sees it
	INN           string
	Slug          string
	Name          string
	Year          int // 0 when the table has no year column
	Values        map[string]float64
	Criteria      map[string]float64
	Total         *float64
	InstitutionID int64 // set by Match
	Problems      []Problem
}

// Key returns the raw key that identifies the institution: the ИНН, else
// the slug, else the name.
func (r Row) Key() string {
	switch {
	case r.INN != "":
		return r.INN
	case r.Slug != "":
		return r.Slug
	}
	return r.Name
}

// OK reports whether the row has no problems.
func (r Row) OK() bool { return len(r.Problems) == 0 }

func (r *Row) problem(field, msg, detail string) {
	r.Problems = append(r.Problems, Problem{Field: field, Message: msg, Detail: detail})
}

// Assessment turns a matched row into an assessment for year (the row's own
// year wins when the table has one).
func (r Row) Assessment(year int) domain.Assessment {
	if r.Year != 0 {
		year = r.Year
	}
	a := domain.Assessment{InstitutionID: r.InstitutionID, Year: year, Source: domain.SourceImport,
		Values: map[string]float64{}, Criteria: map[string]float64{}}
	for k, v := range r.Values {
		a.Values[k] = v
	}
	for k, v := range r.Criteria {
		a.Criteria[k] = v
	}
	if r.Total != nil {
		t := *r.Total
		a.Total = &t
	}
	return a
}

// Table is what Parse read.
type Table struct {
	Format     string // "xlsx" or "csv"
	Sheet      string // XLSX: the sheet read
	HeaderLine int    // 1-based
	Columns    []Column
	Rows       []Row
	Stripped   int // invisible characters dropped from the cells (domain.StripText)
}

// Clean reports whether no row has a problem (the preview may be saved).
func (t *Table) Clean() bool {
	for _, r := range t.Rows {
		if !r.OK() {
			return false
		}
	}
	return len(t.Rows) > 0
}

// Parse reads an operator's table: XLSX when the bytes are a zip, else CSV
// (delimiter ; , or tab; UTF-8 with or without BOM, or Windows-1251). It
// finds the header by its text within the first rows, reads one row per
// institution and checks each row's values (0–100, numbers, published
// criteria and total against the indicators within 0.01·n). It fails with
// ErrTooLarge, ErrTooManyRows, ErrTooManyCols, ErrNoHeader or ErrUnreadable.
func Parse(r io.Reader, lim Limits) (*Table, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, ErrUnreadable
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, ErrTooLarge
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		if err := priceXLSX(data, lim); err != nil {
			return nil, err
		}
		return parseXLSX(data, lim)
	}
	return parseCSV(data, lim)
}

// grid reads a table row by row: next returns the cells of the next row,
// io.EOF at the end.
type grid func() ([]string, error)

// readGrid finds the header in the first rows and reads the data rows below it.
func readGrid(next grid, lim Limits, t *Table) error {
	var buffered [][]string
	cells := 0
	budget := officein.NewBudget(lim.textLimits())
	read := func() ([]string, error) {
		row, err := next()
		if err != nil {
			return nil, err
		}
		if len(row) > lim.MaxCols {
			return nil, ErrTooManyCols
		}
		if cells += len(row); cells > lim.MaxCells {
			return nil, ErrTooManyRows
		}
		for i, c := range row {
			if err := budget.Cell(utf8.RuneCountInString(c)); err != nil {
				return nil, budgetError(err)
			}
			var n int
			row[i], n = domain.StripText(c) // the text rule: nothing invisible reaches the preview
			t.Stripped += n
		}
		return row, nil
	}
	for len(buffered) < headerSearchRows {
		row, err := read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		buffered = append(buffered, row)
	}
	h := -1
	for i, row := range buffered {
		if cols := recognise(row); hasKeyAndScore(cols) {
			h, t.Columns = i, cols
			break
		}
	}
	if h < 0 {
		return ErrNoHeader
	}
	t.HeaderLine = h + 1
	start := h + 1
	// A second header row of indicator codes under merged criterion cells.
	if start < len(buffered) {
		if sub := recognise(buffered[start]); countScores(sub) >= 2 && !hasKey(sub) {
			t.Columns = mergeColumns(t.Columns, sub)
			start++
		}
	}
	line := start
	handle := func(cells []string) error {
		line++
		if blank(cells) {
			return nil
		}
		row, keep := readRow(cells, t.Columns, line)
		if !keep {
			return nil
		}
		if len(t.Rows) >= lim.MaxRows {
			return ErrTooManyRows
		}
		t.Rows = append(t.Rows, row)
		return nil
	}
	for _, cells := range buffered[start:] {
		if err := handle(cells); err != nil {
			return err
		}
	}
	if len(buffered) < headerSearchRows {
		return nil // the whole table was in the buffer
	}
	for {
		cells, err := read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := handle(cells); err != nil {
			return err
		}
	}
}

func recognise(row []string) []Column {
	var cols []Column
	seen := map[string]bool{}
	for i, h := range row {
		f := headerField(h)
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		cols = append(cols, Column{Index: i, Header: strings.TrimSpace(h), Field: f})
	}
	return cols
}

func hasKey(cols []Column) bool {
	for _, c := range cols {
		if isKeyField(c.Field) {
			return true
		}
	}
	return false
}

func countScores(cols []Column) int {
	n := 0
	for _, c := range cols {
		if isScoreField(c.Field) {
			n++
		}
	}
	return n
}

func hasKeyAndScore(cols []Column) bool { return hasKey(cols) && countScores(cols) > 0 }

// mergeColumns lays a sub-header over the header: where the sub-header names
// a column, it wins (the criterion above was a merged cell over its indicators).
func mergeColumns(top, sub []Column) []Column {
	byIndex := map[int]Column{}
	for _, c := range top {
		byIndex[c.Index] = c
	}
	for _, c := range sub {
		byIndex[c.Index] = c
	}
	seen := map[string]bool{}
	var out []Column
	for i := 0; len(byIndex) > 0; i++ {
		c, ok := byIndex[i]
		if !ok {
			continue
		}
		delete(byIndex, i)
		if !seen[c.Field] {
			seen[c.Field] = true
			out = append(out, c)
		}
	}
	return out
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// summaryRow reports whether a row is the table's own summary («Итого по
// району», «Среднее значение»), not an institution.
func summaryRow(key string) bool {
	k := normHeader(key)
	for _, p := range []string{"итого", "всего", "среднее", "средний", "в среднем"} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// readRow reads one data row; keep is false for rows that are not an
// institution (no key and no value, or a summary row).
func readRow(cells []string, cols []Column, line int) (Row, bool) {
	r := Row{Line: line, Values: map[string]float64{}, Criteria: map[string]float64{}}
	values := 0
	cell := func(i int) string {
		if i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	for _, c := range cols {
		s := cell(c.Index)
		switch c.Field {
		case FieldINN:
			r.INN = strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, s)
		case FieldSlug:
			r.Slug = strings.ToLower(s)
		case FieldName:
			r.Name = s
		case FieldYear:
			if s == "" {
				continue
			}
			y, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), ".0"))
			if err != nil || y < 2000 || y > 2100 {
				r.problem(FieldYear, ProblemYear, s)
				continue
			}
			r.Year = y
		default:
			v, ok, err := parseNumber(s)
			if err != nil {
				r.problem(c.Field, ProblemNotNumber, s)
				values++
				continue
			}
			if !ok {
				continue
			}
			values++
			if !domain.InRange(v) {
				r.problem(c.Field, ProblemRange, s)
				continue
			}
			switch {
			case c.Field == FieldTotal:
				r.Total = &v
			case strings.HasPrefix(c.Field, "К"):
				r.Criteria[c.Field] = v
			default:
				r.Values[c.Field] = v
			}
		}
	}
	if r.Key() == "" && values == 0 {
		return r, false
	}
	if summaryRow(r.Name) && r.INN == "" && r.Slug == "" {
		return r, false
	}
	if r.Key() == "" {
		r.problem("", ProblemNoKey, "")
	}
	if values == 0 {
		r.problem("", ProblemNoValues, "")
	}
	if r.OK() {
		checkPublished(&r)
	}
	return r, true
}

// checkPublished flags published criteria and a total that disagree with
// the row's indicators beyond rounding (domain.CheckPublished), with the
// figure the indicators give.
func checkPublished(r *Row) {
	for _, m := range domain.CheckPublished(r.Assessment(2000)) {
		if m.Field == "total" {
			r.problem(FieldTotal, ProblemTotal, domain.FormatScore(m.Expected))
		} else {
			r.problem(strings.TrimPrefix(m.Field, "criterion."), ProblemCriterion, domain.FormatScore(m.Expected))
		}
	}
}
