package docimport

import (
	"regexp"
	"strings"
)

// bulletMarks open a bullet as typed by hand or pasted from Word: the
// middle dot of the seed plan, Word's Symbol-font bullet (U+F0B7), dashes.
var bulletMarks = []string{"·", "•", "◦", "▪", "●", "■", "□", "\uf0b7", "\uf0a7", "-", "–", "—", "*", "✓", "o "}

var reListNumber = regexp.MustCompile(`^(?:\d{1,2}|[а-я])\)\s+`)

// cutBullet strips a bullet or a list number («1)», «а)») from a line.
func cutBullet(s string) (string, bool) {
	t := strings.TrimSpace(s)
	for _, b := range bulletMarks {
		if strings.HasPrefix(t, b) && len(t) > len(b) {
			return strings.TrimSpace(t[len(b):]), true
		}
	}
	if m := reListNumber.FindString(t); m != "" {
		return strings.TrimSpace(t[len(m):]), true
	}
	return t, false
}

// reInlineBullets are bullets run into one paragraph: «необходимо: -
// увеличить фонд…; - расширить…».
var reInlineBullets = regexp.MustCompile(`(?:^|[:;]\s*)[-–—•·]\s+`)

// splitMeasure turns the paragraphs of column 2 into the measure and its
// checklist points. Text before the bullets is the measure; bullets (list
// paragraphs or lines opened by a bullet mark) are points; text after the
// bullets continues the measure, as in the seed plan («…ресурсах: · на
// стендах; · на сайте, перечню информации…»). Without bullets, the first
// paragraph is the measure and each further paragraph a point.
func splitMeasure(paras []para) (measure string, points []string) {
	type line struct {
		text   string
		bullet bool
	}
	var lines []line
	for _, p := range paras {
		text, bullet := cutBullet(p.text)
		if text == "" {
			continue
		}
		lines = append(lines, line{text, bullet || p.list})
	}
	if len(lines) == 1 {
		return splitInline(lines[0].text)
	}
	anyBullet := false
	for _, l := range lines {
		anyBullet = anyBullet || l.bullet
	}
	var head []string
	for i, l := range lines {
		switch {
		case anyBullet && l.bullet:
			points = append(points, cleanPoint(l.text))
		case anyBullet || i == 0:
			head = append(head, l.text)
		default:
			points = append(points, cleanPoint(l.text))
		}
	}
	if len(head) == 0 && len(points) > 0 { // only bullets: the first one names the measure
		head, points = points[:1], points[1:]
	}
	return strings.Join(head, "\n"), points
}

// splitInline splits one paragraph with bullets run into it, when there
// are at least two of them after a lead text.
func splitInline(text string) (string, []string) {
	locs := reInlineBullets.FindAllStringIndex(text, -1)
	if len(locs) < 2 || locs[0][0] == 0 {
		return text, nil
	}
	lead := strings.TrimSpace(text[:locs[0][0]+1]) // keep the colon
	var points []string
	for i, l := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if p := cleanPoint(text[l[1]:end]); p != "" {
			points = append(points, p)
		}
	}
	return lead, points
}

// cleanPoint trims a point and the «;» or «,» that joined it to the next.
func cleanPoint(s string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ";,"))
}
