package docimport

import (
	"regexp"
	"strings"

	"planboard/domain"
)

// criterionStems are how the section rows of real plans begin once their
// number is stripped: the criterion's name (Приказ Минкультуры № 599), as
// written or shortened, and the organisational part.
var criterionStems = []struct {
	stem    string
	section domain.Section
}{
	{"организационн", domain.SectionOrg},
	{"открытость", domain.Section1},
	{"доступность и открытость", domain.Section1},
	{"доступность информации", domain.Section1},
	{"информационная открытость", domain.Section1},
	{"комфортность", domain.Section2},
	{"комфортные условия", domain.Section2},
	{"доступность услуг для инвалидов", domain.Section3},
	{"доступность для инвалидов", domain.Section3},
	{"доступность услуг для лиц с", domain.Section3},
	{"доброжелательность", domain.Section4},
	{"вежливость", domain.Section4},
	{"удовлетворенность", domain.Section5},
}

// criterionWords find the criterion anywhere in a section row that spans
// the table («Критерий „Комфортность…“», «По показателю „Доброжелательность…“»).
var criterionWords = []struct {
	word    string
	section domain.Section
}{
	{"организацион", domain.SectionOrg},
	{"инвалид", domain.Section3},
	{"открытост", domain.Section1},
	{"комфортност", domain.Section2},
	{"доброжелательност", domain.Section4},
	{"вежливост", domain.Section4},
	{"удовлетворенност", domain.Section5},
}

var (
	// reSectionNumber is the number in front of a section title: «I.», «IV»,
	// «Раздел 1.», «Раздел II:», «1.».
	reSectionNumber = regexp.MustCompile(`^(раздел\s+|критерий\s+)?(i{1,3}|iv|v|\d{1,2})(?:[.):]|\s|$)\s*[.:\-–—]?\s*`)
	romanSections   = map[string]domain.Section{"i": domain.Section1, "ii": domain.Section2, "iii": domain.Section3, "iv": domain.Section4, "v": domain.Section5}
	arabicSections  = map[string]domain.Section{"1": domain.Section1, "2": domain.Section2, "3": domain.Section3, "4": domain.Section4, "5": domain.Section5}
)

// sectionOf reads a section row. spanning says the text filled a cell
// merged across the table, which makes the row a section row whatever it
// says; otherwise only a criterion's name (with or without its number)
// makes it one. known reports whether the section itself was recognised.
func sectionOf(text string, spanning bool) (s domain.Section, isSection, known bool) {
	t := strings.Trim(foldHeader(text), " «»\"'")
	num, rest, word := "", t, ""
	if m := reSectionNumber.FindStringSubmatch(t); m != nil {
		num, word, rest = m[2], strings.TrimSpace(m[1]), strings.Trim(t[len(m[0]):], " «»\"'")
	}
	for _, c := range criterionStems {
		if strings.HasPrefix(rest, c.stem) {
			return c.section, true, true
		}
	}
	if spanning {
		for _, c := range criterionWords {
			if strings.Contains(rest, c.word) {
				return c.section, true, true
			}
		}
	}
	byNumber, ok := romanSections[num]
	if !ok && word != "" {
		byNumber, ok = arabicSections[num]
	}
	if ok && (spanning || word != "" || rest == "") {
		return byNumber, true, true
	}
	return "", spanning, false
}

// reRomanItem is an item number carrying its section: «I.1», «IV.2.».
var reRomanItem = regexp.MustCompile(`^(i{1,3}|iv|v)\.\d`)

// sectionOfNumber reads the section from an item number such as «II.3».
func sectionOfNumber(num string) (domain.Section, bool) {
	m := reRomanItem.FindStringSubmatch(strings.ToLower(strings.TrimSpace(num)))
	if m == nil {
		return "", false
	}
	return romanSections[m[1]], true
}
