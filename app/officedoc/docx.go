package officedoc

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"time"
)

// MIME is the media type of a .docx file.
const MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// fixedTime stamps the zip entries, so the same plan gives the same bytes.
var fixedTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteDOCX writes the plan as a .docx document.
func WriteDOCX(w io.Writer, p Plan) error {
	zw := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", rootRelsXML},
		{"docProps/core.xml", coreXML(p)},
		{"word/_rels/document.xml.rels", documentRelsXML},
		{"word/document.xml", documentXML(p)},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/numbering.xml", numberingXML},
	}
	for _, part := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: fixedTime})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, part.body); err != nil {
			return err
		}
	}
	return zw.Close()
}

// DOCX returns the plan as .docx bytes.
func DOCX(p Plan) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// coreXML holds the document title shown by file managers and Word.
func coreXML(p Plan) string {
	var b xb
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	title := p.Title
	if title == "" {
		title = "ПЛАН " + officialTitle(p)
	}
	b.esc(strings.TrimSpace(title))
	b.WriteString(`</dc:title><dc:language>ru-RU</dc:language></cp:coreProperties>`)
	return b.String()
}
