package public

import (
	"strings"
	"testing"

	"planboard/app/export"
)

// Fuzz target for the parser of the public report's address (an
// unexported helper, hence package public); `make fuzz` runs it with -fuzz.

// FuzzReportFile: /p/{slug}/{file} reads only plausible years and known
// exports, and the address it builds reads back.
func FuzzReportFile(f *testing.F) {
	for _, s := range []string{"2026", "2026.xlsx", "2026.pdf", "2026.csv", "2026.json", "2026.html", "1999", "2101", "+2026", "2026.", "2026.csv.csv", "0x7ea", "２０２６", "-2026", "2026 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		year, ext, ok := parseReportFile(file)
		if !ok {
			return
		}
		if _, known := export.Formats[ext]; year < 2000 || year > 2100 || !known {
			t.Fatalf("%q: year %d, ext %q accepted", file, year, ext)
		}
		canon := publicPath("s", year)
		if ext != "" {
			canon += "." + ext
		}
		y2, e2, ok2 := parseReportFile(strings.TrimPrefix(canon, "/p/s/"))
		if !ok2 || y2 != year || e2 != ext {
			t.Fatalf("%q: canonical %q reads back as %d %q %v", file, canon, y2, e2, ok2)
		}
	})
}
