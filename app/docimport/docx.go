package docimport

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"planboard/app/officein"
)

// Reading WordprocessingML directly, with archive/zip and encoding/xml,
// rather than through gomutex/godocx: godocx inflates every part of the
// package into memory with no size limit before anything can be checked,
// unmarshals whole parts (no depth limit), and its table model does not
// give the grid with vertical merges resolved. A token stream over
// word/document.xml is short, bounded and reads what plans contain.

// readDOCX reads a checked package as a Word document.
func readDOCX(z *safeZip) (*document, error) {
	if err := checkParts(z, officein.DOCX); err != nil {
		return nil, err
	}
	notices, err := checkPackage(z)
	if err != nil {
		return nil, err
	}
	rc, err := z.open("word/document.xml")
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	doc, err := parseDocumentXML(rc, z.lim)
	if err != nil {
		return nil, err
	}
	doc.notices = append(notices, doc.notices...)
	return doc, nil
}

// docxParser is the state of the token walk over word/document.xml.
type docxParser struct {
	x        *xmlReader
	lim      Limits
	doc      *document
	lines    []string // body paragraphs so far, and text of tables
	tblDepth int
	rows     [][]docxCell // rows of the outermost table
	row      []docxCell
	before   int // w:gridBefore of the current row
	tc       *docxCell
	paras    []*paraBuilder // open paragraphs (text boxes nest them)
	inText   bool           // inside w:t
	cells    int
	budget   *officein.Budget // every cell at every grid position it covers, and the body text
}

// docxCell is a w:tc as written, before merges are resolved.
type docxCell struct {
	paras  []para
	span   int
	vmerge string // "", "restart" or "continue"
	hmerge string // legacy horizontal merge
	chars  int
}

type paraBuilder struct {
	b    strings.Builder
	list bool
}

func parseDocumentXML(r io.Reader, lim Limits) (*document, error) {
	p := &docxParser{x: newXMLReader(r, "word/document.xml", lim), lim: lim, doc: &document{format: "docx"},
		budget: officein.NewBudget(lim.textLimits())}
	for {
		tok, err := p.x.next()
		if err == io.EOF {
			return p.doc, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return nil, err
			}
		case xml.EndElement:
			if err := p.end(t); err != nil {
				return nil, err
			}
		case xml.CharData:
			if p.inText && len(p.paras) > 0 {
				pb := p.paras[len(p.paras)-1]
				if pb.b.Len()+len(t) > 4*p.lim.MaxCellText {
					return nil, refuse(ErrTooManyCells, fmt.Sprintf("В документе абзац длиннее %d знаков: файл не принят.", p.lim.MaxCellText))
				}
				pb.b.WriteString(p.doc.strip.clean(string(t)))
			}
		}
	}
}

func (p *docxParser) start(t xml.StartElement) error {
	switch t.Name.Local {
	case "Fallback", "moveFrom", "rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "instrText", "delText", "tabs":
		// Fallback repeats the Choice of mc:AlternateContent (a text box
		// would be read twice); w:tabs holds tab stops, not tab
		// characters; the rest is deleted or field-code text.
		return p.x.skip()
	case "tbl":
		p.tblDepth++
		if p.tblDepth == 1 {
			p.rows = nil
		}
	case "tr":
		if p.tblDepth == 1 {
			p.row, p.before = nil, 0
		}
	case "gridBefore":
		if p.tblDepth == 1 {
			p.before = atoiAttr(t, "val", 0, p.lim.MaxColumns)
		}
	case "tc":
		if p.tblDepth == 1 {
			p.tc = &docxCell{span: 1}
		}
	case "gridSpan":
		if p.tblDepth == 1 && p.tc != nil {
			p.tc.span = atoiAttr(t, "val", 1, p.lim.MaxColumns)
		}
	case "vMerge":
		if p.tblDepth == 1 && p.tc != nil {
			p.tc.vmerge = "continue" // an absent w:val means continue
			if v, ok := attr(t, "val"); ok && v == "restart" {
				p.tc.vmerge = "restart"
			}
		}
	case "hMerge":
		if p.tblDepth == 1 && p.tc != nil {
			p.tc.hmerge = "continue"
			if v, ok := attr(t, "val"); ok && v == "restart" {
				p.tc.hmerge = "restart"
			}
		}
	case "p":
		p.paras = append(p.paras, &paraBuilder{})
	case "numPr":
		if len(p.paras) > 0 {
			p.paras[len(p.paras)-1].list = true
		}
	case "numId":
		if v, _ := attr(t, "val"); v == "0" && len(p.paras) > 0 { // numId 0 switches numbering off
			p.paras[len(p.paras)-1].list = false
		}
	case "pStyle":
		if v, _ := attr(t, "val"); len(p.paras) > 0 && strings.Contains(strings.ToLower(v), "bullet") {
			p.paras[len(p.paras)-1].list = true
		}
	case "t":
		p.inText = true
	case "tab":
		p.write(" ")
	case "br", "cr":
		p.write("\n")
	case "noBreakHyphen":
		p.write("-")
	}
	return nil
}

func (p *docxParser) write(s string) {
	if len(p.paras) > 0 {
		p.paras[len(p.paras)-1].b.WriteString(s)
	}
}

