package api_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"planboard/app"
)

// TestRemovedMembershipEndsTokenAtOnce: the token's user is resolved on
// every request, so removing the staff member from the museum takes the
// museum away from their live token on the next call.
func TestRemovedMembershipEndsTokenAtOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	tok := w.tokens[staff][readTok]
	if got := w.call(http.MethodGet, "/api/v1/plans/"+id(w.museumPlan), tok, nil); got.status != http.StatusOK {
		t.Fatalf("before: %d", got.status)
	}
	if err := w.store.RemoveMember(context.Background(), w.museum, w.museumStaffID); err != nil {
		t.Fatal(err)
	}
	if got := w.call(http.MethodGet, "/api/v1/plans/"+id(w.museumPlan), tok, nil); got.status != http.StatusNotFound {
		t.Errorf("after the removal: %d %s", got.status, got.body)
	}
	var l struct{ Data []struct{ ID int64 } }
	w.call(http.MethodGet, "/api/v1/plans", tok, nil).json(t, &l)
	if len(l.Data) != 0 {
		t.Errorf("the removed member's token still lists %v", l.Data)
	}
}

// TestRateLimitPerToken: past the burst a token gets 429 with Retry-After,
// as a problem; another token of the same user is not held back.
func TestRateLimitPerToken(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, app.Config{APIRate: 0.5, APIBurst: 3})
	tok := w.tokens[director][readTok]
	for i := 0; i < 3; i++ {
		if got := w.call(http.MethodGet, "/api/v1/me", tok, nil); got.status != http.StatusOK {
			t.Fatalf("request %d: %d", i, got.status)
		}
	}
	got := w.call(http.MethodGet, "/api/v1/me", tok, nil)
	wait, _ := strconv.Atoi(got.header.Get("Retry-After"))
	if got.status != http.StatusTooManyRequests || wait < 1 || got.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("past the burst: %d, Retry-After %q, %s", got.status, got.header.Get("Retry-After"), got.body)
	}
	if got := w.call(http.MethodGet, "/api/v1/me", w.tokens[director][writeTok], nil); got.status != http.StatusOK {
		t.Errorf("another token: %d", got.status)
	}
}

// TestSharedMiddlewareErrorsAreProblems: text the pages' middleware refuses
// (a NUL byte in the query) is answered to API clients as problem+json.
func TestSharedMiddlewareErrorsAreProblems(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	got := w.call(http.MethodGet, "/api/v1/plans?cursor=%00", w.tokens[director][readTok], nil)
	if got.status != http.StatusUnprocessableEntity || got.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("NUL in the query: %d %q %s", got.status, got.header.Get("Content-Type"), got.body)
	}
	if got := w.call(http.MethodGet, "/api/v1/nothing-here", w.tokens[director][readTok], nil); got.status != http.StatusNotFound ||
		got.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("unknown API path: %d %q", got.status, got.header.Get("Content-Type"))
	}
}
