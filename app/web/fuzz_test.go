package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"planboard/app/export"
	"planboard/domain"
)

// Fuzz targets for the parsers of user input in app (unexported helpers,
// hence package app). Each runs its seed corpus in a normal `go test`;
// `make fuzz` runs them with -fuzz. None needs the database.

// realTexts are measures and deficiencies of the plan templates, plus
// formula-like and script-like cells.
func realTexts(tb testing.TB) []string {
	files, _ := filepath.Glob("../../storage/templates/*.json")
	out := []string{"- увеличить фонд новой литературой", "=1+1", "+7 (384) 000-00-00", "@SUM(A1)", "=HYPERLINK(\"http://x\")",
		"\t=1", "＝1", "<script>alert(1)</script>", "", "'", "a\x00b", "\xff"}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var t struct {
			Items []struct{ Section, Indicator, Deficiency, Measure, Deadline string }
		}
		if err := json.Unmarshal(b, &t); err != nil {
			tb.Fatal(err)
		}
		for _, it := range t.Items {
			out = append(out, it.Deficiency, it.Measure)
		}
	}
	return out
}

// FuzzCSVCell: no CSV cell starts with a character that makes a spreadsheet
// read a formula, the text is otherwise unchanged, and the line reads back.
func FuzzCSVCell(f *testing.F) {
	for _, s := range realTexts(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := export.CSVCell(s)
		if r, _ := utf8.DecodeRuneInString(out); out != "" && strings.ContainsRune(export.FormulaStarts, r) {
			t.Fatalf("%q is written as %q, which a spreadsheet reads as a formula", s, out)
		}
		if out != s && out != "'"+s {
			t.Fatalf("%q is written as %q", s, out)
		}
		if !utf8.ValidString(s) {
			return
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.Write(export.CSVRecord([]string{s, "x"})); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(recs) != 1 || len(recs[0]) != 2 {
			t.Fatalf("%q: CSV line does not read back: %v %v", s, recs, err)
		}
		// encoding/csv turns \r\n into \n inside quoted fields.
		if got := recs[0][0]; got != out && got != strings.ReplaceAll(out, "\r\n", "\n") && !strings.Contains(out, "\r") {
			t.Fatalf("%q: read back %q, want %q", s, got, out)
		}
	})
}

// FuzzXLSXCell: whatever the text, the official form's cell is a text
// cell, never a formula, and the file opens.
func FuzzXLSXCell(f *testing.F) {
	for _, s := range realTexts(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x := excelize.NewFile()
		defer x.Close()
		export.Set(x, "Sheet1", "B", 2, s, 0)
		buf, err := x.WriteToBuffer()
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		y, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("%q: written file does not open: %v", s, err)
		}
		defer y.Close()
		formula, _ := y.GetCellFormula("Sheet1", "B2")
		typ, _ := y.GetCellType("Sheet1", "B2")
		if formula != "" || (s != "" && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
			t.Fatalf("%q: cell type %v formula %q, want text", s, typ, formula)
		}
		got, _ := y.GetCellValue("Sheet1", "B2")
		if plainText(s) && got != s {
			t.Fatalf("%q: cell reads back %q", s, got)
		}
	})
}

// plainText: valid UTF-8 without control characters other than tab and
// newline (XML cannot carry the others; excelize escapes them).
func plainText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return (unicode.IsControl(r) && r != '\t' && r != '\n') || r == utf8.RuneError || r == '\uFFFE' || r == '\uFFFF'
	}) && len(s) <= 32767
}

// FuzzSafeNext: a redirect target after login or a language switch never
// leaves the site, even as browsers read it (they drop tabs and newlines).
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/plans/1", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example", "javascript:alert(1)", "", "/", "/%2F%2Fevil", " /x", "/x\r\nSet-Cookie: a=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := safeNext(s)
		if out != "/" && out != s {
			t.Fatalf("%q became %q", s, out)
		}
		seen := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, out)
		if !strings.HasPrefix(seen, "/") || strings.HasPrefix(seen, "//") || strings.HasPrefix(seen, "/\\") || strings.ContainsFunc(out, unicode.IsControl) {
			t.Fatalf("%q: redirect target %q may leave the site", s, out)
		}
		u, err := url.Parse(out)
		if err == nil && (u.Scheme != "" || u.Host != "") {
			t.Fatalf("%q: redirect target %q has scheme %q host %q", s, out, u.Scheme, u.Host)
		}
	})
}

