package officedoc

import (
	"encoding/xml"
	"strings"
)

// xb builds WordprocessingML markup.
type xb struct{ strings.Builder }

// esc writes text escaped for XML; characters XML cannot hold become U+FFFD.
func (b *xb) esc(s string) { _ = xml.EscapeText(b, []byte(s)) }

// run writes a run with the text, lines broken by w:br.
func (b *xb) run(text string, bold bool) {
	b.WriteString("<w:r>")
	if bold {
		b.WriteString("<w:rPr><w:b/><w:bCs/></w:rPr>")
	}
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		b.esc(line)
		b.WriteString("</w:t>")
	}
	b.WriteString("</w:r>")
}

// para writes a paragraph of one run. jc is "", "left", "center" or "right".
func (b *xb) para(text, jc string, bold bool, extraPPr string) {
	b.WriteString("<w:p><w:pPr>")
	b.WriteString(extraPPr)
	if jc != "" {
		b.WriteString(`<w:jc w:val="` + jc + `"/>`)
	}
	b.WriteString("</w:pPr>")
	if text != "" {
		b.run(text, bold)
	}
	b.WriteString("</w:p>")
}
