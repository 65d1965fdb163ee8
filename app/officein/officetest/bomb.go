// Package officetest builds hostile office files for the readers' tests.
package officetest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Bomb is a workbook whose data cells all reference one shared string:
// stored once, read once per cell. The file stays a few kilobytes however
// many characters it expands to.
type Bomb struct {
	Header []string // the first row, as inline strings
	Row    []string // each data row: "" references the shared string, anything else is an inline string
	Rows   int      // data rows
	Shared string   // the shared string
}

// XLSX writes the workbook.
func (b Bomb) XLSX() []byte {
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	row := func(n int, cells []string, shared bool) {
		fmt.Fprintf(&sheet, `<row r="%d">`, n)
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, n)
			if c == "" && shared {
				fmt.Fprintf(&sheet, `<c r="%s" t="s"><v>0</v></c>`, ref)
			} else {
				fmt.Fprintf(&sheet, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, html.EscapeString(c))
			}
		}
		sheet.WriteString(`</row>`)
	}
	row(1, b.Header, false)
	for i := 0; i < b.Rows; i++ {
		row(i+2, b.Row, true)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">` +
			`<si><t>` + html.EscapeString(b.Shared) + `</t></si></sst>`,
		"xl/worksheets/sheet1.xml": sheet.String(),
	}
	return Zip(parts)
}

// Zip packs parts (deflated, in a fixed order) into a zip.
func Zip(parts map[string]string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			panic(err)
		}
		if _, err := f.Write([]byte(parts[n])); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
