package export

import (
	"strings"
	"time"
	"unicode/utf8"

	"planboard/domain"
)

// Event is one all-day event of a calendar feed.
type Event struct {
	UID         string
	Day         domain.Date
	Summary     string
	Description string
	URL         string
	Modified    time.Time
}

// ICS writes an RFC 5545 calendar: CRLF line ends, lines folded at 75
// octets (never inside a UTF-8 character), text escaped, DTSTAMP and UID on
// every event, all-day DTSTART;VALUE=DATE with the next day as DTEND.
func ICS(name string, now time.Time, events []Event) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICS(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Planboard//Deadlines//RU")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeICS(name))
	stamp := now.UTC().Format("20060102T150405Z")
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + e.UID)
		line("DTSTAMP:" + stamp)
		if !e.Modified.IsZero() {
			line("LAST-MODIFIED:" + e.Modified.UTC().Format("20060102T150405Z"))
		}
		line("DTSTART;VALUE=DATE:" + icsDate(e.Day))
		line("DTEND;VALUE=DATE:" + icsDate(e.Day.AddDays(1)))
		line("SUMMARY:" + escapeICS(e.Summary))
		line("DESCRIPTION:" + escapeICS(e.Description))
		if strings.HasPrefix(e.URL, "http") {
			line("URL:" + e.URL)
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

func icsDate(d domain.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// escapeICS escapes TEXT values: backslash, semicolon, comma and newlines.
func escapeICS(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// foldICS ends a content line with CRLF, folding it so that no physical line
// exceeds 75 octets; continuation lines start with one space.
func foldICS(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
