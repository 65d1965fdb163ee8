package domain

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for the parsers of user input in domain. Each runs its seed
// corpus in a normal `go test`; `make fuzz` runs them with -fuzz.

// realDeadlines are deadlines as written in the plan templates and in the
// seed documents (shared/seeds), plus the forms people type.
var realDeadlines = []string{
	"IV квартал 2026", "31.12.2026", "постоянно", "Постоянно", "декабрь 2026", "2026-Q3", "Q1 2027", "2-й квартал 2026",
	"20.02. 2015 г.", "20.02.2015 г.", "в течение года", "ежегодно", "ежеквартально", "I квартал 2027 года",
	"4 кв. 2026", "февраля 2027 г.", "November 2026", "2026-04", "29.02.2028", "31.02.2026", "Q4 3026", "",
}

// templateDeadlines reads the "deadline" fields of storage/templates/*.json.
func templateDeadlines(tb testing.TB) []string {
	files, _ := filepath.Glob("../storage/templates/*.json")
	if len(files) == 0 {
		tb.Fatal("no plan templates found")
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var t struct {
			Items []struct{ Deadline, Measure string }
		}
		if err := json.Unmarshal(b, &t); err != nil {
			tb.Fatal(err)
		}
		for _, it := range t.Items {
			out = append(out, it.Deadline)
		}
	}
	return out
}

func isFieldError(err error, field, msg string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == EInvalid && e.Field == field && (msg == "" || e.Message == msg)
}

func FuzzParseDeadline(f *testing.F) {
	for _, s := range append(realDeadlines, templateDeadlines(f)...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseDeadline(in)
		if err != nil {
			if !isFieldError(err, "deadline", "deadline.invalid") {
				t.Fatalf("%q: error %#v is not the deadline field error", in, err)
			}
			return
		}
		if d.HasDue() != (d.Kind == DeadlineDate || d.Kind == DeadlineMonth || d.Kind == DeadlineQuarter) {
			t.Fatalf("%q: kind %s with due %s", in, d.Kind, d.Due)
		}
		if d.HasDue() && (d.Due.Year < 2000 || d.Due.Year > 2100) {
			t.Fatalf("%q: implausible year %d", in, d.Due.Year)
		}
		if again, err := ParseDeadline(d.Spec()); err != nil || again != d {
			t.Fatalf("%q: spec %q does not read back (%+v, %v)", in, d.Spec(), again, err)
		}
		if d.Kind == DeadlineDate {
			if again, err := ParseDeadline(d.Due.Russian()); err != nil || again != d {
				t.Fatalf("%q: %q does not read back (%+v, %v)", in, d.Due.Russian(), again, err)
			}
		}
	})
}

// FuzzDeadlineRoundTrip: parse(format(x)) == x for every deadline the
// constructors can make in the plausible years.
func FuzzDeadlineRoundTrip(f *testing.F) {
	f.Add(uint8(0), 2026, 12, 31)
	f.Add(uint8(1), 2026, 4, 0)
	f.Add(uint8(2), 2027, 1, 0)
	f.Add(uint8(3), 2028, 2, 29)
	f.Fuzz(func(t *testing.T, kind uint8, y, m, d int) {
		if y < 2000 || y > 2100 {
			return
		}
		var dl Deadline
		switch kind % 4 {
		case 0:
			date := NewDate(y, time.Month(m%12+1), d%31+1)
			if date.Year != y {
				return
			}
			dl = DateDeadline(date)
		case 1:
			dl = MonthDeadline(y, time.Month(m%12+1))
		case 2:
			dl = QuarterDeadline(y, m%4+1)
		case 3:
			dl = Ongoing
		}
		if m < 0 || d < 0 {
			return
		}
		for _, text := range []string{dl.Spec(), strings.ToUpper(dl.Spec()), " " + dl.Spec() + " г."} {
			again, err := ParseDeadline(text)
			if dl.Kind == DeadlineOngoing && text != dl.Spec() {
				continue
			}
			if err != nil || again != dl {
				t.Fatalf("%+v formatted %q reads back as %+v, %v", dl, text, again, err)
			}
		}
		if dl.Kind == DeadlineQuarter {
			if again, err := TemplateDeadline("q"+strconv.Itoa(dl.Quarter()), y); err != nil || again != dl {
				t.Fatalf("template quarter of %+v: %+v, %v", dl, again, err)
			}
		}
	})
}

// fiveFields stands in for the cron parser: five fields are a schedule.
func fiveFields(s string) (Schedule, error) {
	if len(strings.Fields(s)) != 5 {
		return nil, errors.New("want five fields")
	}
	return everyTenth{}, nil
}

