// Package officein is what every reader of uploaded office files shares
// (app/docimport for plans, app/nokimport for НОК results): a budget on the
// text a file expands to, counted at every use rather than as stored (an
// XLSX keeps a string once in its shared-string table and may reference it
// from every cell, so a few kilobytes can name hundreds of megabytes), the
// token pass that prices a workbook's sheets before any library loads
// them, and the parts a package must hold to be the document it claims to
// be. It knows nothing of HTTP, storage or the readers' messages: callers
// turn its errors into their own words (docs/upload-limits.md).
package officein
