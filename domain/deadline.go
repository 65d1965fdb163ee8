package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DeadlineKind says how a planned deadline was given in the plan (column 3 of the form).
type DeadlineKind string

// Deadline kinds. A quarter or a month means its last day.
const (
	DeadlineNone    DeadlineKind = ""
	DeadlineDate    DeadlineKind = "date"
	DeadlineMonth   DeadlineKind = "month"
	DeadlineQuarter DeadlineKind = "quarter"
	DeadlineOngoing DeadlineKind = "ongoing" // «постоянно»
)

// Deadline is a planned deadline: a date, a month or quarter (due on its last
// day), «постоянно» (ongoing, never overdue as a whole), or none.
type Deadline struct {
	Kind DeadlineKind
	Due  Date // the day the item falls due; zero for ongoing and none
}

// DateDeadline returns a deadline on a given day.
func DateDeadline(d Date) Deadline { return Deadline{Kind: DeadlineDate, Due: d} }

// QuarterDeadline returns the deadline "quarter q of year y", due on the quarter's last day.
func QuarterDeadline(y, q int) Deadline {
	return Deadline{Kind: DeadlineQuarter, Due: NewDate(y, time.Month(3*q+1), 0)}
}

// MonthDeadline returns the deadline "month m of year y", due on the month's last day.
func MonthDeadline(y int, m time.Month) Deadline {
	return Deadline{Kind: DeadlineMonth, Due: NewDate(y, m+1, 0)}
}

// Ongoing is the «постоянно» deadline.
var Ongoing = Deadline{Kind: DeadlineOngoing}

// HasDue reports whether the deadline falls on a day (date, month or quarter).
func (d Deadline) HasDue() bool { return !d.Due.IsZero() }

// Quarter returns the quarter (1–4) of the due date.
func (d Deadline) Quarter() int { return (int(d.Due.Month)-1)/3 + 1 }

// Spec returns the canonical text form accepted back by ParseDeadline:
// "2026-12-31", "2026-12", "2026-Q4", "ongoing" or "".
func (d Deadline) Spec() string {
	switch d.Kind {
	case DeadlineDate:
		return d.Due.String()
	case DeadlineMonth:
		return fmt.Sprintf("%04d-%02d", d.Due.Year, d.Due.Month)
	case DeadlineQuarter:
		return fmt.Sprintf("%04d-Q%d", d.Due.Year, d.Quarter())
	case DeadlineOngoing:
		return "ongoing"
	}
	return ""
}

