package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"planboard/domain"
	"planboard/storage"
)

// The people of the oversight tree in the authorisation matrix
// (docs/regions.md): region@ is the demo's region over the founder of the
// museum and the library; region2@ a region over founder2's culture house.
const (
	region  who = "region"
	region2 who = "region2"
)

// region2Over makes region2@, a region over founder f (founder2's).
func (m *matrix) region2Over(f int64) {
	ctx := context.Background()
	o := &domain.Overseer{Name: "Второй регион"}
	if err := m.e.store.CreateOverseer(ctx, o); err != nil {
		m.e.t.Fatal(err)
	}
	if err := m.e.store.AttachFounder(ctx, f, o.ID); err != nil {
		m.e.t.Fatal(err)
	}
	u := &domain.User{Email: "region2@example.org", FullName: "Второй Регион", PasswordHash: demoHash()}
	if err := m.e.store.CreateUser(ctx, u); err != nil {
		m.e.t.Fatal(err)
	}
	if err := m.e.store.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleRegion, OverseerID: o.ID}); err != nil {
		m.e.t.Fatal(err)
	}
}

// regionWant is a region person's expected status for a row that does not
// name it: the region sees the tenants of the founder below it (region:
// founder's, region2: founder2's) and may read and comment there only.
// So a foreign id stays 404 and a refusal stays a refusal; a page the
// founder reads, the region reads; a write the founder may do is 403 for
// the region, except where regionOwn says otherwise.
func regionWant(tc matrixCase, w who) (int, bool) {
	base, ok := map[who]who{region: founder, region2: founder2}[w]
	if !ok {
		return 0, false
	}
	if code, ok := regionOwn[tc.method+" "+tc.route+" "+tc.name][w]; ok {
		return code, true
	}
	if tc.route == "/founder" || strings.HasPrefix(tc.route, "/founder/") || strings.HasPrefix(tc.route, "/founder.") {
		return http.StatusForbidden, true // the founder's own surface refuses anyone without a founder's role first
	}
	code, ok := tc.want[base]
	if !ok {
		return 0, false
	}
	switch {
	case code == http.StatusNotFound || code == http.StatusUnauthorized || code == http.StatusForbidden:
		return code, true
	case tc.method == http.MethodGet:
		return code, true
	}
	return http.StatusForbidden, true
}

// regionOwn are the rows where a region differs from that rule, each
// checked by hand: a region comments like the founder; the approval's
// confirmation and a report's decision are refused before any lookup (the
// founder's 409 and 404 come after the policy); the staff list is for
// those who invite people into the institution, and a region invites none.
var regionOwn = map[string]want{
	"POST /items/:id/comments empty comment":                        {region: http.StatusUnprocessableEntity, region2: http.StatusNotFound},
	"GET /plans/:id/approve draft museum plan approve confirmation": {region: http.StatusForbidden, region2: http.StatusNotFound},
	"POST /plans/:id/reports/:rid/accept no such report":            {region: http.StatusForbidden, region2: http.StatusNotFound},
	"GET /institutions/:id/members museum staff list":               {region: http.StatusForbidden, region2: http.StatusNotFound},
	"GET /institutions/:id/members library staff list":              {region: http.StatusForbidden, region2: http.StatusNotFound},
	"GET /institutions/:id/members culture house staff list":        {region: http.StatusNotFound, region2: http.StatusForbidden},
	"GET /founders/:id/thresholds museum's founder":                 {region: http.StatusForbidden, region2: http.StatusNotFound},
	"GET /founders/:id/thresholds culture house's founder":          {region: http.StatusNotFound, region2: http.StatusForbidden},
}

// regionMatrixCases are the oversight tree's routes: the admin's tree.
func regionMatrixCases() []matrixCase {
	const ok, see, bad, forbid, missing = 200, 303, 422, 403, 404
	get, post := http.MethodGet, http.MethodPost
	adminOnly := func(code, anonCode int) want {
		return exp(anonCode, code, missing, missing, missing, missing, missing, missing, missing, missing)
	}
	return []matrixCase{
		{get, "/admin/regions", "the tree", fixed("/admin/regions"), nil, adminOnly(ok, see), false},
		{post, "/admin/regions", "new region", fixed("/admin/regions"), func(m *matrix) url.Values {
			return url.Values{"name": {m.unique("Регион ")}, "parent_id": {"0"}}
		}, adminOnly(see, unauth), false},
		{post, "/admin/regions/attach", "unknown region", fixed("/admin/regions/attach"), func(*matrix) url.Values {
			return url.Values{"founder_id": {"1"}, "region_id": {"999999"}}
		}, adminOnly(bad, unauth), false},
		{post, "/admin/regions/invitations", "no region", fixed("/admin/regions/invitations"), nil, adminOnly(bad, unauth), false},
		{get, "/region", "the region's dashboard", fixed("/region"), nil, regionsOnly(ok), false},
		{get, "/region", "region2's node", region2Node("/region?region=%d"), nil,
			exp(see, ok, forbid, forbid, forbid, forbid, forbid, forbid, missing, ok), false},
		{get, "/region", "a founder outside the region", fixed("/region?founder=999999"), nil,
			exp(see, missing, forbid, forbid, forbid, forbid, forbid, forbid, missing, missing), false},
		{get, "/region.xlsx", "the region's summary", fixed("/region.xlsx"), nil, regionsOnly(ok), false},
		{get, "/region/print", "the printable summary", fixed("/region/print"), nil, regionsOnly(ok), false},
		{get, "/region/recommendations", "the recommendations' matrix", fixed("/region/recommendations"), nil, regionsOnly(ok), false},
		{post, "/region/recommendations", "empty recommendation of the demo region", fixed("/region/recommendations"), func(m *matrix) url.Values {
			return url.Values{"region_id": {demoRegionID(m)}, "title": {""}}
		}, exp(unauth, bad, missing, missing, missing, missing, missing, missing, bad, missing), false},
		{get, "/plans/:id/recommendations", "museum plan's answers", planPath("/plans/%d/recommendations", museumPlanOf), nil, museumRead(ok), false},
		{post, "/plans/:id/recommendations", "museum plan's answers", planPath("/plans/%d/recommendations", museumPlanOf), nil, museumWrite(see, unauth), false},
	}
}

// demoRegionID is the demo region's node id, as a form sends it.
func demoRegionID(m *matrix) string {
	nodes, err := m.e.store.Overseers(context.Background(), domain.Scope{All: true})
	if err != nil {
		m.e.t.Fatal(err)
	}
	for _, n := range nodes {
		if n.Name == storage.DemoRegionName {
			return fmt.Sprint(n.ID)
		}
	}
	m.e.t.Fatal("no demo region")
	return ""
}

// regionsOnly: the regions' people and the admin; founders and
// institutions' people are refused, anonymous go to the login page.
func regionsOnly(code int) want {
	const forbid = http.StatusForbidden
	return exp(http.StatusSeeOther, code, forbid, forbid, forbid, forbid, forbid, forbid, code, code)
}

// region2Node is a path with region2's node id.
func region2Node(format string) func(*matrix) string {
	return func(m *matrix) string {
		nodes, err := m.e.store.Overseers(context.Background(), domain.Scope{All: true})
		if err != nil {
			m.e.t.Fatal(err)
		}
		for _, n := range nodes {
			if n.Name == "Второй регион" {
				return fmt.Sprintf(format, n.ID)
			}
		}
		m.e.t.Fatal("no second region")
		return ""
	}
}
