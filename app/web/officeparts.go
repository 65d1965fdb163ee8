package web

import (
	"bytes"
	"path/filepath"

	"planboard/app/officein"
	"planboard/domain"
)

// checkOfficeParts refuses a zip named as an office document (.docx,
// .xlsx, .pptx, .odt, .ods) that lacks the parts such a document has
// (officein.HasParts): a «.docx» holding a program is not a document.
func checkOfficeParts(name string, data []byte) error {
	k := officein.KindOfName(filepath.Ext(name))
	if k == "" || !bytes.HasPrefix(data, []byte("PK")) || officein.ZipHasParts(data, k) {
		return nil
	}
	return domain.FieldError("evidence", "evidence.not_office")
}
