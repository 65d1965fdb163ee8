package storage_test

import (
	"context"
	"reflect"
	"testing"

	"planboard/domain"
	"planboard/storage/pgtest"
)

// The plan table's figures come from an SQL aggregate: they must equal what
// the domain computes from all the items, on any day, and a page must be
// the matching slice of the whole plan.
func TestPlanProgressAggregateMatchesDomain(t *testing.T) {
	s := pgtest.Store(t)
	loadDemo(t, s)
	ctx := context.Background()
	all := domain.Scope{All: true}
	plans, err := s.Plans(ctx, all)
	if err != nil || len(plans) == 0 {
		t.Fatal(plans, err)
	}
	for _, pl := range plans {
		items, err := s.PlanItems(ctx, all, pl.Plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, today := range []domain.Date{domain.NewDate(2026, 1, 10), domain.NewDate(2026, 11, 23), domain.NewDate(2027, 3, 1)} {
			wantSec, wantTotal := domain.PlanProgress(items, today)
			sec, total, err := s.PlanProgress(ctx, all, pl.Plan.ID, today)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(sec, wantSec) || total != wantTotal {
				t.Errorf("plan %d on %s: aggregate %+v %+v, domain %+v %+v", pl.Plan.ID, today, sec, total, wantSec, wantTotal)
			}
		}
		page, err := s.PlanItemsPage(ctx, all, pl.Plan.ID, 2, 3)
		if err != nil || len(page) != 3 || !reflect.DeepEqual(page, items[2:5]) {
			t.Errorf("plan %d: page 2..5 = %d items (%v), want the plan's items 2..5", pl.Plan.ID, len(page), err)
		}
	}
	if sec, total, err := s.PlanProgress(ctx, domain.Scope{InstitutionIDs: []int64{-1}}, plans[0].Plan.ID, domain.NewDate(2026, 11, 23)); err != nil || len(sec) != 0 || total.Items != 0 {
		t.Errorf("out of scope: %v %+v %v", sec, total, err)
	}
}
