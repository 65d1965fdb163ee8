package storage_test

import (
	"context"
	"testing"

	"planboard/domain"
)

// The navigation's counts agree with the lists they count: the review
// count keeps to its scope (the review queue's items), no scope means no
// count, and the unread count is the user's unread notices.
func TestNavCountsAgreeWithTheSeparateCounts(t *testing.T) {
	s, plans := demoPlans(t)
	ctx := context.Background()
	items, err := s.PlanItems(ctx, domain.Scope{All: true}, plans[0].Plan.ID)
	if err != nil || len(items) == 0 {
		t.Fatal(err)
	}
	museum := domain.Scope{InstitutionIDs: []int64{plans[0].Institution.ID}}
	library := domain.Scope{InstitutionIDs: []int64{plans[1].Institution.ID}}
	all := domain.Scope{All: true}
	for _, sc := range []domain.Scope{museum, library, all, {}} {
		queue, err := s.ReviewQueue(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		want := len(queue)
		_, got, err := s.NavCounts(ctx, 1, &sc)
		if err != nil || got != want {
			t.Errorf("scope %+v: review %d, %v; want %d", sc, got, err, want)
		}
	}
	if _, got, err := s.NavCounts(ctx, 1, nil); err != nil || got != 0 {
		t.Errorf("no review scope: %d, %v", got, err)
	}
	for id := int64(1); id <= 10; id++ { // the demo's people and beyond
		var want int
		if err := s.DB().NewRaw("SELECT count(*) FROM inbox_notices WHERE recipient_id = ? AND read_at IS NULL", id).Scan(ctx, &want); err != nil {
			t.Fatal(err)
		}
		if got, _, err := s.NavCounts(ctx, id, nil); err != nil || got != want {
			t.Errorf("user %d: unread %d, %v; want %d", id, got, err, want)
		}
	}
}
