package storage_test

import (
	"context"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

var demoNow = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) // 09:00 in Novokuznetsk

func loadDemo(t *testing.T, s *storage.Store) []domain.DemoUser {
	t.Helper()
	users, err := s.LoadDemo(context.Background(), storage.DemoOptions{PasswordHash: "x", Now: demoNow})
	if err != nil {
		t.Fatalf("LoadDemo: %v", err)
	}
	return users
}

func actor(t *testing.T, s *storage.Store, email string) domain.Actor {
	t.Helper()
	u, err := s.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("UserByEmail(%s): %v", email, err)
	}
	_, a, err := s.Actor(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLoadDemo(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	users := loadDemo(t, s)
	want := []string{"admin@example.org", "founder@example.org", "director@example.org", "staff@example.org", "director2@example.org", "staff2@example.org", "region@example.org"}
	if len(users) != len(want) {
		t.Fatalf("demo users = %v", users)
	}
	for i, u := range users {
		if u.Email != want[i] {
			t.Errorf("user %d = %s, want %s", i, u.Email, want[i])
		}
	}
	if _, err := s.LoadDemo(ctx, storage.DemoOptions{PasswordHash: "x", Now: demoNow}); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("second LoadDemo = %v, want conflict", err)
	}

	plans, err := s.Plans(ctx, actor(t, s, "admin@example.org").Scope())
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != 2 {
		t.Fatalf("plans = %d, want 2", len(plans))
	}
	for _, p := range plans {
		if p.Plan.Year != 2026 || p.Total == 0 || p.Done == 0 {
			t.Errorf("plan %+v: want year 2026 with some items done", p)
		}
		items, err := s.PlanItems(ctx, domain.Scope{All: true}, p.Plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		tz, _ := time.LoadLocation(storage.DemoZone)
		today := domain.Today(demoNow, tz)
		var overdue, soon, checklist int
		for i := range items {
			if domain.IsOverdue(&items[i], today) {
				overdue++
			}
			if domain.IsDueSoon(&items[i], today, 7) {
				soon++
			}
			checklist += len(items[i].Checklist)
			if items[i].AssigneeID == 0 {
				t.Errorf("item %d has no assignee", items[i].ID)
			}
		}
		if overdue == 0 || soon == 0 || checklist == 0 {
			t.Errorf("%s: overdue=%d due-soon=%d checklist points=%d; want some of each", p.Institution.Name, overdue, soon, checklist)
		}
	}
}

func TestScopeHidesForeignTenants(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	loadDemo(t, s)
	all, _ := s.Plans(ctx, domain.Scope{All: true})
	var museumPlan, libraryPlan int64
	for _, p := range all {
		if p.Institution.Slug == "kraevedcheskiy-muzey" {
			museumPlan = p.Plan.ID
		} else {
			libraryPlan = p.Plan.ID
		}
	}
	cases := []struct {
		email   string
		plans   int
		museum  bool
		library bool
	}{
		{"admin@example.org", 2, true, true},
		{"founder@example.org", 2, true, true},
		{"director@example.org", 1, true, false},
		{"staff@example.org", 1, true, false},
		{"staff2@example.org", 1, false, true},
	}
	for _, c := range cases {
		sc := actor(t, s, c.email).Scope()
		got, err := s.Plans(ctx, sc)
		if err != nil || len(got) != c.plans {
			t.Errorf("%s sees %d plans (%v), want %d", c.email, len(got), err, c.plans)
		}
		for id, want := range map[int64]bool{museumPlan: c.museum, libraryPlan: c.library} {
			_, err := s.Plan(ctx, sc, id)
			if want && err != nil {
				t.Errorf("%s: plan %d: %v", c.email, id, err)
			}
			if !want && domain.ErrorCode(err) != domain.ENotFound {
				t.Errorf("%s: foreign plan %d: err = %v, want not found", c.email, id, err)
			}
			items, err := s.PlanItems(ctx, sc, id)
			if err != nil || (len(items) > 0) != want {
				t.Errorf("%s: items of plan %d: %d (%v), visible want %v", c.email, id, len(items), err, want)
			}
		}
	}
	// A stranger with no membership sees nothing at all.
	stranger := &domain.User{Email: "nobody@example.org"}
	if err := s.CreateUser(ctx, stranger); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Plans(ctx, domain.Actor{UserID: stranger.ID}.Scope()); len(got) != 0 {
		t.Errorf("stranger sees %d plans", len(got))
	}
}
