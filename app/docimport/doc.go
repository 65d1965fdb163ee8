// Package docimport reads an improvement plan in the official form (ПП РФ
// № 457) from the Word (.docx) and Excel (.xlsx) files institutions keep
// it in, and says, row by row, what it understood and what it could not.
//
// Uploaded files are hostile input. Before anything is parsed the reader
// checks the upload size, refuses encrypted (OLE/CFB) containers, and checks
// every zip entry's declared and actual size and its compression ratio;
// XML is read token by token with a nesting limit; rows and cells are
// counted; external relationships are reported and never fetched; macros
// are refused, and so are formulas unless read as their stored values.
//
// The package knows nothing of HTTP or storage: the caller turns a Result
// into a plan and its items.
package docimport
