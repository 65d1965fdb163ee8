package domain

import (
	"strings"
	"testing"
	"time"
)

func d(s string) Date {
	v, err := ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestCalendarEmbeddedDataParses(t *testing.T) {
	years, days, err := ParseCalendarLines(russianCalendarData)
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 2 || years[0].Year != 2025 || years[1].Year != 2026 || !strings.Contains(years[1].Source, "№ 1466") {
		t.Errorf("years %+v", years)
	}
	if len(days) < 40 {
		t.Errorf("only %d days", len(days))
	}
	if _, ok := RussianCalendar().Published(2027); ok {
		t.Error("2027 is marked published, but its decree is not in the data")
	}
}

// Every day of 2026 that the decree (ПП РФ № 1466 of 24.09.2025) and the
// Labour Code make special, and the plain days around them.
func TestCalendar2026EveryHolidayAndTransfer(t *testing.T) {
	c := RussianCalendar()
	cases := []struct {
		day  string
		want DayKind
	}{
		{"2025-12-31", DayNonWorking}, // 2025's decree: moved from 5 January
		{"2026-01-01", DayNonWorking}, {"2026-01-02", DayNonWorking}, {"2026-01-03", DayNonWorking},
		{"2026-01-04", DayNonWorking}, {"2026-01-05", DayNonWorking}, {"2026-01-06", DayNonWorking},
		{"2026-01-07", DayNonWorking}, {"2026-01-08", DayNonWorking},
		{"2026-01-09", DayNonWorking},                                // moved from Saturday 3 January
		{"2026-01-10", DayNonWorking}, {"2026-01-11", DayNonWorking}, // weekend
		{"2026-01-12", DayWorking},
		{"2026-02-20", DayWorking}, // the Friday before the weekend before 23 February is a full day
		{"2026-02-23", DayNonWorking},
		{"2026-02-24", DayWorking},
		{"2026-03-06", DayWorking},
		{"2026-03-08", DayNonWorking}, // Sunday holiday …
		{"2026-03-09", DayNonWorking}, // … moved to Monday (ст. 112)
		{"2026-03-10", DayWorking},
		{"2026-04-30", DayShortened},
		{"2026-05-01", DayNonWorking},
		{"2026-05-04", DayWorking},
		{"2026-05-08", DayShortened},
		{"2026-05-09", DayNonWorking}, // Saturday holiday …
		{"2026-05-11", DayNonWorking}, // … moved to Monday
		{"2026-05-12", DayWorking},
		{"2026-06-11", DayShortened},
		{"2026-06-12", DayNonWorking},
		{"2026-06-15", DayWorking},
		{"2026-11-03", DayShortened},
		{"2026-11-04", DayNonWorking},
		{"2026-11-05", DayWorking},
		{"2026-12-30", DayWorking},
		{"2026-12-31", DayNonWorking}, // moved from Sunday 4 January
		{"2026-03-30", DayWorking},
		{"2026-03-28", DayNonWorking}, // an ordinary Saturday
	}
	for _, tc := range cases {
		if got := c.Day(d(tc.day)).Kind; got != tc.want {
			t.Errorf("%s: %s, want %s", tc.day, got, tc.want)
		}
		if c.IsWorkingDay(d(tc.day)) != tc.want.Working() {
			t.Errorf("%s: IsWorkingDay disagrees with its kind", tc.day)
		}
	}
	// 2026 has 247 working days (the decree's figure); 2025 also 247.
	for year, want := range map[int]int{2025: 247, 2026: 247} {
		if n := c.WorkingDaysBetween(NewDate(year-1, 12, 31), NewDate(year, 12, 31)); n != want {
			t.Errorf("%d: %d working days, want %d", year, n, want)
		}
	}
}

func TestCalendar2025Transfers(t *testing.T) {
	c := RussianCalendar()
	for day, want := range map[string]DayKind{
		"2025-01-08": DayNonWorking, "2025-01-09": DayWorking, "2025-02-24": DayWorking, // 23 Feb moved to 8 May
		"2025-03-07": DayShortened, "2025-03-10": DayWorking, "2025-05-02": DayNonWorking, "2025-05-08": DayNonWorking,
		"2025-06-13": DayNonWorking, "2025-11-01": DayShortened, "2025-11-03": DayNonWorking, "2025-12-31": DayNonWorking,
	} {
		if got := c.Day(d(day)).Kind; got != want {
			t.Errorf("%s: %s, want %s", day, got, want)
		}
	}
	if !c.IsWorkingDay(d("2025-11-01")) {
		t.Error("Saturday 1 November 2025 is a working day by the decree")
	}
}

// 2027 without its decree: the Labour Code's holidays and ст. 112.
func TestCalendar2027LabourCodeRule(t *testing.T) {
	c := RussianCalendar()
	for day, want := range map[string]DayKind{
		"2027-01-01": DayNonWorking, "2027-01-08": DayNonWorking, "2027-01-09": DayNonWorking, "2027-01-10": DayNonWorking,
		"2027-01-11": DayWorking, "2027-02-22": DayShortened, "2027-02-23": DayNonWorking, "2027-03-08": DayNonWorking,
		"2027-04-30": DayShortened, "2027-05-01": DayNonWorking, "2027-05-03": DayNonWorking, "2027-05-04": DayWorking,
		"2027-05-10": DayNonWorking, "2027-06-11": DayShortened, "2027-06-14": DayNonWorking, "2027-11-04": DayNonWorking,
		"2027-12-31": DayShortened,
	} {
		if got := c.Day(d(day)).Kind; got != want {
			t.Errorf("%s: %s, want %s", day, got, want)
		}
	}
	// A year with no data at all: 1 May, 12 June (Saturdays) and 9 May (Sunday) 2021 move to Mondays.
	if got := labourCodeTransfers(2021); len(got) != 3 || got[d("2021-05-03")] == "" || got[d("2021-05-10")] == "" || got[d("2021-06-14")] == "" {
		t.Errorf("2021 transfers: %v", got)
	}
}

func TestCalendarWorkingDayArithmetic(t *testing.T) {
	c := RussianCalendar()
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-03-06", 1, "2026-03-10"},  // Friday + 1 over the 7–9 March weekend
		{"2026-03-10", -1, "2026-03-06"}, // and back
		{"2026-12-25", 3, "2026-12-30"},
		{"2026-12-25", 4, "2027-01-11"}, // across 31 December and the New Year holidays
		{"2026-12-25", 5, "2027-01-12"},
		{"2026-12-25", 14, "2027-01-25"},
		{"2027-01-11", -1, "2026-12-30"},
		{"2026-03-08", 0, "2026-03-08"},
	}
	for _, tc := range cases {
		got := c.AddWorkingDays(d(tc.from), tc.n)
		if got != d(tc.want) {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
		if tc.n != 0 {
			if back := c.WorkingDaysBetween(d(tc.from), got); back != tc.n {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tc.from, got, back, tc.n)
			}
		}
	}
	if got := c.NextWorkingDay(d("2026-03-07")); got != d("2026-03-10") {
		t.Errorf("NextWorkingDay(7 March) = %s", got)
	}
	if got := c.NextWorkingDay(d("2026-03-10")); got != d("2026-03-10") {
		t.Errorf("NextWorkingDay of a working day = %s", got)
	}
	if got := c.WorkingDaysBetween(d("2026-01-01"), d("2026-01-12")); got != 1 {
		t.Errorf("working days in the New Year holidays 2026: %d", got)
	}
}