var (
	reISODate   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	reRuDate    = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`)
	reISOMonth  = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)
	reISOQuart  = regexp.MustCompile(`^(\d{4})-?q([1-4])$`)
	reQuarter   = regexp.MustCompile(`^(i{1,3}|iv|[1-4])\s*(?:-?й\s*)?(?:квартал|кв\.?|quarter)\s*(\d{4})$`)
	reQFirst    = regexp.MustCompile(`^q([1-4])\s*(\d{4})$`)
	reMonthYear = regexp.MustCompile(`^(\p{L}+)\s+(\d{4})$`)
	reYearSufx  = regexp.MustCompile(`\s*(г\.?|года?)$`)
)

var romanQuarter = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

var monthNames = buildMonthNames()

func buildMonthNames() map[string]time.Month {
	out := map[string]time.Month{}
	names := [][]string{
		{"январь", "января", "january", "jan"}, {"февраль", "февраля", "february", "feb"},
		{"март", "марта", "march", "mar"}, {"апрель", "апреля", "april", "apr"},
		{"май", "мая", "may"}, {"июнь", "июня", "june", "jun"}, {"июль", "июля", "july", "jul"},
		{"август", "августа", "august", "aug"}, {"сентябрь", "сентября", "september", "sep"},
		{"октябрь", "октября", "october", "oct"}, {"ноябрь", "ноября", "november", "nov"},
		{"декабрь", "декабря", "december", "dec"},
	}
	for i, list := range names {
		for _, n := range list {
			out[n] = time.Month(i + 1)
		}
	}
	return out
}

// ParseDeadline reads a planned deadline as people write it in plans:
// "31.12.2026", "2026-12-31", "IV квартал 2026", "4 кв. 2026 г.", "Q4 2026",
// "декабрь 2026", "постоянно", or empty for none. It returns an EInvalid
// error with the message key "deadline.invalid" for anything else.
func ParseDeadline(s string) (Deadline, error) {
	in := strings.ToLower(strings.Join(strings.Fields(s), " "))
	in = reYearSufx.ReplaceAllString(in, "")
	in = strings.TrimSpace(in)
	switch in {
	case "":
		return Deadline{}, nil
	case "постоянно", "ongoing", "permanent", "continuous", "в течение года", "ежегодно":
		return Ongoing, nil
	}
	bad := FieldError("deadline", "deadline.invalid")
	if m := reISODate.FindStringSubmatch(in); m != nil {
		return dateFromParts(m[1], m[2], m[3], bad)
	}
	if m := reRuDate.FindStringSubmatch(in); m != nil {
		return dateFromParts(m[3], m[2], m[1], bad)
	}
	if m := reISOQuart.FindStringSubmatch(in); m != nil {
		return quarterFromParts(m[1], m[2], bad)
	}
	if m := reQuarter.FindStringSubmatch(in); m != nil {
		return quarterFromParts(m[2], m[1], bad)
	}
	if m := reQFirst.FindStringSubmatch(in); m != nil {
		return quarterFromParts(m[2], m[1], bad)
	}
	if m := reISOMonth.FindStringSubmatch(in); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 || !plausibleYear(y) {
			return Deadline{}, bad
		}
		return MonthDeadline(y, time.Month(mo)), nil
	}
	if m := reMonthYear.FindStringSubmatch(in); m != nil {
		mo, ok := monthNames[m[1]]
		y, _ := strconv.Atoi(m[2])
		if !ok || !plausibleYear(y) {
			return Deadline{}, bad
		}
		return MonthDeadline(y, mo), nil
	}
	return Deadline{}, bad
}

func dateFromParts(ys, ms, ds string, bad error) (Deadline, error) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	date := NewDate(y, time.Month(m), d)
	if !plausibleYear(y) || date.Year != y || int(date.Month) != m || date.Day != d {
		return Deadline{}, bad // 31.02 and friends are refused, not normalised
	}
	return DateDeadline(date), nil
}

func quarterFromParts(ys, qs string, bad error) (Deadline, error) {
	y, _ := strconv.Atoi(ys)
	q := romanQuarter[qs]
	if q == 0 || !plausibleYear(y) {
		return Deadline{}, bad
	}
	return QuarterDeadline(y, q), nil
}

func plausibleYear(y int) bool { return y >= 2000 && y <= 2100 }

// TemplateDeadline resolves a template's deadline for a plan year: "Q1"–"Q4"
// mean that quarter of the year, "M01"–"M12" that month, "--06-30" that day
// (ISO 8601's day without a year), "ongoing" is «постоянно», anything else
// is read by ParseDeadline.
func TemplateDeadline(spec string, year int) (Deadline, error) {
	s := strings.ToUpper(strings.TrimSpace(spec))
	if len(s) == 2 && s[0] == 'Q' && s[1] >= '1' && s[1] <= '4' {
		return QuarterDeadline(year, int(s[1]-'0')), nil
	}
	if m := reTemplateMonth.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		if mo >= 1 && mo <= 12 {
			return MonthDeadline(year, time.Month(mo)), nil
		}
	}
	if m := reTemplateDay.FindStringSubmatch(s); m != nil {
		return dateFromParts(strconv.Itoa(year), m[1], m[2], FieldError("deadline", "deadline.invalid"))
	}
	return ParseDeadline(spec)
}

var (
	reTemplateMonth = regexp.MustCompile(`^M(\d{2})$`)
	reTemplateDay   = regexp.MustCompile(`^--(\d{2})-(\d{2})$`)
)

// TemplateSpec is the deadline as a template keeps it, relative to the plan
// year (the inverse of TemplateDeadline): "Q4", "M06", "--06-30", "ongoing"
// or "". sameYear is false when the deadline falls in another year than
// planYear, which the relative form cannot say.
func (d Deadline) TemplateSpec(planYear int) (spec string, sameYear bool) {
	sameYear = !d.HasDue() || d.Due.Year == planYear
	switch d.Kind {
	case DeadlineQuarter:
		return fmt.Sprintf("Q%d", d.Quarter()), sameYear
	case DeadlineMonth:
		return fmt.Sprintf("M%02d", d.Due.Month), sameYear
	case DeadlineDate:
		return fmt.Sprintf("--%02d-%02d", d.Due.Month, d.Due.Day), sameYear
	case DeadlineOngoing:
		return "ongoing", true
	}
	return "", true
}