// FuzzCheckEmail: an address accepted by a form is one plain address that
// cannot inject mail headers.
func FuzzCheckEmail(f *testing.F) {
	for _, s := range []string{"staff@example.org", "Иван <ivan@example.org>", "a@b", "a@b\r\nBcc: x@y", `"a b"@example.org`, "a@b,c@d", "@", "", "a@пример.рф"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if checkEmail("email", s) != nil {
			return
		}
		if !strings.Contains(s, "@") || len(s) > 254 || strings.ContainsAny(s, "\r\n<>,;") || strings.ContainsFunc(s, unicode.IsControl) {
			t.Fatalf("%q accepted as an e-mail address", s)
		}
		if n := normEmail(s); normEmail(n) != n {
			t.Fatalf("%q: normalising is not stable", s)
		}
	})
}

// formApp answers POST /x/:id by running the form readers on the request.
func formApp(t *testing.T, handle func(c *fiber.Ctx) error) *fiber.App {
	app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error {
		t.Fatalf("handler error: %v", err)
		return nil
	}})
	app.Post("/x/:id", handle)
	return app
}

func postForm(t *testing.T, app *fiber.App, id string, form url.Values) {
	req := httptest.NewRequest("POST", "/x/"+url.PathEscape(id), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := app.Test(req, -1); err != nil {
		t.Fatal(err)
	}
}

// FuzzItemForm: the item form reads only its allow-listed fields and leaves
// the item valid, or names the fields that are not.
func FuzzItemForm(f *testing.F) {
	texts := realTexts(f)
	for i, d := range append(realDeadlinesForForms, "") {
		f.Add("1", texts[i%len(texts)], d, []string{"", "monthly", "quarterly", "cron"}[i%4], "0 9 1 * *", "2", "10", "- пункт\nпункт 2", "3", "1.1")
	}
	f.Add("org", "", "", "cron", "@every 1s", "9", "-5", "", "x", "")
	f.Add("2", "Мера", "", "", "", "1", "", strings.Repeat("я", 2001), "0", "2.1")
	f.Fuzz(func(t *testing.T, section, measure, deadline, recurKind, recurExpr, priority, assignee, checklist, version, indicator string) {
		members := []domain.Member{{User: domain.User{ID: 10, FullName: "Исполнитель"}}, {User: domain.User{ID: 11, Email: "b@example.org"}}}
		form := url.Values{"section": {section}, "measure": {measure}, "deadline": {deadline}, "recur_kind": {recurKind},
			"recur_expr": {recurExpr}, "priority": {priority}, "assignee": {assignee}, "checklist": {checklist},
			"version": {version}, "indicator": {indicator}, "co": {"10", "11", "12", assignee},
			"status": {"done"}, "institution_id": {"99"}, "plan_id": {"99"}} // not the form's: must be ignored
		app := formApp(t, func(c *fiber.Ctx) error {
			it := domain.Item{ID: 5, PlanID: 7, InstitutionID: 3, Status: domain.StatusPlanned}
			got, in := readItemForm(c)
			fields, fe := in.ApplyTo(&it, members, parseCron)
			points, co := fields.Points, fields.CoAssignees
			for k := range got {
				if !oneOf(k, itemFields) {
					t.Fatalf("form read field %q outside the allow-list", k)
				}
			}
			for k := range fe {
				if !oneOf(k, itemFields) {
					t.Fatalf("error on unknown field %q", k)
				}
			}
			if it.ID != 5 || it.PlanID != 7 || it.InstitutionID != 3 || it.Status != domain.StatusPlanned {
				t.Fatalf("form changed fields it does not own: %+v", it)
			}
			if it.Priority < 1 || it.Priority > 3 {
				t.Fatalf("priority %d", it.Priority)
			}
			for _, id := range co {
				if (id != 10 && id != 11) || id == it.AssigneeID {
					t.Fatalf("co-assignee %d accepted", id)
				}
			}
			for _, p := range points {
				if p == "" || p != strings.TrimSpace(p) {
					t.Fatalf("checklist point %q", p)
				}
			}
			if v := formVersion(c); v < -1 || v > 1<<30 {
				t.Fatalf("version %d", v)
			}
			if id, err := paramID(c, "id"); err == nil && id <= 0 {
				t.Fatalf("id %d accepted", id)
			}
			if len(fe) > 0 {
				return nil
			}
			if !it.Section.Valid() || it.Measure == "" || len(it.Measure) > 5000 || (it.AssigneeID != 0 && domain.MemberName(members, it.AssigneeID) == "") {
				t.Fatalf("invalid item accepted: %+v", it)
			}
			for _, p := range points {
				if utf8.RuneCountInString(p) > 2000 { // the database's limit: longer would be a 500
					t.Fatalf("checklist point of %d characters accepted", utf8.RuneCountInString(p))
				}
			}
			if it.Indicator != "" {
				if s, ok := domain.IndicatorSection(it.Indicator); !ok || s != it.Section {
					t.Fatalf("indicator %q accepted in section %s", it.Indicator, it.Section)
				}
			}
			if it.Recurrence.Kind == domain.RecurCron {
				sched, err := parseCron(it.Recurrence.Expr)
				if err != nil {
					t.Fatalf("cron %q accepted but does not parse: %v", it.Recurrence.Expr, err)
				}
				steps := &countingSchedule{s: sched}
				from, to := domain.NewDate(2026, 1, 1), domain.NewDate(2026, 12, 31)
				it.Recurrence.Occurrences(from, to, steps)
				if steps.n > 370 { // one step per day at most, however often the rule fires
					t.Fatalf("cron %q took %d steps for one year", it.Recurrence.Expr, steps.n)
				}
			}
			return nil
		})
		postForm(t, app, version, form)
	})
}

// realDeadlinesForForms are deadlines as typed into the item form.
var realDeadlinesForForms = []string{"IV квартал 2026", "31.12.2026", "постоянно", "декабрь 2026", "2026-Q3", "Q1 2027", "2-й квартал 2026", "31.02.2026", "2026-12-31"}

// countingSchedule counts how often the occurrences loop asks the schedule.
type countingSchedule struct {
	s domain.Schedule
	n int
}

func (c *countingSchedule) Next(t time.Time) time.Time { c.n++; return c.s.Next(t) }

// FuzzCronRule: every cron rule the item form accepts produces its dates
// in at most one step per day of the plan year.
func FuzzCronRule(f *testing.F) {
	for _, s := range []string{"0 9 1 * *", "* * * * *", "@every 1s", "@hourly", "@daily", "0 0 30 2 *", "CRON_TZ=Asia/Novokuznetsk 0 9 * * 1", "TZ=../../etc/passwd * * * * *", "TZ=", "CRON_TZ=", "*/1 * * * *", "0 0 1 1 *", "59 23 31 12 *"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		r, err := domain.ParseRecurrence("cron", expr, parseCron)
		if err != nil {
			return
		}
		sched, err := parseCron(r.Expr)
		if err != nil {
			t.Fatalf("%q accepted but its normal form %q does not parse", expr, r.Expr)
		}
		steps := &countingSchedule{s: sched}
		from, to := domain.NewDate(2026, 1, 1), domain.NewDate(2026, 12, 31)
		occ := r.Occurrences(from, to, steps)
		if steps.n > 370 {
			t.Fatalf("%q took %d steps for one year", expr, steps.n)
		}
		for i, d := range occ {
			if d.Before(from) || d.After(to) || (i > 0 && !occ[i-1].Before(d)) {
				t.Fatalf("%q: occurrences out of the year or order: %v", expr, occ)
			}
		}
	})
}
