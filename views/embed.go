// Package views holds the HTML templates, static assets and message
// catalogues, embedded in the binary.
package views

import "embed"

// FS holds layouts/, pages/, partials/, static/, i18n/ and mail/ (mail bodies).
//
//go:embed layouts pages partials static i18n mail
var FS embed.FS
