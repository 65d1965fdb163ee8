package api_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"testing"

	"planboard/domain"
)

// target is the tenant a row's ids come from: the museum (the own tenant
// of the founder, the director and the staff member) or the culture house
// under another founder (foreign to all but the admin).
type target struct{ plan, item int64 }

// call is one request of a row.
type rowCall struct {
	path string
	body any
	hdr  []string
}

// row is one route of the matrix: how to call it on a target, whether it
// takes an id (and so has a foreign column), and what each role gets on
// the own tenant with a read-write token. Writes are sent so that they
// change nothing when allowed (a stale version: 409; a missing required
// text: 422), because the policy speaks before the version and the fields.
type row struct {
	build  func(w *world, t target) rowCall
	byID   bool
	expect map[role]int
}

// exp lists statuses in the order of roles: admin, founder, director, staff, outsider.
func exp(codes ...int) map[role]int {
	m := map[role]int{}
	for i, c := range codes {
		m[roles[i]] = c
	}
	return m
}

const (
	ok    = http.StatusOK
	s403  = http.StatusForbidden
	s404  = http.StatusNotFound
	stale = http.StatusConflict
	bad   = http.StatusUnprocessableEntity
)

func staleVersion() map[string]any { return map[string]any{"version": -1} }

func closeForm(version string) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("version", version)
	_ = mw.WriteField("implemented", "Кулер установлен в холле")
	_ = mw.WriteField("completed_on", "2026-01-15")
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// rows is keyed by operation id: the API's route table must match it.
var rows = map[string]row{
	"get-me": {build: func(w *world, t target) rowCall { return rowCall{path: "/api/v1/me"} },
		expect: exp(ok, ok, ok, ok, ok)},
	"list-institutions": {build: func(w *world, t target) rowCall { return rowCall{path: "/api/v1/institutions"} },
		expect: exp(ok, ok, ok, ok, ok)},
	"list-plans": {build: func(w *world, t target) rowCall { return rowCall{path: "/api/v1/plans"} },
		expect: exp(ok, ok, ok, ok, ok)},
	"get-dashboard": {build: func(w *world, t target) rowCall { return rowCall{path: "/api/v1/dashboard"} },
		expect: exp(ok, ok, s403, s403, s403)},
	"get-institution-survey": {byID: true, build: func(w *world, t target) rowCall {
		p, err := w.store.Plan(context.Background(), domain.Scope{All: true}, t.plan)
		if err != nil {
			w.t.Fatal(err)
		}
		return rowCall{path: "/api/v1/institutions/" + id(p.InstitutionID) + "/survey"}
	}, expect: exp(ok, ok, ok, ok, s404)},
	"get-plan": {byID: true, build: func(w *world, t target) rowCall { return rowCall{path: "/api/v1/plans/" + id(t.plan)} },
		expect: exp(ok, ok, ok, ok, s404)},
	"list-plan-items": {byID: true, build: func(w *world, t target) rowCall { return rowCall{path: "/api/v1/plans/" + id(t.plan) + "/items"} },
		expect: exp(ok, ok, ok, ok, s404)},
	"list-plan-reports": {byID: true, build: func(w *world, t target) rowCall { return rowCall{path: "/api/v1/plans/" + id(t.plan) + "/reports"} },
		expect: exp(ok, ok, ok, ok, s404)},
	"get-item": {byID: true, build: func(w *world, t target) rowCall { return rowCall{path: "/api/v1/items/" + id(t.item)} },
		expect: exp(ok, ok, ok, ok, s404)},
	"create-item": {byID: true, build: func(w *world, t target) rowCall {
		return rowCall{path: "/api/v1/plans/" + id(t.plan) + "/items", body: map[string]any{"section": "2", "measure": ""}}
	}, expect: exp(bad, s403, bad, s403, s404)},
	"update-item": {byID: true, build: func(w *world, t target) rowCall {
		return rowCall{path: "/api/v1/items/" + id(t.item), body: map[string]any{"version": -1, "measure": "Другое"}}
	}, expect: exp(stale, s403, stale, s403, s404)},
	"assign-item": {byID: true, build: func(w *world, t target) rowCall {
		return rowCall{path: "/api/v1/items/" + id(t.item) + "/assignee", body: map[string]any{"version": -1, "assignee": 0}}
	}, expect: exp(stale, s403, stale, s403, s404)},
	"move-deadline": {byID: true, build: func(w *world, t target) rowCall {
		return rowCall{path: "/api/v1/items/" + id(t.item) + "/deadline", body: map[string]any{"version": -1, "deadline": "постоянно"}}
	}, expect: exp(stale, s403, stale, s403, s404)},
	"change-status": {byID: true, build: func(w *world, t target) rowCall {
		return rowCall{path: "/api/v1/items/" + id(t.item) + "/status", body: map[string]any{"version": -1, "transition": "start"}}
	}, expect: exp(stale, s403, stale, stale, s404)},
	"close-item": {byID: true, build: func(w *world, t target) rowCall {
		b, ct := closeForm("-1")
		return rowCall{path: "/api/v1/items/" + id(t.item) + "/close", body: b, hdr: []string{"Content-Type", ct}}
	}, expect: exp(stale, s403, stale, stale, s404)},
	"add-comment": {byID: true, build: func(w *world, t target) rowCall {
		return rowCall{path: "/api/v1/items/" + id(t.item) + "/comments", body: map[string]any{"body": "   "}}
	}, expect: exp(bad, bad, bad, bad, s404)},
	"transition-plan": {byID: true, build: func(w *world, t target) rowCall {
		return rowCall{path: "/api/v1/plans/" + id(t.plan) + "/transitions", body: map[string]any{"transition": "return", "remarks": ""}}
	}, expect: exp(bad, bad, s403, s403, s404)},
}

