package docimport

import (
	"encoding/json"
	"errors"
)

// errNotPrefix: the text before the tables is not kept as the reader wrote it.
var errNotPrefix = errors.New("docimport: a preamble is not a prefix of the last")

// Parsed is an uploaded file read once: its tables as grids and the text
// around them, within every limit and the text budget. Reading a plan
// from it (Read) finds the plan table, the year and the people again
// without opening the file: a preview shown many times, with another year
// or after the members changed, never parses the upload again. It
// marshals to JSON to be kept with the upload.
type Parsed struct{ doc *document }

// Parse reads an uploaded file (.docx or .xlsx, told by content) into
// grids. It fails as Read does for everything about the file itself;
// Read(opt) fails for what the tables lack.
func Parse(data []byte, opt Options) (*Parsed, error) {
	lim := opt.Limits.withDefaults()
	if err := checkUpload(data, lim); err != nil {
		return nil, err
	}
	z, err := openZip(data, lim)
	if err != nil {
		return nil, err
	}
	var doc *document
	switch {
	case z.has("word/document.xml"):
		doc, err = readDOCX(z)
	case z.has("xl/workbook.xml"):
		doc, err = readXLSX(data, z, opt)
	default:
		err = notOOXML(z)
	}
	if err != nil {
		return nil, err
	}
	return &Parsed{doc: doc}, nil
}

// Read reads the plan from the parsed file with opt's year and members
// (opt's limits and formula switch were Parse's).
func (p *Parsed) Read(opt Options) (*Result, error) { return interpret(p.doc, opt) }

// The kept form of a Parsed: short names, empty fields left out.
type parsedJSON struct {
	Format string `json:"f"`
	// The text before each table: a Word document's grows table by table,
	// so each is a prefix of the last and is kept as its length (a copy
	// per table would multiply the text by the number of tables).
	Lines    []string   `json:"b,omitempty"`
	Preamble []int      `json:"p,omitempty"`
	Tables   []gridJSON `json:"t,omitempty"`
	Notices  []string   `json:"n,omitempty"`
	Stripped int        `json:"s,omitempty"`
}

type gridJSON struct {
	Sheet string       `json:"s,omitempty"`
	Lines []int        `json:"l"`
	Rows  [][]cellJSON `json:"r"`
}

type cellJSON struct {
	Paras []paraJSON `json:"p,omitempty"`
	Raw   string     `json:"r,omitempty"`
	Span  int        `json:"s,omitempty"`
	HCont bool       `json:"h,omitempty"`
	VCont bool       `json:"v,omitempty"`
}

type paraJSON struct {
	Text string `json:"t"`
	List bool   `json:"l,omitempty"`
}

// MarshalJSON keeps the parsed file.
func (p *Parsed) MarshalJSON() ([]byte, error) {
	d := p.doc
	out := parsedJSON{Format: d.format, Notices: d.notices, Stripped: d.strip.removed}
	for _, pre := range d.preamble {
		if len(pre) > len(out.Lines) {
			out.Lines = pre
		}
	}
	for _, pre := range d.preamble {
		for k := range pre {
			if pre[k] != out.Lines[k] {
				return nil, errNotPrefix
			}
		}
		out.Preamble = append(out.Preamble, len(pre))
	}
	for _, g := range d.tables {
		gj := gridJSON{Sheet: g.sheet, Lines: g.lines, Rows: make([][]cellJSON, len(g.rows))}
		for i, r := range g.rows {
			gj.Rows[i] = make([]cellJSON, len(r))
			for j, c := range r {
				cj := cellJSON{Raw: c.raw, Span: c.span, HCont: c.hcont, VCont: c.vcont}
				for _, pp := range c.paras {
					cj.Paras = append(cj.Paras, paraJSON{Text: pp.text, List: pp.list})
				}
				gj.Rows[i][j] = cj
			}
		}
		out.Tables = append(out.Tables, gj)
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a kept parsed file.
func (p *Parsed) UnmarshalJSON(b []byte) error {
	var in parsedJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	d := &document{format: in.Format, notices: in.Notices, strip: stripper{removed: in.Stripped}}
	for _, n := range in.Preamble {
		if n < 0 || n > len(in.Lines) {
			return errNotPrefix
		}
		d.preamble = append(d.preamble, in.Lines[:n:n])
	}
	for _, gj := range in.Tables {
		g := &grid{sheet: gj.Sheet, lines: gj.Lines, rows: make([][]cell, len(gj.Rows))}
		for i, r := range gj.Rows {
			g.rows[i] = make([]cell, len(r))
			for j, cj := range r {
				c := cell{raw: cj.Raw, span: cj.Span, hcont: cj.HCont, vcont: cj.VCont}
				for _, pp := range cj.Paras {
					c.paras = append(c.paras, para{text: pp.Text, list: pp.List})
				}
				g.rows[i][j] = c
			}
		}
		d.tables = append(d.tables, g)
	}
	p.doc = d
	return nil
}
