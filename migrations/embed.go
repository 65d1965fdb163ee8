// Package migrations holds the ordered SQL files that build Planboard's
// schema. Files are named NNNN_name.sql and applied in order, each in its
// own transaction.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