// TestAuthorizationMatrix calls every API route as every role, on the own
// and the foreign tenant, with every kind of token: a read-only token is
// refused on writes (403), revoked and expired tokens answer 401, foreign
// ids 404, and nothing else than the row says. A route without a row (or
// a row without a route) fails the test.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.openAPI(t) // every answer below is validated against the document
	routes := w.app.API().Routes()
	seen := map[string]bool{}
	for _, r := range routes {
		seen[r.OperationID] = true
		if _, ok := rows[r.OperationID]; !ok {
			t.Errorf("route %s %s (%s) has no row in the matrix", r.Method, r.Path, r.OperationID)
		}
	}
	for op := range rows {
		if !seen[op] {
			t.Errorf("matrix row %s names no route", op)
		}
	}
	own := target{plan: w.museumPlan, item: w.museumItem}
	foreign := target{plan: w.housePlan, item: w.houseItem}
	for _, r := range routes {
		rw := rows[r.OperationID]
		if rw.build == nil {
			continue
		}
		for _, who := range roles {
			for _, k := range kinds {
				for _, tgt := range []string{"own", "foreign"} {
					if tgt == "foreign" && !rw.byID {
						continue
					}
					tg, want := own, rw.expect[who]
					if tgt == "foreign" {
						tg = foreign
						if who != admin {
							want = s404
						}
					}
					switch {
					case k == revokedTok || k == expiredTok:
						want = http.StatusUnauthorized
					case k == readTok && r.Write:
						want = s403
					}
					c := rw.build(w, tg)
					got := w.call(r.Method, c.path, w.tokens[who][k], c.body, c.hdr...)
					if got.status != want {
						t.Errorf("%s %s as %s (%s token, %s tenant): %d, want %d: %s", r.Method, c.path, who, k, tgt, got.status, want, got.body)
					}
					if got.status >= 400 && got.header.Get("Content-Type") != "application/problem+json" {
						t.Errorf("%s %s as %s: error answered as %q", r.Method, c.path, who, got.header.Get("Content-Type"))
					}
				}
			}
		}
	}
	// No token at all, and a cookie of a signed-in page session, are 401 alike.
	if got := w.call(http.MethodGet, "/api/v1/plans", "", nil, "Cookie", "session=whatever"); got.status != http.StatusUnauthorized ||
		got.header.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d %v", got.status, got.header)
	}
}
