// Package views holds the HTML templates, static assets and message
// catalogues, embedded in the binary.
package views

import "embed"

// FS holds layouts/, pages/, partials/, static/ and i18n/.
//
//go:embed layouts pages partials static i18n
var FS embed.FS
