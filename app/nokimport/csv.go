package nokimport

import (
	"bytes"
	"encoding/csv"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parseCSV reads a CSV table: UTF-8 (a BOM is dropped) or, when the bytes
// are not UTF-8, Windows-1251 as Excel saves it on a Russian system. The
// delimiter is the one of ; , and tab under which the header is recognised
// best (a decimal comma makes counting commas useless).
func parseCSV(data []byte, lim Limits) (*Table, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		dec, err := charmap.Windows1251.NewDecoder().Bytes(data)
		if err != nil {
			return nil, ErrUnreadable
		}
		data = dec
	}
	best, bestScore := ';', -1
	for _, d := range []rune{';', ',', '\t'} {
		if s := headerScore(data, d); s > bestScore {
			best, bestScore = d, s
		}
	}
	t := &Table{Format: "csv"}
	r := newCSVReader(data, best)
	if err := readGrid(csvGrid(r), lim, t); err != nil {
		return nil, err
	}
	return t, nil
}

func newCSVReader(data []byte, delim rune) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return r
}

func csvGrid(r *csv.Reader) grid {
	return func() ([]string, error) {
		rec, err := r.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, ErrUnreadable
		}
		return rec, nil
	}
}

// headerScore is the number of columns recognised in the best header
// candidate among the first rows read with delimiter d.
func headerScore(data []byte, d rune) int {
	r := newCSVReader(data, d)
	best := 0
	for i := 0; i < headerSearchRows; i++ {
		rec, err := r.Read()
		if err != nil {
			break
		}
		if cols := recognise(rec); hasKeyAndScore(cols) && len(cols) > best {
			best = len(cols)
		}
	}
	return best
}
