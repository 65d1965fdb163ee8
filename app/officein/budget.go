package officein

import "fmt"

// Limits bound the text an upload expands to, in characters.
type Limits struct {
	MaxCell  int // one cell (or table cell, or paragraph of body text)
	MaxTotal int // every cell of the file together
}

// Budget counts the characters of a file's cells as they are read (or as
// a pre-scan prices them), each cell at every place it appears.
type Budget struct {
	lim   Limits
	total int
}

// NewBudget starts an empty budget.
func NewBudget(lim Limits) *Budget { return &Budget{lim: lim} }

// Total is what has been counted so far.
func (b *Budget) Total() int { return b.total }

// Limits are the budget's limits.
func (b *Budget) Limits() Limits { return b.lim }

// Cell counts one cell of n characters. It fails with *OverBudget when the
// cell alone or the running total passes its limit; the total is counted
// either way.
func (b *Budget) Cell(n int) error {
	b.total += n
	switch {
	case n > b.lim.MaxCell:
		return &OverBudget{Cell: true, Limit: b.lim.MaxCell}
	case b.total > b.lim.MaxTotal:
		return &OverBudget{Limit: b.lim.MaxTotal}
	}
	return nil
}

// Add counts n characters that belong to no one cell (a merge's copies of
// its first cell): only the total is checked.
func (b *Budget) Add(n int) error {
	b.total += n
	if b.total > b.lim.MaxTotal {
		return &OverBudget{Limit: b.lim.MaxTotal}
	}
	return nil
}

// OverBudget is a file whose text is over the budget: one cell (Cell) or
// all of them together.
type OverBudget struct {
	Cell  bool
	Limit int    // the limit passed, in characters
	Where string // the sheet or part, when known
}

func (e *OverBudget) Error() string {
	if e.Cell {
		return fmt.Sprintf("a cell of %s holds more than %d characters", e.Where, e.Limit)
	}
	return fmt.Sprintf("the cells of %s hold more than %d characters", e.Where, e.Limit)
}
