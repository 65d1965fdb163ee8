// Package officedoc writes an improvement plan as a Word document (.docx)
// in the official layout of ПП РФ № 457: A4 landscape, the «УТВЕРЖДАЮ»
// block, the title with the institution and year, the two-level header
// (5 over 5а and 5б) repeated on every page, section rows across the table.
//
// The WordprocessingML is written directly with archive/zip and
// encoding/xml escaping rather than through gomutex/godocx: the form needs
// vertical merges as w:vMerge (godocx's row span writes w:cellMerge, a
// revision mark Word and LibreOffice do not show as a merge), w:tblHeader
// rows and a landscape section, and the whole document is a few hundred
// lines of markup, which keeps it free of a dependency.
//
// The input is a plain Plan; the caller maps it from its domain types.
package officedoc
