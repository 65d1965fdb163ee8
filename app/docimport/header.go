package docimport

import (
	"regexp"
	"strings"
)

// classify names the field a header text stands for, by the words of the
// official form (docs/domain.md §2) and the way institutions shorten
// them. The order matters: «Плановый срок реализации мероприятия» names a measure
// too, and «Наименование мероприятия по устранению недостатков» a
// deficiency.
func classify(header string) (f Field, group bool) {
	h := foldHeader(header)
	switch {
	case h == "":
		return "", false
	case strings.Contains(h, "фактическ") && strings.Contains(h, "срок"), h == "5б", h == "дата выполнения", h == "дата исполнения":
		return FieldCompleted, false
	case strings.Contains(h, "реализованн") || strings.Contains(h, "принятые меры") || strings.Contains(h, "выполненные мероприятия") || h == "5а":
		return FieldImplemented, false
	case strings.Contains(h, "сведения о ходе") || strings.Contains(h, "ход реализации") || strings.HasPrefix(h, "отметка о выполнении"):
		return FieldImplemented, true // column 5 over 5а and 5б, or 5а alone
	case strings.Contains(h, "срок"):
		return FieldDeadline, false
	case strings.Contains(h, "ответствен") || strings.Contains(h, "исполнител"):
		return FieldResponsible, false
	case strings.Contains(h, "мероприят"):
		return FieldMeasure, false
	case strings.Contains(h, "недостат") || strings.Contains(h, "замечани"):
		return FieldDeficiency, false
	case strings.Contains(h, "показател") || strings.Contains(h, "критери"):
		return FieldIndicator, false
	case h == "№" || strings.HasPrefix(h, "№ п") || strings.HasPrefix(h, "n п") || h == "п/п" || h == "№№" || h == "номер":
		return FieldNumber, false
	}
	return "", false
}

func foldHeader(s string) string {
	s = strings.NewReplacer("ё", "е", "\u00a0", " ", "\n", " ").Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// header is the plan table's header as found: the rows it takes and the
// column of each field.
type header struct {
	first, last int // header rows, inclusive (the number row counts as header)
	cols        map[Field]int
	columns     []Column
}

// maxHeaderRow is how far down a table its header is looked for (a title or
// the approval block may sit in the first rows of a sheet).
const maxHeaderRow = 25

// findHeader looks for the row naming at least the measure and the deadline
// columns, then for a second header row (5а/5б under a merged 5) and a row
// of column numbers under it.
func findHeader(g *grid) (*header, bool) {
	for r := 0; r < len(g.rows) && r < maxHeaderRow; r++ {
		cols, groups := classifyRow(g.rows[r])
		if _, ok := cols[FieldMeasure]; !ok {
			continue
		}
		if _, ok := cols[FieldDeadline]; !ok {
			continue
		}
		h := &header{first: r, last: r, cols: map[Field]int{}}
		texts := map[int]string{}
		for f, c := range cols {
			h.cols[f] = c
			texts[c] = g.rows[r][c].text()
		}
		if r+1 < len(g.rows) && !isNumberRow(g.rows[r+1]) {
			if sub := subHeader(g.rows[r+1], groups); len(sub) > 0 {
				delete(h.cols, FieldImplemented)
				for f, c := range sub {
					h.cols[f] = c
					texts[c] = g.rows[r][c].text() + ": " + g.rows[r+1][c].text()
				}
				h.last = r + 1
			}
		}
		if h.last+1 < len(g.rows) && isNumberRow(g.rows[h.last+1]) {
			h.last++
		}
		for _, f := range []Field{FieldNumber, FieldIndicator, FieldDeficiency, FieldMeasure, FieldDeadline, FieldResponsible, FieldImplemented, FieldCompleted} {
			if c, ok := h.cols[f]; ok {
				h.columns = append(h.columns, Column{Field: f, Header: strings.Join(strings.Fields(texts[c]), " ")})
			}
		}
		return h, true
	}
	return nil, false
}

// classifyRow assigns fields to the columns of one row; the first column
// naming a field wins, and a merged cell counts once. groups are the
// columns under a «Сведения о ходе реализации» group header.
func classifyRow(row []cell) (cols map[Field]int, groups []int) {
	cols = map[Field]int{}
	for c, cl := range row {
		if cl.hcont {
			if len(groups) > 0 && groups[len(groups)-1] == c-1 {
				groups = append(groups, c)
			}
			continue
		}
		f, group := classify(cl.text())
		if f == "" {
			continue
		}
		if group {
			groups = append(groups, c)
		}
		if _, taken := cols[f]; !taken {
			cols[f] = c
		}
	}
	return cols, groups
}

// subHeader reads the second header row under a group header: the columns
// that name 5а and 5б. Other columns of that row are continuations of the
// cells above (vertical merges) and carry nothing new.
func subHeader(row []cell, groups []int) map[Field]int {
	out := map[Field]int{}
	for _, c := range groups {
		if c >= len(row) || row[c].vcont || row[c].hcont {
			continue
		}
		if f, _ := classify(row[c].text()); f == FieldImplemented || f == FieldCompleted {
			if _, taken := out[f]; !taken {
				out[f] = c
			}
		}
	}
	return out
}

var reColumnNumber = regexp.MustCompile(`^(?:\d{1,2}|5\s?[аaбb]|\d{1,2}[аб])\.?$`)

// isNumberRow reports a row of column numbers (1, 2, 3, 4, 5а, 5б or 1–7).
func isNumberRow(row []cell) bool {
	n := 0
	for _, c := range row {
		if c.hcont || c.vcont {
			continue
		}
		t := strings.ToLower(strings.TrimSpace(c.text()))
		if t == "" {
			continue
		}
		if !reColumnNumber.MatchString(t) {
			return false
		}
		n++
	}
	return n >= 3
}