func (p *docxParser) end(t xml.EndElement) error {
	switch t.Name.Local {
	case "t":
		p.inText = false
	case "p":
		if len(p.paras) == 0 {
			return nil
		}
		pb := p.paras[len(p.paras)-1]
		p.paras = p.paras[:len(p.paras)-1]
		return p.emit(para{text: pb.b.String(), list: pb.list})
	case "tc":
		if p.tblDepth == 1 && p.tc != nil {
			p.row = append(p.row, *p.tc)
			p.tc = nil
			p.cells++
			if p.cells > p.lim.MaxCells {
				return refuse(ErrTooManyCells, fmt.Sprintf("В таблицах документа больше %d ячеек: файл не принят.", p.lim.MaxCells))
			}
		}
	case "tr":
		if p.tblDepth == 1 {
			if p.before > 0 {
				p.row = append([]docxCell{{span: p.before}}, p.row...)
			}
			p.rows = append(p.rows, p.row)
			if len(p.rows) > p.lim.MaxRows {
				return refuse(ErrTooManyRows, fmt.Sprintf("В таблице больше %d строк: файл не принят.", p.lim.MaxRows))
			}
		}
	case "tbl":
		p.tblDepth--
		if p.tblDepth == 0 {
			g, err := buildDocxGrid(p.rows, p.lim, p.budget)
			if err != nil {
				return err
			}
			p.doc.preamble = append(p.doc.preamble, append([]string(nil), p.lines...))
			p.doc.tables = append(p.doc.tables, g)
			for i := range g.rows {
				if len(p.lines) < 400 {
					p.lines = append(p.lines, g.rowLines(i)...)
				}
			}
		}
	}
	return nil
}

// emit sends a finished paragraph to the open cell, or to the body text.
func (p *docxParser) emit(pp para) error {
	if p.tc != nil {
		p.tc.chars += len([]rune(pp.text))
		if p.tc.chars > p.lim.MaxCellText {
			return refuse(ErrTooManyCells, fmt.Sprintf("В ячейке таблицы больше %d знаков: файл не принят.", p.lim.MaxCellText))
		}
		p.tc.paras = append(p.tc.paras, splitLines(pp)...)
		return nil
	}
	if p.tblDepth == 0 && len(p.lines) < 400 {
		if err := p.budget.Cell(utf8.RuneCountInString(pp.text)); err != nil {
			return overBudget(err, "документе", p.lim)
		}
		for _, l := range strings.Split(pp.text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				p.lines = append(p.lines, l)
			}
		}
	}
	return nil
}

// splitLines turns a paragraph whose lines were broken by w:br into one
// paragraph per line when the lines after the first look like bullets:
// «Обеспечить:<br>· телефон;<br>· почту».
func splitLines(pp para) []para {
	lines := strings.Split(pp.text, "\n")
	if len(lines) < 2 {
		return []para{pp}
	}
	bulleted := false
	for _, l := range lines[1:] {
		if _, ok := cutBullet(l); ok {
			bulleted = true
		}
	}
	if !bulleted {
		return []para{pp}
	}
	out := make([]para, 0, len(lines))
	for _, l := range lines {
		out = append(out, para{text: l, list: pp.list})
	}
	return out
}

// buildDocxGrid lays the cells out on the table grid: w:gridSpan covers
// columns to the right, w:vMerge="continue" takes the text of the cell
// above, a legacy w:hMerge continues the cell to the left.
//
// Every grid position is charged to budget with the characters of the text
// it shows: a merged cell's text is read again wherever it is continued.
func buildDocxGrid(rows [][]docxCell, lim Limits, budget *officein.Budget) (*grid, error) {
	g := &grid{}
	var prevChars []int // characters shown at each position of the row above
	for ri, raw := range rows {
		var out []cell
		var chars []int
		charge := func(n int) error {
			chars = append(chars, n)
			if err := budget.Cell(n); err != nil {
				return overBudget(err, "таблице документа", lim)
			}
			return nil
		}
		for _, c := range raw {
			if c.hmerge == "continue" && len(out) > 0 {
				prev := out[len(out)-1]
				out = append(out, cell{paras: prev.paras, span: prev.span, hcont: true, vcont: prev.vcont})
				if err := charge(chars[len(chars)-1]); err != nil {
					return nil, err
				}
				continue
			}
			col := len(out)
			nc, n := cell{paras: c.paras, span: c.span}, c.chars
			if c.vmerge == "continue" && ri > 0 && col < len(g.rows[ri-1]) {
				above := g.rows[ri-1][col]
				nc, n = cell{paras: above.paras, span: c.span, vcont: true}, prevChars[col]
			}
			for k := 0; k < c.span; k++ {
				cc := nc
				cc.hcont = k > 0
				out = append(out, cc)
				if err := charge(n); err != nil {
					return nil, err
				}
			}
			if len(out) > lim.MaxColumns {
				return nil, refuse(ErrTooManyCells, fmt.Sprintf("В таблице больше %d столбцов: файл не принят.", lim.MaxColumns))
			}
		}
		g.rows = append(g.rows, out)
		g.lines = append(g.lines, ri+1)
		prevChars = chars
	}
	g.square()
	return g, nil
}

// atoiAttr reads a numeric attribute clamped to 1..hi (def when absent or bad).
func atoiAttr(t xml.StartElement, name string, def, hi int) int {
	v, ok := attr(t, name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return def
	}
	return min(max(n, 1), hi)
}
