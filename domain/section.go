package domain

// Section groups plan items by the five НОК criteria (Приказ Минкультуры № 599),
// plus "org" for organisational items such as the staff meeting.
type Section string

// The sections in the order of the official form: organisational first, then I–V.
const (
	SectionOrg Section = "org"
	Section1   Section = "1" // Открытость и доступность информации
	Section2   Section = "2" // Комфортность условий
	Section3   Section = "3" // Доступность услуг для инвалидов
	Section4   Section = "4" // Доброжелательность, вежливость работников
	Section5   Section = "5" // Удовлетворенность условиями
)

// Sections lists every section in report order.
var Sections = []Section{SectionOrg, Section1, Section2, Section3, Section4, Section5}

// Valid reports whether s is a known section.
func (s Section) Valid() bool {
	for _, v := range Sections {
		if v == s {
			return true
		}
	}
	return false
}

// Roman returns the section's Roman numeral as printed in the form ("" for org).
func (s Section) Roman() string {
	return map[Section]string{Section1: "I", Section2: "II", Section3: "III", Section4: "IV", Section5: "V"}[s]
}

// Order returns the section's position in report order.
func (s Section) Order() int {
	for i, v := range Sections {
		if v == s {
			return i
		}
	}
	return len(Sections)
}

// Indicators are the НОК indicators by section (Приказ Минкультуры № 599).
var Indicators = map[Section][]string{
	Section1: {"1.1", "1.2", "1.3"},
	Section2: {"2.1", "2.3"},
	Section3: {"3.1", "3.2", "3.3"},
	Section4: {"4.1", "4.2", "4.3"},
	Section5: {"5.1", "5.2", "5.3"},
}

// IndicatorSection returns the section an indicator belongs to and whether it exists.
func IndicatorSection(ind string) (Section, bool) {
	for s, list := range Indicators {
		for _, v := range list {
			if v == ind {
				return s, true
			}
		}
	}
	return "", false
}
