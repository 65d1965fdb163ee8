package docimport

import "errors"

// ErrorKind says why a file was refused.
type ErrorKind string

// Why a file is refused. Every refusal carries a Russian message for the user.
const (
	ErrTooLarge     ErrorKind = "too_large"      // over the upload or uncompressed limit
	ErrZipBomb      ErrorKind = "zip_bomb"       // an entry inflates beyond the ratio or lies about its size
	ErrCorrupt      ErrorKind = "corrupt"        // not a readable zip or XML
	ErrEncrypted    ErrorKind = "encrypted"      // password-protected (OLE container with EncryptedPackage)
	ErrLegacyFormat ErrorKind = "legacy_format"  // .doc or .xls (OLE container without encryption)
	ErrUnsupported  ErrorKind = "unsupported"    // another format (.odt, .ods, .pdf, text…)
	ErrMacros       ErrorKind = "macros"         // vbaProject.bin present
	ErrFormulas     ErrorKind = "formulas"       // cells with formulas while values-only is off
	ErrExternal     ErrorKind = "external"       // links to external files or workbooks
	ErrTooDeep      ErrorKind = "too_deep"       // XML nested beyond the limit
	ErrTooManyRows  ErrorKind = "too_many_rows"  // rows beyond the limit
	ErrTooManyCells ErrorKind = "too_many_cells" // cells, or the text of one, beyond the limit
	ErrTooMuchText  ErrorKind = "too_much_text"  // all cells together expand to more text than the budget
	ErrNoTable      ErrorKind = "no_table"       // no table at all
	ErrNoColumns    ErrorKind = "no_columns"     // tables, but none with the plan's columns
	ErrNoRows       ErrorKind = "no_rows"        // the plan table has a header and no measures
)

// Error is a refusal: a kind for the caller and a message in Russian that
// says what was found, ready to show on the upload page.
type Error struct {
	Kind    ErrorKind
	Message string
}

func (e *Error) Error() string { return e.Message }

func refuse(kind ErrorKind, msg string) *Error { return &Error{Kind: kind, Message: msg} }

// KindOf returns the kind of a refusal, or "" for any other error.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}