func FuzzParseRecurrence(f *testing.F) {
	for _, s := range [][2]string{{"", ""}, {"monthly", ""}, {"quarterly", "x"}, {"cron", "0 9 1 * *"}, {"cron", ""},
		{"cron", "  0  9 1  *   * "}, {"weekly", ""}, {"ежеквартально", ""}, {" monthly ", ""}} {
		f.Add(s[0], s[1], 2026, 1, 365)
	}
	f.Fuzz(func(t *testing.T, kind, expr string, year, fromDay, span int) {
		r, err := ParseRecurrence(kind, expr, fiveFields)
		if err != nil {
			if !isFieldError(err, "recur_kind", "recur.invalid_kind") && !isFieldError(err, "recur_expr", "recur.invalid_cron") {
				t.Fatalf("%q %q: error %#v is not a recurrence field error", kind, expr, err)
			}
			return
		}
		switch r.Kind {
		case RecurNone, RecurMonthly, RecurQuarterly:
			if r.Expr != "" {
				t.Fatalf("%q: expression %q kept for kind %s", kind, r.Expr, r.Kind)
			}
		case RecurCron:
			if r.Expr == "" || r.Expr != strings.Join(strings.Fields(r.Expr), " ") {
				t.Fatalf("%q: cron expression %q not normalised", expr, r.Expr)
			}
		default:
			t.Fatalf("%q: unknown kind %q accepted", kind, r.Kind)
		}
		if year < 2000 || year > 2100 || fromDay < 0 || span < 0 || span > 800 {
			return
		}
		from := NewDate(year, 1, 1).AddDays(fromDay % 366)
		to := from.AddDays(span)
		occ := r.Occurrences(from, to, everyTenth{})
		if len(occ) > maxOccurrences {
			t.Fatalf("%d occurrences", len(occ))
		}
		for i, d := range occ {
			if d.Before(from) || d.After(to) || (i > 0 && !occ[i-1].Before(d)) {
				t.Fatalf("occurrences %v out of [%s, %s] or order", occ, from, to)
			}
			if r.Kind != RecurCron && d.AddDays(1).Day != 1 {
				t.Fatalf("%s occurrence %s is not a month end", r.Kind, d)
			}
		}
	})
}

func FuzzParseRemindOffsets(f *testing.F) {
	for _, s := range []string{"7, 3, 1, 0", "7,3,1,0", "1;2;3", "14 7 1", "0", "366", "367", "-1", "+7", "1,1,1", "", ",", "1,2,3,4,5,6,7,8,9,10,11", "9999999999999999999999", "7.5", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := ParseRemindOffsets("offsets", in)
		if err != nil {
			if !isFieldError(err, "offsets", "mail.offsets.invalid") {
				t.Fatalf("%q: error %#v", in, err)
			}
			return
		}
		if len(out) < 1 || len(out) > 10 {
			t.Fatalf("%q: %d offsets", in, len(out))
		}
		for i, n := range out {
			if n < 0 || n > MaxRemindOffset || (i > 0 && out[i-1] <= n) {
				t.Fatalf("%q: offsets %v not distinct, descending, in range", in, out)
			}
		}
		again, err := ParseRemindOffsets("offsets", FormatRemindOffsets(out))
		if err != nil || FormatRemindOffsets(again) != FormatRemindOffsets(out) {
			t.Fatalf("%q: %v does not read back (%v, %v)", in, out, again, err)
		}
		if (MailRules{RemindOffsets: out, OverdueEvery: 3, EscalateDirector: 3, EscalateFounder: 14}).Validate() != nil {
			t.Fatalf("%q: parsed offsets %v fail the rules", in, out)
		}
	})
}

// FuzzReportAsOf: the progress report's period (a form field) and the date
// it freezes.
func FuzzReportAsOf(f *testing.F) {
	for _, p := range []string{"q1", "q2", "q3", "q4", "h1", "year", "Q4", "q5", "", "year "} {
		f.Add(p, 2026, 326)
	}
	f.Fuzz(func(t *testing.T, period string, year, day int) {
		if year < 2000 || year > 2100 || day < 0 || day > 1000 {
			return
		}
		today := NewDate(year, 1, 1).AddDays(day)
		p := ReportPeriod(period)
		asOf, err := ReportAsOf(p, year, today)
		if err != nil {
			if !isFieldError(err, "period", "") {
				t.Fatalf("%q: error %#v", period, err)
			}
			return
		}
		if !p.Valid() || asOf.Before(p.Start(year)) || asOf.After(p.End(year)) || asOf.After(today) {
			t.Fatalf("%q in %d on %s: as of %s", period, year, today, asOf)
		}
	})
}
