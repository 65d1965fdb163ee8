package app_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"planboard/app"
	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// TestForeignFounderGets404: a founder of another founder's institutions
// cannot see, approve or return the museum's plan, nor its reports.
func TestForeignFounderGets404(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	f := &domain.Founder{Name: "Управление культуры соседнего города"}
	if err := e.store.CreateFounder(ctx, f); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Email: "other-founder@example.org", FullName: "Чужой Учредитель", PasswordHash: demoHash()}
	if err := e.store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := e.store.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleFounder, FounderID: f.ID}); err != nil {
		t.Fatal(err)
	}
	plan := e.planID(museum)
	dir := e.login("director@example.org")
	dir.get(fmt.Sprintf("/plans/%d/approval", plan))
	dir.post(fmt.Sprintf("/plans/%d/submit", plan), nil)
	other := e.login("other-founder@example.org")
	for _, path := range []string{"/approval", "/reports/1"} {
		if r := other.get(fmt.Sprintf("/plans/%d%s", plan, path)); r.Status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, r.Status)
		}
	}
	for _, path := range []string{"/approve", "/return", "/reports/1/accept"} {
		if r := other.post(fmt.Sprintf("/plans/%d%s", plan, path), url.Values{"remarks": {"x"}}); r.Status != http.StatusNotFound {
			t.Errorf("POST %s = %d, want 404", path, r.Status)
		}
	}
	got, _ := e.store.Plan(ctx, domain.Scope{All: true}, plan)
	if got.Status != domain.PlanSubmitted {
		t.Errorf("plan status = %s after a foreign founder's attempts", got.Status)
	}
	// Their dashboard shows none of the demo founder's institutions.
	if r := other.get("/founder"); r.Status != 200 || strings.Contains(r.Body, "Краеведческий музей") {
		t.Errorf("foreign founder dashboard = %d, shows the museum: %v", r.Status, strings.Contains(r.Body, "Краеведческий музей"))
	}
	if r := dir.get("/founder"); r.Status != http.StatusForbidden {
		t.Errorf("director on /founder = %d, want 403", r.Status)
	}
}

// TestPublicNotFound: unknown slug, unknown year, a year that is not a
// number and an unpublished plan all answer a Russian 404 page that links to
// the institution's published plans.
func TestPublicNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	for _, path := range []string{"/p/centralnaya-biblioteka/2019", "/p/centralnaya-biblioteka/abc", "/p/centralnaya-biblioteka/" + demoYearS + ".docx",
		publicURL(museum), publicURL(museum) + ".pdf", "/p/no-such-institution/" + demoYearS} {
		r := c.get(path)
		if r.Status != http.StatusNotFound || !strings.Contains(r.Body, "Отчёт не найден") {
			t.Errorf("%s = %d", path, r.Status)
		}
		slug := strings.Split(path, "/")[2]
		if !strings.Contains(r.Body, `href="/p/`+slug+`"`) {
			t.Errorf("%s: no link to /p/%s", path, slug)
		}
	}
	idx := c.get("/p/" + library)
	if idx.Status != 200 || !strings.Contains(idx.Body, `href="/p/`+library+`/`+demoYearS+`"`) {
		t.Errorf("published plans index = %d", idx.Status)
	}
	if r := c.get("/p/" + museum); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "ещё не опубликовало") {
		t.Errorf("index of an institution with nothing published = %d", r.Status)
	}
}

// TestFramingOnlyOnPublicRoutes: /p/ may be framed by any site; every other
// page refuses framing.
func TestFramingOnlyOnPublicRoutes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	for _, path := range []string{publicURL(library), publicURL(library) + "?mode=vi", "/p/" + library, "/p/" + library + "/1999"} {
		r := c.get(path)
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || r.Header.Get("X-Frame-Options") != "" {
			t.Errorf("%s: CSP %q, X-Frame-Options %q", path, csp, r.Header.Get("X-Frame-Options"))
		}
	}
	founder := e.login("founder@example.org")
	for _, path := range []string{"/login", "/founder", "/plans/1", "/settings/calendar", "/pp"} {
		r := founder.get(path)
		if !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || r.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s may be framed: %q", path, r.Header.Get("Content-Security-Policy"))
		}
	}
}

