package domain

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DayKind is what a day is in the production calendar.
type DayKind string

// Day kinds. A shortened day is a working day one hour shorter (the day
// before a holiday, ст. 95 ТК РФ): for mail it is a working day.
const (
	DayWorking    DayKind = "working"
	DayNonWorking DayKind = "non_working"
	DayShortened  DayKind = "shortened"
)

// AuditCalendarChanged is the audit action of every change the admin makes
// to the calendar: a day, a year's decree, a regional holiday, a region.
const AuditCalendarChanged = "calendar_changed"

// DayKinds lists the kinds an admin may give a day.
var DayKinds = []DayKind{DayNonWorking, DayWorking, DayShortened}

// ParseDayKind reads a kind by its code.
func ParseDayKind(s string) (DayKind, bool) {
	for _, k := range DayKinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// Working reports whether a day of this kind is a working day.
func (k DayKind) Working() bool { return k == DayWorking || k == DayShortened }

// CalendarDay is one day of the calendar with its kind and why (a
// holiday's name, the decree's transfer, an admin's note).
type CalendarDay struct {
	Date Date
	Kind DayKind
	Note string
}

// CalendarYear marks a year whose days are as published (by a decree):
// no day of it is moved by the Labour Code's rule any more.
type CalendarYear struct {
	Year   int
	Source string // the decree, e.g. "Постановление Правительства РФ от 24.09.2025 № 1466"
}

// RegionalHoliday is a non-working day a region of Russia adds for its
// institutions (e.g. Сабантуй in Tatarstan). It is taken as given: it does
// not move when it falls on a weekend.
type RegionalHoliday struct {
	Region string // region code, see NormalizeRegion
	Date   Date
	Name   string
}

// CalendarLayers are the admin's additions to the shipped calendar and the
// federal calendar they make.
type CalendarLayers struct {
	Federal  *Calendar // shipped data with the admin's years and days
	Years    []CalendarYear
	Days     []CalendarDay
	Holidays []RegionalHoliday // every region's
}

// Calendar is a production calendar: the federal data shipped with the
// binary, with the admin's corrections and a region's holidays layered on
// top. A Calendar is immutable and safe for concurrent use; With and
// WithHolidays return new ones.
type Calendar struct {
	days  map[Date]CalendarDay // explicit days, later layers win
	years map[int]string       // published years and their source
}

//go:embed workcal_ru.txt
var russianCalendarData string

var russianCalendar = sync.OnceValue(func() *Calendar {
	years, days, err := ParseCalendarLines(russianCalendarData)
	if err != nil {
		panic("domain: embedded production calendar: " + err.Error()) // a test parses it too
	}
	return (&Calendar{}).With(years, days)
})

// RussianCalendar returns the federal production calendar of the Russian
// Federation as shipped in workcal_ru.txt: 2025 and 2026 as published by
// the government's decrees, any other year by the Labour Code's rule.
func RussianCalendar() *Calendar { return russianCalendar() }

// With returns a copy of c where years are marked published and days
// override whatever c says of them (admin corrections, a new year's decree).
func (c *Calendar) With(years []CalendarYear, days []CalendarDay) *Calendar {
	n := &Calendar{days: make(map[Date]CalendarDay, len(c.days)+len(days)), years: make(map[int]string, len(c.years)+len(years))}
	for k, v := range c.days {
		n.days[k] = v
	}
	for k, v := range c.years {
		n.years[k] = v
	}
	for _, y := range years {
		n.years[y.Year] = y.Source
	}
	for _, d := range days {
		n.days[d.Date] = d
	}
	return n
}

// WithHolidays returns a copy of c with the holidays of region added as
// non-working days (holidays of other regions are ignored). An empty
// region returns c itself.
func (c *Calendar) WithHolidays(region string, hs []RegionalHoliday) *Calendar {
	if region == "" {
		return c
	}
	var days []CalendarDay
	for _, h := range hs {
		if h.Region == region {
			days = append(days, CalendarDay{Date: h.Date, Kind: DayNonWorking, Note: h.Name})
		}
	}
	if len(days) == 0 {
		return c
	}
	return c.With(nil, days)
}

// Published returns the source of a year's data and whether the year is
// published (false: the Labour Code's rule alone applies to it).
func (c *Calendar) Published(year int) (string, bool) {
	s, ok := c.years[year]
	return s, ok
}

// Day returns what d is: an explicit day of some layer, else the rule.
func (c *Calendar) Day(d Date) CalendarDay {
	if day, ok := c.days[d]; ok {
		return day
	}
	if name, ok := holidayName(d); ok {
		return CalendarDay{Date: d, Kind: DayNonWorking, Note: name}
	}
	_, published := c.years[d.Year]
	if !published {
		if note, ok := labourCodeTransfers(d.Year)[d]; ok {
			return CalendarDay{Date: d, Kind: DayNonWorking, Note: note}
		}
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return CalendarDay{Date: d, Kind: DayNonWorking}
	}
	if !published {
		if _, ok := holidayName(d.AddDays(1)); ok {
			return CalendarDay{Date: d, Kind: DayShortened, Note: "Предпраздничный день"}
		}
	}
	return CalendarDay{Date: d, Kind: DayWorking}
}

// IsWorkingDay reports whether d is a working day (shortened days are).
func (c *Calendar) IsWorkingDay(d Date) bool { return c.Day(d).Kind.Working() }

// IsShortened reports whether d is a working day one hour shorter.
func (c *Calendar) IsShortened(d Date) bool { return c.Day(d).Kind == DayShortened }

// maxScan bounds every day-by-day walk: a calendar whose admin marked
// decades as non-working must not hang the planner.
const maxScan = 20 * 366

// NextWorkingDay returns d itself when it is a working day, else the first
// working day after it: the day a mail held on d goes out.
func (c *Calendar) NextWorkingDay(d Date) Date {
	for i := 0; i < maxScan && !c.IsWorkingDay(d); i++ {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkingDays returns the n-th working day after d (n > 0), the |n|-th
// working day before d (n < 0), or d itself (n = 0). "Three working days
// overdue" for an item due on d is AddWorkingDays(d, 3).
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for i := 0; n > 0 && i < maxScan; i++ {
		d = d.AddDays(step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween returns the number of working days after a up to and
// including b, negative when b is before a: WorkingDaysBetween(a,
// AddWorkingDays(a, n)) is n.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// NonWorkingDays lists the non-working days from from to to, inclusive.
func (c *Calendar) NonWorkingDays(from, to Date) []Date {
	var out []Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		if !c.IsWorkingDay(d) {
			out = append(out, d)
		}
	}
	return out
}

// Special lists the days of year that are not a plain week's: non-working
// weekdays, working weekend days, shortened days, holidays, and every
// explicit day of a layer. It is what a year's calendar page shows.
func (c *Calendar) Special(year int) []CalendarDay {
	var out []CalendarDay
	for d := NewDate(year, 1, 1); d.Year == year; d = d.AddDays(1) {
		day := c.Day(d)
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		_, explicit := c.days[d]
		if explicit || day.Note != "" || day.Kind == DayShortened || weekend == day.Kind.Working() {
			out = append(out, day)
		}
	}
	return out
}

// labourHolidays are the non-working holidays of ст. 112 ТК РФ.
var labourHolidays = map[[2]int]string{
	{1, 1}: "Новогодние каникулы", {1, 2}: "Новогодние каникулы", {1, 3}: "Новогодние каникулы",
	{1, 4}: "Новогодние каникулы", {1, 5}: "Новогодние каникулы", {1, 6}: "Новогодние каникулы",
	{1, 7}: "Рождество Христово", {1, 8}: "Новогодние каникулы",
	{2, 23}: "День защитника Отечества", {3, 8}: "Международный женский день", {5, 1}: "Праздник Весны и Труда",
	{5, 9}: "День Победы", {6, 12}: "День России", {11, 4}: "День народного единства",
}

func holidayName(d Date) (string, bool) {
	n, ok := labourHolidays[[2]int{int(d.Month), d.Day}]
	return n, ok
}

var transferCache sync.Map // year → map[Date]string

// labourCodeTransfers are the days off a year gets by ст. 112 ТК РФ alone:
// a holiday on a Saturday or Sunday, except the January ones, moves its day
// off to the next working day after it.
func labourCodeTransfers(year int) map[Date]string {
	if m, ok := transferCache.Load(year); ok {
		return m.(map[Date]string)
	}
	out := map[Date]string{}
	var hs []Date
	for md := range labourHolidays {
		if md[0] != 1 {
			hs = append(hs, NewDate(year, time.Month(md[0]), md[1]))
		}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].Before(hs[j]) })
	for _, h := range hs {
		if wd := h.Weekday(); wd != time.Saturday && wd != time.Sunday {
			continue
		}
		d := h.AddDays(1)
		for {
			_, hol := holidayName(d)
			_, taken := out[d]
			wd := d.Weekday()
			if !hol && !taken && wd != time.Saturday && wd != time.Sunday {
				break
			}
			d = d.AddDays(1)
		}
		out[d] = fmt.Sprintf("Выходной, перенесённый с %02d.%02d (ст. 112 ТК РФ)", h.Day, h.Month)
	}
	transferCache.Store(year, out)
	return out
}

// ParseCalendarDate reads a day as YYYY-MM-DD or DD.MM.YYYY.
func ParseCalendarDate(s string) (Date, bool) {
	dl, err := ParseDeadline(s)
	if err != nil || dl.Kind != DeadlineDate {
		return Date{}, false
	}
	return dl.Due, true
}

// ParseCalendarLines reads calendar data as workcal_ru.txt writes it: a
// line "year YYYY source" marks a year published, a line "DATE kind note"
// is a day (DATE as YYYY-MM-DD or DD.MM.YYYY); blank lines and lines
// starting with # are skipped. An error names the first bad line.
func ParseCalendarLines(text string) ([]CalendarYear, []CalendarDay, error) {
	var years []CalendarYear
	var days []CalendarDay
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if f[0] == "year" {
			y, err := strconv.Atoi(get(f, 1))
			if err != nil || !plausibleYear(y) {
				return nil, nil, fmt.Errorf("line %d: want \"year YYYY source\"", i+1)
			}
			years = append(years, CalendarYear{Year: y, Source: strings.Join(f[2:], " ")})
			continue
		}
		d, ok := ParseCalendarDate(f[0])
		kind, kok := ParseDayKind(get(f, 1))
		if !ok || !kok {
			return nil, nil, fmt.Errorf("line %d: want \"YYYY-MM-DD non_working|working|shortened note\"", i+1)
		}
		days = append(days, CalendarDay{Date: d, Kind: kind, Note: strings.Join(f[2:], " ")})
	}
	return years, days, nil
}

func get(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}

var regionRe = regexp.MustCompile(`^[0-9A-Z][0-9A-Z-]{0,15}$`)

// NormalizeRegion checks a region code: the two-digit code of a subject of
// the Russian Federation ("42" for Кузбасс, "16" for Tatarstan) or any
// code of up to 16 Latin letters, digits and hyphens ("RU-TA"), stored in
// upper case. An empty code is no region. A bad one is an EInvalid error on field.
func NormalizeRegion(field, s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || regionRe.MatchString(s) {
		return s, nil
	}
	return "", FieldError(field, "calendar.region.invalid")
}
