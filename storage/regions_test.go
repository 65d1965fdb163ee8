package storage_test

import (
	"context"
	"sort"
	"testing"

	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// regionWorld is the demo with its municipal founder, a second region
// with a founder and an institution of its own, and the federal level
// above both regions, each with a person.
type regionWorld struct {
	s                          *storage.Store
	regional, municipal, other map[int64]bool // plan ids by founder
}

func newRegionWorld(t *testing.T) regionWorld {
	t.Helper()
	s := pgtest.Store(t)
	ctx := context.Background()
	if _, err := s.LoadDemo(ctx, storage.DemoOptions{PasswordHash: "x", Now: demoNow, Municipal: true}); err != nil {
		t.Fatal(err)
	}
	nodes, err := s.Overseers(ctx, domain.Scope{All: true})
	if err != nil || len(nodes) != 1 {
		t.Fatalf("demo regions = %v (%v), want one", nodes, err)
	}
	kuzbass := nodes[0]
	fed := &domain.Overseer{Name: "Министерство культуры Российской Федерации"}
	must(t, s.CreateOverseer(ctx, fed))
	// The demo region was made at the top; the federal level goes above a
	// new region only (a node does not move), so the test builds its own
	// second region under the federal level and puts Kuzbass's founders
	// under a federal child as well through a fresh node.
	other := &domain.Overseer{ParentID: fed.ID, Name: "Министерство культуры Новосибирской области"}
	must(t, s.CreateOverseer(ctx, other))
	if len(other.Path) != 2 || other.Path[0] != fed.ID || other.Path[1] != other.ID {
		t.Fatalf("path of a child = %v, want [%d %d]", other.Path, fed.ID, other.ID)
	}
	f := &domain.Founder{Name: "Министерство культуры Новосибирской области"}
	must(t, s.CreateFounder(ctx, f))
	must(t, s.AttachFounder(ctx, f.ID, other.ID))
	in := &domain.Institution{FounderID: f.ID, Name: "Новосибирский театр", Kind: domain.KindTheatre, Slug: "nsk-teatr", TimeZone: "Asia/Novosibirsk"}
	must(t, s.CreateInstitution(ctx, in))
	admin, err := s.UserByEmail(ctx, "admin@example.org")
	must(t, err)
	must(t, s.CreatePlan(ctx, &domain.Plan{InstitutionID: in.ID, Year: 2026, Title: "План театра", Status: domain.PlanDraft}, nil, admin))
	// Kuzbass under the federal level: a new node, the demo's founders moved to it.
	kuz2 := &domain.Overseer{ParentID: fed.ID, Name: "Кузбасс (федеральный учёт)"}
	must(t, s.CreateOverseer(ctx, kuz2))

	person := func(email string, m domain.Membership) {
		u := &domain.User{Email: email}
		must(t, s.CreateUser(ctx, u))
		m.UserID = u.ID
		must(t, s.AddMembership(ctx, &m))
	}
	person("region2@example.org", domain.Membership{Role: domain.RoleRegion, OverseerID: other.ID})
	person("federal@example.org", domain.Membership{Role: domain.RoleRegion, OverseerID: fed.ID})
	founders, err := s.RegionFounders(ctx, domain.Scope{All: true})
	must(t, err)
	w := regionWorld{s: s, regional: map[int64]bool{}, municipal: map[int64]bool{}, other: map[int64]bool{}}
	var muniID int64
	for _, fo := range founders {
		if fo.Name == storage.DemoMunicipalFounderName {
			muniID = fo.ID
			person("municipal@example.org", domain.Membership{Role: domain.RoleFounder, FounderID: fo.ID})
		}
		if fo.OverseerID == kuzbass.ID && !fo.Below(kuzbass.ID) {
			t.Fatalf("founder %s: path %v lacks its node", fo.Name, fo.OverseerPath)
		}
	}
	plans, err := s.Plans(ctx, domain.Scope{All: true})
	must(t, err)
	for _, p := range plans {
		switch p.Institution.FounderID {
		case muniID:
			w.municipal[p.Plan.ID] = true
		case f.ID:
			w.other[p.Plan.ID] = true
		default:
			w.regional[p.Plan.ID] = true
		}
	}
	if len(w.regional) != 2 || len(w.municipal) != 2 || len(w.other) != 1 {
		t.Fatalf("plans: regional %v, municipal %v, other %v", w.regional, w.municipal, w.other)
	}
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func union(sets ...map[int64]bool) []int64 {
	var out []int64
	for _, s := range sets {
		for id := range s {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// TestRegionTreeIsolation: each node sees its subtree and nothing beside
// it; a foreign plan is not found; a municipal founder never sees the
// region's own institutions; the region never approves.
func TestRegionTreeIsolation(t *testing.T) {
	w := newRegionWorld(t)
	ctx := context.Background()
	all := union(w.regional, w.municipal, w.other)
	cases := []struct {
		email string
		sees  []int64
	}{
		{"region@example.org", union(w.regional, w.municipal)},
		{"municipal@example.org", union(w.municipal)},
		{"founder@example.org", union(w.regional)},
		{"region2@example.org", union(w.other)},
		{"federal@example.org", union(w.other)}, // Kuzbass hangs at the top, not under the federal node
	}
	for _, c := range cases {
		a := actor(t, w.s, c.email)
		sc := a.Scope()
		plans, err := w.s.Plans(ctx, sc)
		must(t, err)
		var got []int64
		for _, p := range plans {
			got = append(got, p.Plan.ID)
		}
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		if !equalIDs(got, c.sees) {
			t.Errorf("%s sees plans %v, want %v", c.email, got, c.sees)
		}
		for _, id := range all {
			p, inst, err := w.s.PlanWithInstitution(ctx, sc, id)
			visible := contains(c.sees, id)
			if visible && err != nil {
				t.Errorf("%s: own plan %d: %v", c.email, id, err)
			}
			if !visible && domain.ErrorCode(err) != domain.ENotFound {
				t.Errorf("%s: foreign plan %d: %v, want not found", c.email, id, err)
			}
			if visible && a.IsOverseer() {
				r := domain.Resource{InstitutionID: inst.ID, FounderID: inst.FounderID}
				if !domain.Can(a, domain.ActView, r) || !domain.Can(a, domain.ActComment, r) {
					t.Errorf("%s may not read or comment plan %d", c.email, p.ID)
				}
				for _, act := range []domain.Action{domain.ActApprovePlan, domain.ActEditPlan, domain.ActViewFounder, domain.ActAssess, domain.ActReviewItem} {
					if domain.Can(a, act, r) {
						t.Errorf("%s may %s plan %d", c.email, act, p.ID)
					}
				}
			}
		}
	}
}

// TestFederalSeesAll: once the Kuzbass founders hang under a node below
// the federal level, the federal person sees every plan, and the
// dashboard key of the founders moves with the attachment.
func TestFederalSeesAll(t *testing.T) {
	w := newRegionWorld(t)
	ctx := context.Background()
	nodes, err := w.s.Overseers(ctx, domain.Scope{All: true})
	must(t, err)
	var kuz2 int64
	for _, n := range nodes {
		if n.Name == "Кузбасс (федеральный учёт)" {
			kuz2 = n.ID
		}
	}
	founders, err := w.s.RegionFounders(ctx, domain.Scope{All: true})
	must(t, err)
	for _, f := range founders {
		if f.Name != "Министерство культуры Новосибирской области" {
			must(t, w.s.AttachFounder(ctx, f.ID, kuz2))
		}
	}
	fed := actor(t, w.s, "federal@example.org")
	plans, err := w.s.Plans(ctx, fed.Scope())
	must(t, err)
	if len(plans) != 5 {
		t.Errorf("federal sees %d plans, want 5", len(plans))
	}
	// The federal person sees every node below it, not the old Kuzbass node at the top.
	visible, err := w.s.Overseers(ctx, fed.Scope())
	must(t, err)
	if len(visible) != 3 {
		t.Errorf("federal sees %d nodes, want 3: %v", len(visible), visible)
	}
	if _, err := w.s.Overseer(ctx, actor(t, w.s, "region2@example.org").Scope(), kuz2); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a region reads a sibling node: %v", err)
	}
	// The old Kuzbass node is empty now: its person sees nothing.
	if got, _ := w.s.Plans(ctx, actor(t, w.s, "region@example.org").Scope()); len(got) != 0 {
		t.Errorf("the emptied region still sees %d plans", len(got))
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func contains(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// TestNationalDemo: the synthetic set with regions spreads the
// institutions over a federal node's regions, each with its ministry and
// municipal founders; federal@ sees every plan, region@ its region's only.
func TestNationalDemo(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	if _, err := s.LoadDemo(ctx, storage.DemoOptions{PasswordHash: "x", Now: demoNow, Institutions: 60, Items: 2, Regions: 3}); err != nil {
		t.Fatal(err)
	}
	nodes, err := s.Overseers(ctx, domain.Scope{All: true})
	must(t, err)
	if len(nodes) != 4 || nodes[0].Depth() != 0 || nodes[1].Depth() != 1 {
		t.Fatalf("nodes = %v, want the federal level over three regions", nodes)
	}
	all, err := s.Plans(ctx, domain.Scope{All: true})
	must(t, err)
	fed, err := s.Plans(ctx, actor(t, s, "federal@example.org").Scope())
	must(t, err)
	reg, err := s.Plans(ctx, actor(t, s, "region@example.org").Scope())
	must(t, err)
	if len(all) != 60 || len(fed) != 60 || len(reg) != 20 {
		t.Errorf("plans: all %d, federal %d, first region %d; want 60, 60, 20", len(all), len(fed), len(reg))
	}
	founders, err := s.RegionFounders(ctx, actor(t, s, "region@example.org").Scope())
	must(t, err)
	if len(founders) < 2 {
		t.Errorf("the first region has %d founders, want its ministry and municipal ones", len(founders))
	}
}
