package docimport

import "planboard/app/officein"

// Limits bound what one upload may cost. The zero value of a field means
// its default (DefaultLimits).
type Limits struct {
	MaxUpload       int64 // bytes of the uploaded file
	MaxUncompressed int64 // bytes of all zip entries read, inflated
	MaxEntry        int64 // bytes of one inflated zip entry
	MaxEntries      int   // entries in the zip directory
	MaxRatio        int64 // inflated/compressed size of an entry over 1 MiB
	MaxDepth        int   // XML element nesting
	MaxRows         int   // table rows (or sheet rows)
	MaxColumns      int   // table columns
	MaxCells        int   // cells of one table or sheet
	MaxCellText     int   // characters of one cell
	MaxText         int   // characters of all cells, each counted wherever it appears (officein)
}

// DefaultLimits are generous for a plan (a real one has 20–80 rows and
// weighs under 200 KB) and small for a server.
var DefaultLimits = Limits{
	MaxUpload:       10 << 20,
	MaxUncompressed: 64 << 20,
	MaxEntry:        32 << 20,
	MaxEntries:      2000,
	MaxRatio:        100,
	MaxDepth:        64,
	MaxRows:         2000,
	MaxColumns:      64,
	MaxCells:        60000,
	MaxCellText:     20000,
	MaxText:         1_000_000,
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	pick64 := func(v, def int64) int64 {
		if v > 0 {
			return v
		}
		return def
	}
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	return Limits{
		MaxUpload: pick64(l.MaxUpload, d.MaxUpload), MaxUncompressed: pick64(l.MaxUncompressed, d.MaxUncompressed),
		MaxEntry: pick64(l.MaxEntry, d.MaxEntry), MaxEntries: pick(l.MaxEntries, d.MaxEntries),
		MaxRatio: pick64(l.MaxRatio, d.MaxRatio), MaxDepth: pick(l.MaxDepth, d.MaxDepth),
		MaxRows: pick(l.MaxRows, d.MaxRows), MaxColumns: pick(l.MaxColumns, d.MaxColumns),
		MaxCells: pick(l.MaxCells, d.MaxCells), MaxCellText: pick(l.MaxCellText, d.MaxCellText),
		MaxText: pick(l.MaxText, d.MaxText),
	}
}

// textLimits are the expanded-text budget of officein.
func (l Limits) textLimits() officein.Limits {
	return officein.Limits{MaxCell: l.MaxCellText, MaxTotal: l.MaxText}
}
