package officein

import (
	"archive/zip"
	"bytes"
	"strings"
)

// Kind is what an office file claims to be, by its extension.
type Kind string

// The office formats whose parts are checked.
const (
	DOCX Kind = "docx"
	XLSX Kind = "xlsx"
	PPTX Kind = "pptx"
	ODT  Kind = "odt"
	ODS  Kind = "ods"
)

// requiredParts are the entries a package of each kind cannot do without:
// Office Open XML names its content types and its main part; OpenDocument
// its mimetype and content.
var requiredParts = map[Kind][]string{
	DOCX: {"[Content_Types].xml", "word/document.xml"},
	XLSX: {"[Content_Types].xml", "xl/workbook.xml"},
	PPTX: {"[Content_Types].xml", "ppt/presentation.xml"},
	ODT:  {"mimetype", "content.xml"},
	ODS:  {"mimetype", "content.xml"},
}

// KindOfName is the kind an extension (".docx", any case) claims, "" for
// one that is not a zip-based office format.
func KindOfName(ext string) Kind {
	k := Kind(strings.TrimPrefix(strings.ToLower(ext), "."))
	if _, ok := requiredParts[k]; ok {
		return k
	}
	return ""
}

// HasParts reports whether a package holds every part its kind requires
// (names compared as the readers compare them: forward slashes, no
// leading slash). A kind without requirements has them.
func HasParts(has func(name string) bool, k Kind) bool {
	for _, p := range requiredParts[k] {
		if !has(p) {
			return false
		}
	}
	return true
}

// ZipHasParts reads the directory of a zip (nothing is inflated) and
// reports whether it holds every part kind k requires; a file that is not
// a zip does not.
func ZipHasParts(data []byte, k Kind) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	names := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		names[NormName(f.Name)] = true
	}
	return HasParts(func(n string) bool { return names[n] }, k)
}

// NormName is a zip entry's name as the readers look it up.
func NormName(name string) string {
	return strings.TrimPrefix(strings.ReplaceAll(name, "\\", "/"), "/")
}
