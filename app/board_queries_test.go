package app_test

import (
	"context"
	"fmt"
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
	db := pgtest.DB(t)
	store := storage.New(db)
	if _, err := store.LoadDemo(context.Background(), storage.DemoOptions{PasswordHash: demoHash(), Now: testNow}); err != nil {
		t.Fatal(err)
	}
	counter := storage.CountQueries(db)
	e := &env{t: t, store: store, now: testNow}
	a, err := app.New(app.Deps{Store: store, Now: func() time.Time { return e.now }, Config: cfg})
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
		if err := e.store.AddItem(ctx, &it, staff); err != nil {
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
}
