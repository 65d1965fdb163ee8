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

// A member's role is changed only inside the caller's scope: another
// tenant's scope, or none, changes nothing and is not found.
func TestMemberRoleKeepsToTheCallersScope(t *testing.T) {
	s, plans := demoPlans(t)
	ctx := context.Background()
	museum, library := plans[0].Institution.ID, plans[1].Institution.ID
	u, err := s.UserByEmail(ctx, "staff@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []domain.Scope{{}, {InstitutionIDs: []int64{library}}, {FounderIDs: []int64{plans[0].Institution.FounderID + 1000}}} {
		if err := s.SetMemberRole(ctx, sc, museum, u.ID, domain.RoleDirector); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("scope %+v: %v, want not found", sc, err)
		}
	}
	role := func() domain.Role {
		ms, _ := s.InstitutionMembers(ctx, museum)
		for _, m := range ms {
			if m.User.ID == u.ID {
				return m.Role
			}
		}
		return ""
	}
	if r := role(); r != domain.RoleStaff {
		t.Fatalf("role changed from a foreign scope: %q", r)
	}
	for _, sc := range []domain.Scope{{InstitutionIDs: []int64{museum}}, {FounderIDs: []int64{plans[0].Institution.FounderID}}, {All: true}} {
		if err := s.SetMemberRole(ctx, sc, museum, u.ID, domain.RoleDirector); err != nil || role() != domain.RoleDirector {
			t.Fatalf("scope %+v: %v, role %q", sc, err, role())
		}
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

// The smaller writes on an item and a plan carry the caller's scope too:
// from another tenant's scope each changes nothing and answers an error.
func TestItemAndPlanWritesKeepToTheCallersScope(t *testing.T) {
	s, plans := demoPlans(t)
	ctx := context.Background()
	museum, library := plans[0], plans[1]
	items, err := s.PlanItems(ctx, domain.Scope{All: true}, museum.Plan.ID)
	if err != nil || len(items) < 2 {
		t.Fatal(err)
	}
	var it domain.Item
	for _, x := range items {
		if len(x.Checklist) > 0 {
			it = x
		}
	}
	if it.ID == 0 {
		t.Fatal("no demo item with a checklist")
	}
	by := domain.User{ID: 1, FullName: "Чужой"}
	foreign := domain.Scope{InstitutionIDs: []int64{library.Institution.ID}}
	plan := museum.Plan
	plan.Title = "Чужой план"
	writes := map[string]func(sc domain.Scope) error{
		"UpdatePlan":        func(sc domain.Scope) error { return s.UpdatePlan(ctx, sc, plan) },
		"SetChecklistPoint": func(sc domain.Scope) error { return s.SetChecklistPoint(ctx, sc, it, it.Checklist[0].ID, true, by) },
		"AddAttachment": func(sc domain.Scope) error {
			return s.AddAttachment(ctx, sc, it, by, &domain.Attachment{Kind: "link", URL: "https://example.org/x"})
		},
		"MoveItem": func(sc domain.Scope) error { return s.MoveItem(ctx, sc, it, 1) },
		"UpdateOccurrence": func(sc domain.Scope) error {
			return s.UpdateOccurrence(ctx, sc, it, domain.Occurrence{ID: 1, Done: true}, by, "x")
		},
		"DeleteItem": func(sc domain.Scope) error { return s.DeleteItem(ctx, sc, it, by) },
	}
	for name, w := range writes {
		for _, sc := range []domain.Scope{{}, foreign} {
			if err := w(sc); err == nil {
				t.Errorf("%s from scope %+v went through", name, sc)
			}
		}
	}
	after, err := s.ItemWithAssignees(ctx, domain.Scope{All: true}, it.ID)
	if err != nil {
		t.Fatalf("the item is gone: %v", err)
	}
	if after.Version != it.Version || after.Position != it.Position || after.Checklist[0].Done != it.Checklist[0].Done {
		t.Errorf("item changed: v%d→v%d, position %d→%d", it.Version, after.Version, it.Position, after.Position)
	}
	if ev, _ := s.ItemAttachments(ctx, it); len(ev) != 0 {
		t.Errorf("evidence added from a foreign scope: %+v", ev)
	}
	if p, _ := s.Plan(ctx, domain.Scope{All: true}, plan.ID); p.Title == "Чужой план" {
		t.Error("plan retitled from a foreign scope")
	}
	own := domain.Scope{InstitutionIDs: []int64{it.InstitutionID}}
	if err := s.SetChecklistPoint(ctx, own, it, it.Checklist[0].ID, true, by); err != nil {
		t.Errorf("own scope tick: %v", err)
	}
	if err := s.UpdatePlan(ctx, own, plan); err != nil {
		t.Errorf("own scope plan edit: %v", err)
	}
	if err := s.DeleteItem(ctx, own, it, by); err != nil {
		t.Errorf("own scope delete: %v", err)
	}
}