// TestVisuallyImpairedMode: ?mode=vi switches the page's class and the
// toggle link leads back.
func TestVisuallyImpairedMode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	normal := c.get(publicURL(library))
	if !strings.Contains(normal.Body, `href="`+publicURL(library)+`?mode=vi"`) || strings.Contains(normal.Body, `class="public vi"`) {
		t.Error("normal page: no link to the visually-impaired version")
	}
	vi := c.get(publicURL(library) + "?mode=vi")
	if !strings.Contains(vi.Body, `class="public vi"`) || !strings.Contains(vi.Body, "Обычная версия") {
		t.Error("vi mode not applied")
	}
}

// TestProgressReportFreezes: the director's report freezes columns 5a/5b as
// of its date (later work does not change it); the founder accepts it.
func TestProgressReportFreezes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	plan := e.planID(library)
	dir := e.login("director2@example.org")
	base := fmt.Sprintf("/plans/%d", plan)
	dir.get(base + "/approval")
	// The last quarter that has ended this year, or the first half-year
	// while the first quarter runs (then the report shows what is done so
	// far, as of today); the demo's own report, awaiting the founder, is of
	// the quarter running today.
	today := e.today()
	q := (int(today.Month)-1)/3 + 1
	period, asOf := "h1", today
	if q > 1 {
		period = fmt.Sprintf("q%d", q-1)
		asOf = must(domain.ReportAsOf(domain.ReportPeriod(period), demoYear, today))
	}
	r := dir.post(base+"/reports", url.Values{"period": {period}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("submit report = %d %s", r.Status, r.Body)
	}
	reportPath := r.Location
	if r := dir.post(base+"/reports", url.Values{"period": {period}}); r.Status != http.StatusConflict {
		t.Errorf("second %s report = %d, want 409", period, r.Status)
	}
	if r := dir.post(base+"/reports", url.Values{"period": {"bogus"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("bogus period = %d, want 422", r.Status)
	}
	// Work done after the report's date changes the plan, not the report.
	if _, err := e.store.DB().NewUpdate().Table("items").Set("implemented = 'Сделано позже', completed_on = ?::date, status = 'done'", asOf.AddDays(1).String()).
		Where("plan_id = ?", plan).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	page := dir.get(reportPath)
	if page.Status != 200 || !strings.Contains(page.Body, dmy(asOf)) || strings.Contains(page.Body, "Сделано позже") {
		t.Errorf("report page = %d; frozen as of %s: %v", page.Status, dmy(asOf), !strings.Contains(page.Body, "Сделано позже"))
	}
	founder := e.login("founder@example.org")
	founder.get(reportPath)
	if r := founder.post(reportPath+"/accept", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("accept = %d", r.Status)
	}
	if r := founder.post(reportPath+"/accept", nil); r.Status != http.StatusConflict {
		t.Errorf("accept twice = %d, want 409", r.Status)
	}
	if r := founder.get(reportPath); !strings.Contains(r.Body, "принят") {
		t.Error("report not shown as accepted")
	}
	if r := dir.post(reportPath+"/accept", nil); r.Status != http.StatusForbidden {
		t.Errorf("director accepting own report = %d, want 403", r.Status)
	}
}

// TestChangesAfterApproval: items added or deadlines moved after approval
// are listed for the founder.
func TestChangesAfterApproval(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	plan := e.planID(library)
	inst := e.institution(library)
	founder := e.login("founder@example.org")
	if r := founder.get(fmt.Sprintf("/plans/%d/approval", plan)); !strings.Contains(r.Body, "После утверждения мероприятия не добавлялись") {
		t.Fatal("demo plan shows changes right after approval")
	}
	err := e.store.AppendHistory(ctx, domain.HistoryEntry{InstitutionID: inst.ID, PlanID: plan, ItemID: 1, ActorName: "Кузнецова Марина Алексеевна",
		At: e.now.Add(time.Minute), Action: "deadline_moved", OldValue: "2026-11-03", NewValue: "2026-12-15"})
	if err != nil {
		t.Fatal(err)
	}
	r := founder.get(fmt.Sprintf("/plans/%d/approval", plan))
	if !strings.Contains(r.Body, "перенесён срок") || !strings.Contains(r.Body, "2026-12-15") {
		t.Error("deadline move after approval not shown")
	}
	if r := founder.get("/founder"); !strings.Contains(r.Body, "изменений после утверждения: 1") {
		t.Error("dashboard does not count the change")
	}
	// The institution asks for re-approval; the founder sees it and approves again.
	dir := e.login("director2@example.org")
	dir.get(fmt.Sprintf("/plans/%d/approval", plan))
	if r := dir.post(fmt.Sprintf("/plans/%d/reapproval", plan), url.Values{"required": {"on"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("set reapproval = %d", r.Status)
	}
	if r := founder.get("/founder"); !strings.Contains(r.Body, "нужно повторное утверждение") {
		t.Error("dashboard does not flag the needed re-approval")
	}
	if r := dir.post(fmt.Sprintf("/plans/%d/reapprove", plan), nil); r.Status != http.StatusForbidden {
		t.Errorf("director re-approving = %d, want 403", r.Status)
	}
	e.now = e.now.Add(2 * time.Minute) // after the recorded change
	founder.get(fmt.Sprintf("/plans/%d/approval", plan))
	if r := founder.post(fmt.Sprintf("/plans/%d/reapprove", plan), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("reapprove = %d", r.Status)
	}
	if r := founder.get(fmt.Sprintf("/plans/%d/approval", plan)); !strings.Contains(r.Body, "После утверждения мероприятия не добавлялись") {
		t.Error("changes still listed after re-approval")
	}
}

// TestCalendarFeed: a user makes a secret feed URL, a calendar client reads
// valid RFC 5545 from it; regenerating revokes the old URL.
func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	staff := e.login("staff@example.org")
	staff.get("/settings/calendar")
	r := staff.post("/settings/calendar", url.Values{"action": {"new"}})
	m := regexp.MustCompile(`(/cal/[A-Za-z0-9_-]+\.ics)`).FindStringSubmatch(r.Body)
	if r.Status != 200 || m == nil {
		t.Fatalf("settings = %d, no feed URL", r.Status)
	}
	feed := e.client().get(m[1])
	if feed.Status != 200 || !strings.HasPrefix(feed.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed = %d %s", feed.Status, feed.Header.Get("Content-Type"))
	}
	events := parseICS(t, feed.Body)
	if len(events) == 0 {
		t.Fatal("no events for staff with assigned items")
	}
	for _, ev := range events {
		for _, k := range []string{"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY"} {
			if ev[k] == "" {
				t.Errorf("event lacks %s: %v", k, ev)
			}
		}
		if !regexp.MustCompile(`^\d{8}$`).MatchString(ev["DTSTART;VALUE=DATE"]) {
			t.Errorf("DTSTART %q is not a date", ev["DTSTART;VALUE=DATE"])
		}
	}
	// Text with commas and semicolons is escaped (the seed measures have them).
	if !strings.Contains(feed.Body, `\,`) {
		t.Error("no escaped comma in the feed")
	}
	staff.post("/settings/calendar", url.Values{"action": {"new"}})
	if r := e.client().get(m[1]); r.Status != http.StatusNotFound {
		t.Errorf("old feed after regeneration = %d, want 404", r.Status)
	}
	if r := e.client().get("/cal/nonsense.ics"); r.Status != http.StatusNotFound {
		t.Errorf("unknown feed = %d", r.Status)
	}
}

// parseICS is a small RFC 5545 reader: it checks CRLF line ends and the
// 75-octet limit, unfolds lines and returns each VEVENT's properties.
func parseICS(t *testing.T, body string) []map[string]string {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") || strings.Contains(strings.ReplaceAll(body, "\r\n", ""), "\n") {
		t.Fatal("lines do not end with CRLF")
	}
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		l := strings.TrimSuffix(sc.Text(), "\r")
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("line of %d octets, folded inside a character? %q", len(l), l)
		}
		if strings.HasPrefix(l, " ") && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" || !containsString(lines, "VERSION:2.0") {
		t.Fatalf("not a VCALENDAR: %q … %q", lines[0], lines[len(lines)-1])
	}
	var out []map[string]string
	var cur map[string]string
	for _, l := range lines {
		switch {
		case l == "BEGIN:VEVENT":
			cur = map[string]string{}
		case l == "END:VEVENT":
			out = append(out, cur)
			cur = nil
		case cur != nil:
			k, v, _ := strings.Cut(l, ":")
			cur[k] = v
		}
	}
	return out
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestDashboardQueriesConstant: /founder runs as many queries for 12
// institutions as for 2.
func TestDashboardQueriesConstant(t *testing.T) {
	t.Parallel()
	db := pgtest.Demo(t, demoHash())
	qc := &queryCounter{}
	db.AddQueryHook(qc)
	e := &env{t: t, now: testNow}
	store := storage.New(db).WithClock(e.clock)
	e.store = store
	ctx := context.Background()
	a, err := app.New(app.Deps{Store: store, Now: func() time.Time { return e.now }, Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	founder := e.login("founder@example.org")
	count := func() (int64, string) {
		before := qc.n.Load()
		r := founder.get("/founder?sort=worst")
		if r.Status != 200 {
			t.Fatalf("/founder = %d %s", r.Status, r.Body)
		}
		return qc.n.Load() - before, r.Body
	}
	small, body := count()
	if !strings.Contains(body, "Центральная городская библиотека") || !strings.Contains(body, "<svg") {
		t.Fatal("dashboard lacks the demo institutions or charts")
	}
	lib := e.institution(library)
	tmpl, err := store.Template(ctx, "library")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		in := &domain.Institution{FounderID: lib.FounderID, Name: fmt.Sprintf("Дом культуры № %d", i+1), Kind: domain.KindCultureHouse,
			Slug: fmt.Sprintf("dk-%d", i+1), TimeZone: storage.DemoZone}
		if err := store.CreateInstitution(ctx, in); err != nil {
			t.Fatal(err)
		}
		items, _ := domain.ItemsFromTemplate(tmpl, demoYear)
		if err := store.CreatePlan(ctx, &domain.Plan{InstitutionID: in.ID, Year: demoYear, Title: "План"}, items, domain.User{}); err != nil {
			t.Fatal(err)
		}
	}
	large, body := count()
	if large != small {
		t.Errorf("/founder ran %d queries for 2 institutions, %d for 12", small, large)
	}
	if !strings.Contains(body, "Дом культуры № 10") {
		t.Error("new institutions not on the dashboard")
	}
	// Filters by query parameters, no JavaScript needed.
	r := founder.get("/founder?kind=library")
	if !strings.Contains(r.Body, "Центральная городская библиотека") || strings.Contains(r.Body, "Дом культуры № 1<") {
		t.Error("kind filter not applied")
	}
	if !strings.Contains(r.Body, `href="/founder.xlsx?kind=library&amp;sort=worst`) {
		t.Error("export link does not keep the filters")
	}
	x := founder.get("/founder.xlsx?status=approved")
	if x.Status != 200 {
		t.Fatalf("summary xlsx = %d", x.Status)
	}
	f, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatalf("summary xlsx does not open: %v", err)
	}
	rows, _ := f.GetRows("Сводка")
	if len(rows) != 4 || !strings.Contains(rows[3][0], "Центральная городская библиотека") || rows[3][2] != "утверждён" {
		t.Errorf("summary of approved plans = %q", rows)
	}
}
