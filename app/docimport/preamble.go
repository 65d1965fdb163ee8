package docimport

import (
	"regexp"
	"strconv"
	"strings"

	"planboard/domain"
)

var (
	reApprove     = regexp.MustCompile(`^(?:«|")?утверждаю`)
	reTitleStart  = regexp.MustCompile(`^план(?:\s|$)`)
	reTitleYear   = regexp.MustCompile(`на\s+(\d{4})(?:\s*[-–—]\s*(\d{4}))?\s*(?:год|годы|гг|г\.)`)
	reTitleInst   = regexp.MustCompile(`(?i)услуг,?\s+(.+?),?\s+на\s+\d{4}(?:\s*[-–—]\s*\d{4})?\s*(?:год|годы|гг|г\.)`)
	reNumericDate = regexp.MustCompile(`(\d{1,2})\.(\d{1,2})\.(\d{4})`)
	reWordDate    = regexp.MustCompile(`(?i)(\d{1,2})\s*[»"]?\s+([а-яё]+)\s+(\d{4})`)
	reBlankDate   = regexp.MustCompile(`_{2,}.*20_*|«\s*_+\s*»`)
)

// preamble is what the text above the plan table says.
type preamble struct {
	approval    *Approval
	title       string
	institution string
	year        int
}

// readPreamble finds the «УТВЕРЖДАЮ» block and the title in the lines
// above the plan table.
func readPreamble(lines []string) preamble {
	var p preamble
	titleAt := -1
	for i, l := range lines {
		f := foldHeader(l)
		if p.approval == nil && reApprove.MatchString(f) {
			p.approval = readApproval(lines[i:])
			continue
		}
		if titleAt < 0 && reTitleStart.MatchString(f) {
			titleAt = i
		}
	}
	if titleAt >= 0 {
		var parts []string
		for _, l := range lines[titleAt:min(len(lines), titleAt+6)] {
			if len(parts) > 0 && reApprove.MatchString(foldHeader(l)) {
				break
			}
			parts = append(parts, strings.TrimSpace(l))
			if reTitleYear.MatchString(foldHeader(l)) {
				break
			}
		}
		p.title = strings.Join(parts, " ")
	}
	folded := foldHeader(p.title)
	if m := reTitleYear.FindStringSubmatch(folded); m != nil {
		p.year, _ = strconv.Atoi(m[1])
	}
	if m := reTitleInst.FindStringSubmatch(p.title); m != nil {
		p.institution = strings.Trim(strings.TrimSpace(m[1]), ",")
		if strings.Trim(p.institution, "_ ") == "" { // the blank of an unfilled form
			p.institution = ""
		}
	}
	return p
}

// readApproval reads the block from the «УТВЕРЖДАЮ» line down to the
// title or a blank: position lines, the line with the name (after the
// signature blank), the date line.
func readApproval(lines []string) *Approval {
	a := &Approval{}
	first := strings.TrimSpace(lines[0])
	block := []string{first}
	var position []string
	if rest := strings.TrimSpace(reApproveLead.ReplaceAllString(first, "")); rest != "" { // «УТВЕРЖДАЮ: Директор …»
		position = append(position, rest)
	}
	for _, l := range lines[1:min(len(lines), 9)] {
		t := strings.TrimSpace(l)
		f := foldHeader(t)
		if t == "" || reTitleStart.MatchString(f) {
			break
		}
		block = append(block, t)
		clean := strings.TrimSpace(strings.Trim(strings.ReplaceAll(t, "_", " "), " /"))
		switch {
		case a.DateText == "" && (reNumericDate.MatchString(t) || reWordDate.MatchString(t)):
			a.DateText, a.Date = readDate(t)
		case reBlankDate.MatchString(t), clean == "", strings.HasPrefix(f, "м.п"), strings.HasPrefix(f, "(подпись"):
			// the date or signature left blank for the pen
		case a.Name != "":
		case nameAt(clean) != nil:
			loc := nameAt(clean)
			a.Name = tidyName(strings.ReplaceAll(clean[loc[0]:loc[1]], ".", ". "))
			if rest := trimPosition(clean[:loc[0]] + " " + clean[loc[1]:]); rest != "" {
				position = append(position, rest)
			}
		case strings.Contains(t, "___"): // «__________ Петрова» with no initials
			a.Name = clean
		default:
			position = append(position, clean)
		}
	}
	a.Position = strings.Join(position, " ")
	a.Text = strings.Join(block, "\n")
	return a
}

// ParseApproval reads an «УТВЕРЖДАЮ» block kept as text (Approval.Text):
// the position, name and date; nil when text is not such a block.
func ParseApproval(text string) *Approval {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if !reApprove.MatchString(foldHeader(lines[0])) {
		return nil
	}
	return readApproval(lines)
}

var reApproveLead = regexp.MustCompile(`(?i)^[«"]?\s*утверждаю\s*[:»"]?\s*`)

// readDate reads «15.01.2026» or «« 15 » января 2026 г.» in a line.
func readDate(line string) (string, domain.Date) {
	text := ""
	if m := reNumericDate.FindString(line); m != "" {
		text = m
	} else if m := reWordDate.FindString(line); m != "" {
		text = m
	}
	d, _, err := domain.ParseDeadlineText(text, 0)
	if err != nil || d.Kind != domain.DeadlineDate {
		return strings.TrimSpace(line), domain.Date{}
	}
	return strings.TrimSpace(line), d.Due
}
