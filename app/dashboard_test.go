package app_test

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planboard/app"
)

// moreInstitutions adds n institutions under the demo founder, each with a
// plan of three items for the demo year.
func (e *env) moreInstitutions(t *testing.T, n int) {
	t.Helper()
	for _, q := range []string{
		`INSERT INTO institutions (founder_id, name, kind, slug) SELECT founder_id, 'Дом культуры № ' || g, 'culture_house', 'dk-' || g
		FROM institutions, generate_series(1, ?) g WHERE slug = 'kraevedcheskiy-muzey'`,
		`INSERT INTO plans (institution_id, year, title) SELECT id, ` + demoYearS + `, 'План' FROM institutions WHERE slug LIKE 'dk-%'`,
		`INSERT INTO items (plan_id, institution_id, position, section, measure, deadline_kind, deadline_date)
		SELECT p.id, p.institution_id, g, '1', 'Мера ' || g, 'date', DATE '` + demoYearS + `-12-01' FROM plans p
		JOIN institutions i ON i.id = p.institution_id, generate_series(1, 3) g WHERE i.slug LIKE 'dk-%'`,
	} {
		if _, err := e.store.DB().NewRaw(q, n).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// The dashboard lists 50 institutions a page, the filters kept by the page
// links; the summary counts and the XLSX export cover all of them.
func TestFounderDashboardPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.moreInstitutions(t, 60)
	founder := e.login("founder@example.org")
	first := founder.get("/founder?sort=name&kind=culture_house")
	mustContain(t, "page 1", first, 200, "Учреждения 1–50 из 60", "Показано учреждений: 60 из 62",
		`href="?kind=culture_house&amp;sort=name&amp;status=&amp;year=`+demoYearS+`&amp;page=2"`, `aria-current="page"`)
	if n := strings.Count(first.Body, "Дом культуры № "); n != 50 {
		t.Errorf("page 1 lists %d institutions", n)
	}
	second := founder.get("/founder?kind=culture_house&sort=name&year=" + demoYearS + "&page=2")
	mustContain(t, "page 2", second, 200, "Учреждения 51–60 из 60", "Дом культуры № 9<")
	if n := strings.Count(second.Body, "Дом культуры № "); n != 10 {
		t.Errorf("page 2 lists %d institutions", n)
	}
	// A page past the end shows the last one.
	mustContain(t, "page 9", founder.get("/founder?kind=culture_house&sort=name&page=9"), 200, "Учреждения 51–60 из 60")
	x := founder.get("/founder.xlsx?kind=culture_house")
	f, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := f.GetRows("Сводка"); len(rows) != 63 {
		t.Errorf("the summary export has %d rows, want 60 institutions and 3 heading rows", len(rows))
	}
}

// With a cache time, the dashboard's figures are read once, until anything
// they count changes: a write through the app, or one the app did not
// make (another replica, the CLI), shows at once, because the figures and
// the kept page are keyed by the database's change counters.
func TestFounderDashboardCache(t *testing.T) {
	t.Parallel()
	e, counter := countingEnv(t, app.Config{DashboardTTL: 10 * time.Second})
	founder := e.login("founder@example.org")
	cold := queriesFor(t, founder, counter, "/founder")
	warm := queriesFor(t, founder, counter, "/founder?sort=name")
	if warm >= cold {
		t.Fatalf("cached dashboard ran %d queries, %d cold", warm, cold)
	}
	// Other sorts, filters and pages reuse the figures; another year does not.
	if n := queriesFor(t, founder, counter, "/founder?kind=museum&page=2"); n != warm {
		t.Errorf("filtered page: %d queries, want %d", n, warm)
	}
	if n := queriesFor(t, founder, counter, "/founder?year="+nextYearS); n != cold {
		t.Errorf("another year: %d queries, want %d", n, cold)
	}
	// The same page again is served as kept: fewer statements still.
	kept := queriesFor(t, founder, counter, "/founder?sort=name")
	if kept >= warm {
		t.Errorf("the kept page ran %d queries, the figures alone %d", kept, warm)
	}
	// A write through the app shows at once.
	dir := e.login("director@example.org")
	plan := e.planID(museum)
	dir.get("/plans/" + itoa(plan) + "/approval")
	mustStatus(t, dir.post("/plans/"+itoa(plan)+"/submit", url.Values{}), 303)
	if n := queriesFor(t, founder, counter, "/founder"); n != cold {
		t.Errorf("after a write: %d queries, want a fresh read (%d)", n, cold)
	}
	mustContain(t, "after submit", founder.get("/founder?status=submitted"), 200, "Краеведческий музей")
	// A write elsewhere (another replica, the CLI) shows at once too.
	e.moreInstitutions(t, 1)
	mustContain(t, "after a write elsewhere", founder.get("/founder"), 200, "Дом культуры № 1<")

	// Eight views at once after a change build the page (and read the
	// figures) once; the others wait for it and serve it as kept.
	var people []*client
	for range 8 {
		people = append(people, e.login("founder@example.org"))
	}
	if _, err := e.store.DB().NewRaw(`UPDATE items SET measure = measure || '.' WHERE id = (SELECT min(id) FROM items)`).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := counter.Count()
	var wg sync.WaitGroup
	for _, c := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.get("/founder")
		}()
	}
	wg.Wait()
	if n := counter.Count() - before; n != 8*kept+(cold-kept) {
		t.Errorf("8 views at once ran %d queries, want %d (the page built once)", n, 8*kept+(cold-kept))
	}
}
