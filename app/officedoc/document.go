package officedoc

import (
	"fmt"
	"strconv"

	"planboard/domain"
)

// Page geometry in twentieths of a point: A4 landscape, 2 cm on the left
// (binding), 1.5 cm elsewhere.
const (
	pageW, pageH            = 16838, 11906
	marginLeft, marginOther = 1134, 850
	textWidth               = pageW - marginLeft - marginOther // 14854
)

// colWidths are №, 1, 2, 3, 4, 5а, 5б; they add up to textWidth.
var colWidths = []int{560, 2500, 3500, 1700, 2300, 2500, 1794}

// Headers of the two-level header: columns 1–4 from the official form,
// column 5 over its two parts.
const (
	headNumber  = "№ п/п"
	headGroup5  = "Сведения о ходе реализации мероприятия"
	headPart5a  = "реализованные меры по устранению выявленных недостатков"
	headPart5b  = "фактический срок реализации"
	blankSign   = "____________"
	blankDate   = "«____» ______________ 20____ г."
	blankPerson = "______________________________"
)

// officialTitle is the title of the form for an institution and year.
func officialTitle(p Plan) string {
	year := "20____"
	if p.Year > 0 {
		year = strconv.Itoa(p.Year)
	}
	inst := p.Institution
	if inst == "" {
		inst = blankPerson
	}
	return fmt.Sprintf("по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, %s на %s год", inst, year)
}

// documentXML is word/document.xml.
func documentXML(p Plan) string {
	var b xb
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	approvalBlock(&b, p.Approval)
	b.para("", "", false, "")
	if p.Title != "" {
		b.para(p.Title, "center", true, "")
	} else {
		b.para("ПЛАН", "center", true, `<w:spacing w:after="0"/>`)
		b.para(officialTitle(p), "center", true, "")
	}
	planTable(&b, p)
	b.WriteString(fmt.Sprintf(`<w:sectPr><w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/>`+
		`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`,
		pageW, pageH, marginOther, marginOther, marginOther, marginLeft))
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// approvalBlock writes «УТВЕРЖДАЮ», the position, the signature blank with
// the name, and the date, indented to the right third of the page.
func approvalBlock(b *xb, a Approval) {
	ind := `<w:spacing w:after="0"/><w:ind w:left="10200"/>`
	b.para("УТВЕРЖДАЮ", "", true, ind)
	pos := a.Position
	if pos == "" {
		pos = blankPerson
	}
	b.para(pos, "", false, ind)
	name := a.Name
	if name == "" {
		name = "/" + blankSign + "/"
	}
	b.para(blankSign+" "+name, "", false, ind)
	date := a.Date
	if date == "" {
		date = blankDate
	}
	b.para(date, "", false, ind)
}

// planTable writes the table: three header rows repeated on every page,
// then each section's row and its measures.
func planTable(b *xb, p Plan) {
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(textWidth) + `" w:type="dxa"/>` +
		`<w:tblBorders>` + border("top") + border("left") + border("bottom") + border("right") + border("insideH") + border("insideV") + `</w:tblBorders>` +
		`<w:tblLayout w:type="fixed"/>` +
		`<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range colWidths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	heads := append([]string{headNumber}, domain.OfficialColumns[:4]...)
	// Row 1: №, 1–4 start vertical merges; 5 spans 5а and 5б.
	b.WriteString(headerRowStart)
	for i, h := range heads {
		tc(b, i, 1, "restart", []string{h}, nil, true, "center")
	}
	tc(b, 5, 2, "", []string{headGroup5}, nil, true, "center")
	b.WriteString(`</w:tr>`)
	// Row 2: №, 1–4 continue; 5а and 5б.
	b.WriteString(headerRowStart)
	for i := range heads {
		tc(b, i, 1, "continue", nil, nil, true, "center")
	}
	tc(b, 5, 1, "", []string{headPart5a}, nil, true, "center")
	tc(b, 6, 1, "", []string{headPart5b}, nil, true, "center")
	b.WriteString(`</w:tr>`)
	// Row 3: the column numbers.
	b.WriteString(headerRowStart)
	tc(b, 0, 1, "", nil, nil, false, "center")
	for i, n := range domain.OfficialColumnNumbers {
		tc(b, i+1, 1, "", []string{n}, nil, false, "center")
	}
	b.WriteString(`</w:tr>`)
	for _, s := range p.Sections {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		tc(b, 0, len(colWidths), "", []string{s.Label()}, nil, true, "left")
		b.WriteString(`</w:tr>`)
		for _, r := range s.Rows {
			b.WriteString(`<w:tr>`)
			tc(b, 0, 1, "", []string{r.Number}, nil, false, "center")
			tc(b, 1, 1, "", []string{r.Deficiency}, nil, false, "")
			tc(b, 2, 1, "", []string{r.Measure}, r.Checklist, false, "")
			tc(b, 3, 1, "", []string{r.Deadline}, nil, false, "center")
			tc(b, 4, 1, "", []string{r.Responsible}, nil, false, "")
			tc(b, 5, 1, "", []string{r.Implemented}, nil, false, "")
			tc(b, 6, 1, "", []string{r.CompletedOn}, nil, false, "center")
			b.WriteString(`</w:tr>`)
		}
	}
	b.WriteString(`</w:tbl>`)
}

// headerRowStart opens a header row: repeated at the top of every page
// (w:tblHeader) and never split across pages.
const headerRowStart = `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`

func border(side string) string {
	return `<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`
}

// tc writes a cell at grid column col spanning span columns; vmerge is
// "restart", "continue" or "". Each text becomes a paragraph, each bullet
// a list paragraph (numbering 1).
func tc(b *xb, col, span int, vmerge string, texts, bullets []string, bold bool, jc string) {
	w := 0
	for i := col; i < col+span && i < len(colWidths); i++ {
		w += colWidths[i]
	}
	b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(w) + `" w:type="dxa"/>`)
	if span > 1 {
		b.WriteString(`<w:gridSpan w:val="` + strconv.Itoa(span) + `"/>`)
	}
	switch vmerge {
	case "restart":
		b.WriteString(`<w:vMerge w:val="restart"/>`)
	case "continue":
		b.WriteString(`<w:vMerge/>`)
	}
	b.WriteString(`<w:vAlign w:val="` + map[bool]string{true: "center", false: "top"}[bold || jc == "center"] + `"/></w:tcPr>`)
	wrote := false
	for _, t := range texts {
		if t == "" {
			continue
		}
		b.para(t, jc, bold, cellPPr)
		wrote = true
	}
	for _, t := range bullets {
		b.para(t, "", false, cellPPr+`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`)
		wrote = true
	}
	if !wrote { // a cell must hold a paragraph
		b.para("", jc, false, cellPPr)
	}
	b.WriteString(`</w:tc>`)
}

// cellPPr is the paragraph style of table text.
const cellPPr = `<w:pStyle w:val="TableText"/>`
