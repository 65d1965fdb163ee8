package storage_test

import (
	"context"
	"testing"

	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// An item update carries the caller's scope and is filtered by it in the
// statement itself: built from outside input for another tenant, it
// changes nothing, even with the right id and version.
func TestItemUpdateKeepsToTheCallersScope(t *testing.T) {
	s, plans := demoPlans(t)
	ctx := context.Background()
	museum, library := plans[0], plans[1]
	items, err := s.PlanItems(ctx, domain.Scope{All: true}, museum.Plan.ID)
	if err != nil || len(items) == 0 {
		t.Fatal(err)
	}
	old := items[0]
	cur := old
	cur.Measure = "Чужая правка"
	for _, sc := range []domain.Scope{{}, {InstitutionIDs: []int64{library.Institution.ID}}, {FounderIDs: []int64{old.InstitutionID + 1000}}} {
		err := s.UpdateItem(ctx, domain.ItemUpdate{Scope: sc, Old: old, New: cur, Names: func(int64) string { return "" }})
		if err == nil {
			t.Errorf("scope %+v: the update of another tenant's item went through", sc)
		}
	}
	if got, _ := s.ItemWithAssignees(ctx, domain.Scope{All: true}, old.ID); got.Measure != old.Measure || got.Version != old.Version {
		t.Fatalf("item changed to %q v%d", got.Measure, got.Version)
	}
	own := domain.Scope{InstitutionIDs: []int64{old.InstitutionID}}
	if err := s.UpdateItem(ctx, domain.ItemUpdate{Scope: own, Old: old, New: cur, Names: func(int64) string { return "" }}); err != nil {
		t.Fatalf("own scope: %v", err)
	}
}

// An institution's mail rules are written only inside the caller's scope.
func TestMailRulesKeepToTheCallersScope(t *testing.T) {
	s, plans := demoPlans(t)
	ctx := context.Background()
	museum, library := plans[0].Institution.ID, plans[1].Institution.ID
	rules := domain.MailRules{RemindOffsets: []int{5}, OverdueEvery: 2, EscalateDirector: 4, EscalateFounder: 20}
	if err := s.SaveInstitutionMailRules(ctx, domain.Scope{InstitutionIDs: []int64{library}}, museum, rules); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("foreign institution's rules: %v, want not found", err)
	}
	if err := s.SaveInstitutionMailRules(ctx, domain.Scope{InstitutionIDs: []int64{museum}}, museum, rules); err != nil {
		t.Fatalf("own rules: %v", err)
	}
	if err := s.SaveInstitutionMailRules(ctx, domain.Scope{InstitutionIDs: []int64{museum}}, museum, rules); err != nil {
		t.Fatalf("own rules again (the upsert's update): %v", err)
	}
}

// demoPlans is a store with the demo data and its two plans (the museum's,
// then the library's).
func demoPlans(t *testing.T) (*storage.Store, []domain.PlanSummary) {
	t.Helper()
	s := pgtest.Store(t)
	ctx := context.Background()
	if _, err := s.LoadDemo(ctx, storage.DemoOptions{PasswordHash: "x", Now: pgtest.Now()}); err != nil {
		t.Fatal(err)
	}
	plans, err := s.Plans(ctx, domain.Scope{All: true})
	if err != nil || len(plans) < 2 {
		t.Fatalf("plans: %v", err)
	}
	return s, plans
}