func TestCalendarLayersCorrectionsAndRegions(t *testing.T) {
	base := RussianCalendar()
	fixed := base.With([]CalendarYear{{Year: 2027, Source: "Постановление № 9999"}}, []CalendarDay{
		{Date: d("2027-05-03"), Kind: DayWorking, Note: "по постановлению"},
		{Date: d("2027-12-31"), Kind: DayNonWorking, Note: "перенос"},
		{Date: d("2026-03-10"), Kind: DayNonWorking, Note: "поправка"},
	})
	if fixed.IsWorkingDay(d("2026-03-10")) || !base.IsWorkingDay(d("2026-03-10")) {
		t.Error("a correction must change the new calendar only")
	}
	if !fixed.IsWorkingDay(d("2027-05-03")) || fixed.IsWorkingDay(d("2027-12-31")) {
		t.Error("the admin's days of 2027 do not apply")
	}
	// A published year has no rule-made transfers or shortened days.
	if !fixed.IsWorkingDay(d("2027-06-14")) || fixed.IsShortened(d("2027-06-11")) || fixed.IsWorkingDay(d("2027-06-12")) {
		t.Error("a published year still follows the Labour Code's transfers")
	}
	hs := []RegionalHoliday{{Region: "16", Date: d("2026-08-31"), Name: "День Республики"}, {Region: "02", Date: d("2026-10-11"), Name: "День Республики"}}
	tatarstan := base.WithHolidays("16", hs)
	if tatarstan.IsWorkingDay(d("2026-08-31")) || !tatarstan.IsWorkingDay(d("2026-10-12")) || !base.IsWorkingDay(d("2026-08-31")) {
		t.Error("a region's holiday must apply to that region only")
	}
	if base.WithHolidays("", hs) != base {
		t.Error("no region: the same calendar")
	}
}

func TestCalendarParseAndRegion(t *testing.T) {
	years, days, err := ParseCalendarLines("# x\nyear 2027 ПП № 1\n01.05.2027 working рабочая суббота\n2027-05-03 non_working\n")
	if err != nil || len(years) != 1 || len(days) != 2 || days[0].Date != d("2027-05-01") || days[0].Note != "рабочая суббота" {
		t.Fatalf("%v %v %v", years, days, err)
	}
	for _, bad := range []string{"2027-02-30 working", "2027-05-03 holiday", "year 20x7"} {
		if _, _, err := ParseCalendarLines(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for in, want := range map[string]string{"42": "42", " ru-ta ": "RU-TA", "": ""} {
		if got, err := NormalizeRegion("region", in); err != nil || got != want {
			t.Errorf("NormalizeRegion(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := NormalizeRegion("region", "Татарстан"); err == nil {
		t.Error("a Cyrillic name is not a code")
	}
}

func TestCalendarSpecialDaysOf2026(t *testing.T) {
	var weekdaysOff, shortened int
	for _, day := range RussianCalendar().Special(2026) {
		if wd := day.Date.Weekday(); wd != time.Saturday && wd != time.Sunday && day.Kind == DayNonWorking {
			weekdaysOff++
		}
		if day.Kind == DayShortened {
			shortened++
		}
	}
	if weekdaysOff != 14 || shortened != 4 {
		t.Errorf("2026: %d non-working weekdays, %d shortened days; want 14 and 4", weekdaysOff, shortened)
	}
}
