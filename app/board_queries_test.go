package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"planboard/app"
	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// countingEnv is newEnv with a query counter on the database and the given
// web configuration.
func countingEnv(t *testing.T, cfg app.Config) (*env, *storage.QueryCounter) {
	t.Helper()
	db := pgtest.Demo(t, demoHash())
	store := storage.New(db)
	counter := storage.CountQueries(db)
	e := &env{t: t, store: store, now: testNow}
	a, err := app.New(app.Deps{Store: store, Now: func() time.Time { return e.now }, Config: cfg, Passwords: passwords})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	return e, counter
}

// queriesFor returns how many SQL statements one page view runs.
func queriesFor(t *testing.T, c *client, counter *storage.QueryCounter, path string) int64 {
	t.Helper()
	before := counter.Count()
	mustStatus(t, c.get(path), 200)
	return counter.Count() - before
}

func TestBoardAndTableQueryCountDoesNotGrow(t *testing.T) {
	t.Parallel()
	e, counter := countingEnv(t, app.Config{})
	ctx := context.Background()
	planID := e.planID(museum)
	plan, _ := e.store.Plan(ctx, domain.Scope{All: true}, planID)
	items, _ := e.store.PlanItems(ctx, domain.Scope{All: true}, planID)
	dir := e.login("director@example.org")
	pages := []string{fmt.Sprintf("/plans/%d", planID), fmt.Sprintf("/plans/%d/board", planID),
		fmt.Sprintf("/plans/%d/board?overdue=1&section=3", planID), "/my"}
	small := map[string]int64{}
	for _, p := range pages {
		small[p] = queriesFor(t, dir, counter, p)
	}
	staff, _ := e.store.UserByEmail(ctx, "director@example.org")
	for n := len(items); n < 60; n++ {
		it := domain.Item{PlanID: plan.ID, InstitutionID: plan.InstitutionID, Section: domain.Section3, Measure: fmt.Sprintf("Мера %d", n),
			Deadline: domain.DateDeadline(domain.NewDate(2026, 11, 1)), AssigneeID: staff.ID,
			Checklist: []domain.ChecklistPoint{{Text: "пункт"}}}
		if err := e.store.AddItem(ctx, &it, staff, domain.Notices{}); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := e.store.PlanItems(ctx, domain.Scope{All: true}, planID); len(got) != 60 || len(items) >= 60 {
		t.Fatalf("want %d → 60 items, have %d", len(items), len(got))
	}
	for _, p := range pages {
		if big := queriesFor(t, dir, counter, p); big != small[p] {
			t.Errorf("%s: %d queries with %d items, %d with 60", p, small[p], len(items), big)
		} else {
			t.Logf("%s: %d queries with %d and with 60 items", p, big, len(items))
		}
	}

	// ~5,000 items: every page of the table (first, middle, last) runs as
	// many queries as the table of a few items, and shows at most 50 rows.
	if _, err := e.store.DB().NewRaw(`INSERT INTO items (plan_id, institution_id, position, section, measure, deadline_kind, deadline_date, assignee_id, status)
		SELECT plan_id, institution_id, position + 1000 * g, section, measure, deadline_kind, deadline_date, assignee_id, status
		FROM items, generate_series(1, 82) g WHERE plan_id = ?`, planID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	table := fmt.Sprintf("/plans/%d", planID)
	for q, want := range map[string]int{"": 50, "?page=2": 50, "?page=50": 50, "?page=100": 4980 - 99*50} {
		if n := queriesFor(t, dir, counter, table+q); n != small[table] {
			t.Errorf("%s%s: %d queries with 4,980 items, %d with %d", table, q, n, small[table], len(items))
		}
		if rows := strings.Count(dir.get(table+q).Body, `<tr id="item-`); rows != want {
			t.Errorf("%s%s: %d rows, want %d", table, q, rows, want)
		}
	}
	board := fmt.Sprintf("/plans/%d/board", planID)
	if n := queriesFor(t, dir, counter, board); n != small[board] {
		t.Errorf("%s: %d queries with 4,980 items, %d with %d", board, n, small[board], len(items))
	}
}

// The plan table shows 50 items a page, numbered on across pages within
// their sections, with the whole plan's figures on every page and a page
// navigation that marks the current page.
func TestPlanTablePages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	planID := e.planID(museum)
	if _, err := e.store.DB().NewRaw(`INSERT INTO items (plan_id, institution_id, position, section, measure, deadline_kind, deadline_date, assignee_id, status)
		SELECT plan_id, institution_id, position + 1000 * g, '3', measure || ' (' || g || ')', deadline_kind, deadline_date, assignee_id, 'done'
		FROM items, generate_series(1, 10) g WHERE plan_id = ?`, planID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	items, _ := e.store.PlanItems(ctx, domain.Scope{All: true}, planID)
	progress, total := domain.PlanProgress(items, domain.Today(testNow, time.FixedZone("", 7*3600)))
	n := len(items)
	if sectionItems(progress, domain.Section3) < 11 || n <= 50 || n > 100 {
		t.Fatalf("want 51–100 items, have %d", n)
	}
	dir := e.login("director@example.org")
	path := fmt.Sprintf("/plans/%d", planID)
	first, second := dir.get(path), dir.get(path+"?page=2")
	mustStatus(t, first, 200)
	mustStatus(t, second, 200)
	for _, want := range []string{fmt.Sprintf("Мероприятия 1–50 из %d", n), `href="?page=2" rel="next"`, `href="?page=1" aria-current="page"`,
		fmt.Sprintf("<strong>%d / %d (%d%%)</strong>", total.Done, total.Total, total.Percent())} {
		if !strings.Contains(first.Body, want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	for _, want := range []string{fmt.Sprintf("Мероприятия 51–%d из %d", n, n), `href="?page=2" aria-current="page"`, `rel="prev"`,
		fmt.Sprintf("<strong>%d / %d (%d%%)</strong>", total.Done, total.Total, total.Percent()), fmt.Sprintf(`data-label="№">III.%d`, sectionItems(progress, domain.Section3))} {
		if !strings.Contains(second.Body, want) {
			t.Errorf("page 2 lacks %q", want)
		}
	}
	if strings.Contains(second.Body, `id="item-`+strconv.FormatInt(items[0].ID, 10)+`"`) || !strings.Contains(second.Body, `id="item-`+strconv.FormatInt(items[n-1].ID, 10)+`"`) {
		t.Error("page 2 does not hold the plan's last items only")
	}
	if last := dir.get(path + "?page=999"); !strings.Contains(last.Body, `href="?page=2" aria-current="page"`) {
		t.Error("a page past the end does not show the last page")
	}
	// Reordering and bulk editing on page 2 come back to page 2.
	lastID := strconv.FormatInt(items[n-1].ID, 10)
	move := `formaction="/items/` + lastID + `/move?page=2"`
	if !strings.Contains(second.Body, move) || !strings.Contains(second.Body, `action="`+path+`/bulk?page=2"`) {
		t.Fatalf("page 2's forms do not keep the page (%s)", move)
	}
	dir.get(path + "?page=2")
	r := dir.post("/items/"+lastID+"/move?page=2", url.Values{"dir": {"up"}})
	if r.Status != 303 || r.Location != path+"?page=2#item-"+lastID {
		t.Errorf("move on page 2 = %d → %q", r.Status, r.Location)
	}
}

func sectionItems(progress []domain.Progress, s domain.Section) int {
	for _, p := range progress {
		if p.Section == s {
			return p.Items
		}
	}
	return 0
}
