package domain

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ParseDeadlineText reads column 3 of a plan as institutions write it in
// their Word and Excel files, where the plan year is known from the title:
// everything ParseDeadline reads, and also
//
//	«до 01.06.2027», «не позднее 1 июня 2027 г.»  a date with a preposition
//	«1 июня 2027 г.», «1 июня»                     a date in words (the plan year when omitted)
//	«декабрь», «IV квартал»                       a month or quarter of the plan year
//	«в течение года», «в течение 2026 года»,
//	«до конца года», «2026 год»                   the end of the year (31 December)
//	«I полугодие 2026 г.»                         the end of the half-year
//	«ежеквартально», «ежемесячно»                 an ongoing item recurring quarterly or monthly
//	«по мере необходимости»                       ongoing
//
// planYear is the plan's year; 0 means unknown, and a deadline that needs it
// («декабрь») is then refused. The recurrence is RecurNone except for
// «ежеквартально» and «ежемесячно». Errors are those of ParseDeadline.
func ParseDeadlineText(s string, planYear int) (Deadline, Recurrence, error) {
	in := foldDeadlineText(s)
	bad := FieldError("deadline", "deadline.invalid")
	if in == "" {
		return Deadline{}, Recurrence{}, nil
	}
	switch in {
	case "ежеквартально", "ежеквартально в течение года":
		return Ongoing, Recurrence{Kind: RecurQuarterly}, nil
	case "ежемесячно", "ежемесячно в течение года":
		return Ongoing, Recurrence{Kind: RecurMonthly}, nil
	case "по мере необходимости", "по мере поступления", "систематически", "регулярно":
		return Ongoing, Recurrence{}, nil
	case "в течение года", "до конца года", "в течение всего года", "в течение отчетного года", "в течение календарного года":
		if !plausibleYear(planYear) {
			return Deadline{}, Recurrence{}, bad
		}
		return yearEnd(planYear), Recurrence{}, nil
	}
	in = stripDeadlineWords(in)
	if m := reWithinYear.FindStringSubmatch(in); m != nil {
		if m[2] != "" {
			return yearDeadline(m[2], bad)
		}
		return yearDeadline(m[1], bad)
	}
	if d, err := ParseDeadline(in); err == nil {
		return d, Recurrence{}, nil
	}
	if m := reDayMonth.FindStringSubmatch(in); m != nil && monthNames[m[2]] != 0 {
		mo := monthNames[m[2]]
		y := planYear
		if m[3] != "" {
			y, _ = strconv.Atoi(m[3])
		}
		d, err := dateFromParts(strconv.Itoa(y), strconv.Itoa(int(mo)), m[1], bad)
		return d, Recurrence{}, err
	}
	if mo, ok := monthNames[in]; ok && len([]rune(in)) > 3 && plausibleYear(planYear) {
		return MonthDeadline(planYear, mo), Recurrence{}, nil
	}
	if m := reQuarterNoYear.FindStringSubmatch(in); m != nil && plausibleYear(planYear) {
		d, err := quarterFromParts(strconv.Itoa(planYear), m[1], bad)
		return d, Recurrence{}, err
	}
	if m := reHalfYear.FindStringSubmatch(in); m != nil {
		y := planYear
		if m[2] != "" {
			y, _ = strconv.Atoi(m[2])
		}
		if !plausibleYear(y) {
			return Deadline{}, Recurrence{}, bad
		}
		if h := romanQuarter[m[1]]; h == 1 {
			return DateDeadline(NewDate(y, time.June, 30)), Recurrence{}, nil
		} else if h == 2 {
			return yearEnd(y), Recurrence{}, nil
		}
	}
	return Deadline{}, Recurrence{}, bad
}

var (
	// reDeadlineLead strips the prepositions people put before a deadline.
	reDeadlineLead = regexp.MustCompile(`^(?:в срок до|срок до|не позднее|не позже|до|по|к|в)\s+`)
	// reWithinYear: «в течение 2026 года», «2026 год», «2026», «2026-2027 гг.», «до конца 2026 года».
	reWithinYear    = regexp.MustCompile(`^(?:в течение\s+|до конца\s+|конца\s+)?(\d{4})(?:\s*[-–—]\s*(\d{4}))?(?:\s*(?:год|годы|годов|гг\.?))?$`)
	reDayMonth      = regexp.MustCompile(`^(\d{1,2})\s+(\p{L}+)(?:\s+(\d{4}))?$`)
	reQuarterNoYear = regexp.MustCompile(`^(i{1,3}|iv|[1-4])\s*(?:-?й\s*)?(?:квартал|кв\.?)$`)
	reHalfYear      = regexp.MustCompile(`^(i|ii|1|2)\s*(?:-?е\s*)?полугодие(?:\s+(\d{4}))?$`)
	reDeadlineTail  = regexp.MustCompile(`\s+(?:г\.?|года|гг\.?|включительно)$|(\d)г\.?$`)
)

// foldDeadlineText lowers the case, folds ё, collapses spaces and strips
// quotes and trailing punctuation.
func foldDeadlineText(s string) string {
	in := strings.NewReplacer("ё", "е", "«", "", "»", "", "\"", "", "\u00a0", " ").Replace(strings.ToLower(s))
	in = strings.Join(strings.Fields(in), " ")
	return strings.TrimSpace(strings.TrimRight(in, ".,; "))
}

// stripDeadlineWords removes a leading preposition («до», «не позднее»)
// and a trailing «г.», «года» or «включительно», and turns «в декабре» and
// «в IV квартале» into the nominative, so that the patterns see only the
// deadline itself.
func stripDeadlineWords(in string) string {
	if m := reDeadlineLead.FindString(in); m != "" && !strings.HasPrefix(in, "в течение") {
		in = in[len(m):]
	}
	for i := 0; i < 3; i++ { // «01.06.2027 г. включительно»
		next := strings.TrimRight(reDeadlineTail.ReplaceAllString(in, "$1"), ".,; ")
		if next == in || next == "" {
			break
		}
		in = next
	}
	words := strings.Fields(in)
	for i, w := range words {
		if n, ok := prepositionalMonths[w]; ok {
			words[i] = n
		} else if w == "квартале" {
			words[i] = "квартал"
		} else if w == "полугодии" {
			words[i] = "полугодие"
		}
	}
	in = strings.Join(words, " ")
	// «01.06. 2027» and «01. 06. 2027»: spaces inside a numeric date.
	return reSpacedDate.ReplaceAllString(in, "$1.$2.$3")
}

// prepositionalMonths map «в декабре» to «декабрь».
var prepositionalMonths = map[string]string{
	"январе": "январь", "феврале": "февраль", "марте": "март", "апреле": "апрель", "мае": "май", "июне": "июнь",
	"июле": "июль", "августе": "август", "сентябре": "сентябрь", "октябре": "октябрь", "ноябре": "ноябрь", "декабре": "декабрь",
}

var reSpacedDate = regexp.MustCompile(`^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$`)

// yearEnd is the deadline «в течение года»: 31 December of the year.
func yearEnd(y int) Deadline { return DateDeadline(NewDate(y, time.December, 31)) }

// yearDeadline is 31 December of the (last) year of «2026» or «2026-2027 гг.».
func yearDeadline(ys string, bad error) (Deadline, Recurrence, error) {
	y, _ := strconv.Atoi(ys)
	if !plausibleYear(y) {
		return Deadline{}, Recurrence{}, bad
	}
	return yearEnd(y), Recurrence{}, nil
}
