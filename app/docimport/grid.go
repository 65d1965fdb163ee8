package docimport

import "strings"

// para is one paragraph of a cell; list marks a Word list item (w:numPr).
type para struct {
	text string
	list bool
}

// cell is one grid position of a table. A merged cell covers several
// positions: the first holds the text; the others are continuations that
// share the origin's paragraphs, marked hcont (covered from the left) or
// vcont (covered from above).
type cell struct {
	paras []para
	raw   string // xlsx: the stored value when it differs from the shown one (a date's serial)
	span  int    // columns covered by the origin of this cell (1 when not merged)
	hcont bool
	vcont bool
}

// text returns the cell's paragraphs joined by newlines.
func (c cell) text() string {
	lines := make([]string, 0, len(c.paras))
	for _, p := range c.paras {
		if t := strings.TrimSpace(p.text); t != "" {
			lines = append(lines, t)
		}
	}
	return strings.Join(lines, "\n")
}

// grid is a table as a rectangle of cells, with the source line of each row.
type grid struct {
	sheet string // xlsx: the sheet's name
	rows  [][]cell
	lines []int // 1-based row number in the source (sheet row for xlsx)
}

// width is the number of columns of the widest row.
func (g *grid) width() int {
	w := 0
	for _, r := range g.rows {
		w = max(w, len(r))
	}
	return w
}

// square pads every row to the same width.
func (g *grid) square() {
	w := g.width()
	for i, r := range g.rows {
		for len(r) < w {
			r = append(r, cell{span: 1})
		}
		g.rows[i] = r
	}
}

// rowText is the text of a row's distinct cells, for messages.
func (g *grid) rowText(i int) []string {
	var out []string
	for _, c := range g.rows[i] {
		if c.hcont || c.vcont {
			continue
		}
		if t := c.text(); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// rowLines is the text of a row's distinct cells, one line per paragraph:
// the lines of an approval block kept in a table cell.
func (g *grid) rowLines(i int) []string {
	var out []string
	for _, t := range g.rowText(i) {
		out = append(out, strings.Split(t, "\n")...)
	}
	return out
}

// document is what a reader hands to the interpreter: the text above the
// plan table (for the approval block and title) and the tables in order.
type document struct {
	format   string
	preamble [][]string // per table index: the lines of text before that table
	tables   []*grid
	notices  []string
	strip    stripper // the text rule, applied as cells are read
}
