package storage

import (
	"context"
	"fmt"

	"planboard/domain"
)

// The change counters of migration 0125_perf.sql: what the kept pages of
// each replica are keyed by (docs/architecture.md: kept pages). Each is one indexed read; a page
// reads them together with its navigation's counts (nav), in one prepared
// statement (hot.go).

// PlanStamp returns a plan's tenant and the change counter of its
// institution, ENotFound when the plan lies outside sc; with nav set, the
// navigation's counts for that viewer too.
func (s *Store) PlanStamp(ctx context.Context, sc domain.Scope, planID int64, nav *domain.NavQuery) (domain.PlanStamp, domain.NavCounts, error) {
	st, n := domain.PlanStamp{PlanID: planID}, domain.NavCounts{}
	h := (&hotSQL{}).add("SELECT p.institution_id, i.founder_id, i.time_zone, coalesce(r.rev, 0), ")
	navColumns(h, nav)
	h.add(` FROM plans AS p JOIN institutions AS i ON i.id = p.institution_id
		LEFT JOIN institution_revs AS r ON r.institution_id = p.institution_id WHERE p.id = `).arg(planID)
	if !sc.All {
		h.add(" AND ")
		hotScope(h, sc, "p.institution_id")
	}
	err := s.hotRow(ctx, h, &st.InstitutionID, &st.FounderID, &st.TimeZone, &st.Rev, &n.Unread, &n.Review)
	return st, n, err
}

// ScopeStamp returns a key that changes with every committed change to
// anything in sc: the sums of the counters of its institutions and
// founders (each counter only goes up, so a sum does at every change) and
// how many there are; with nav set, the navigation's counts too.
func (s *Store) ScopeStamp(ctx context.Context, sc domain.Scope, nav *domain.NavQuery) (string, domain.NavCounts, error) {
	var sum, k int64
	var n domain.NavCounts
	h := &hotSQL{}
	if sc.All {
		h.add("SELECT coalesce(sum(rev), 0)::bigint, count(*), ")
		navColumns(h, nav)
		h.add(" FROM founder_revs")
	} else {
		h.add("SELECT coalesce((SELECT sum(rev) FROM institution_revs WHERE institution_id = ANY(").arg(nonNil(sc.InstitutionIDs)).
			add(")), 0)::bigint + coalesce((SELECT sum(rev) FROM founder_revs WHERE founder_id = ANY(").arg(nonNil(sc.FounderIDs)).
			add(")), 0)::bigint, (SELECT count(*) FROM institution_revs WHERE institution_id = ANY($1)) + (SELECT count(*) FROM founder_revs WHERE founder_id = ANY($2)), ")
		navColumns(h, nav)
	}
	if err := s.hotRow(ctx, h, &sum, &k, &n.Unread, &n.Review); err != nil {
		return "", n, err
	}
	return fmt.Sprintf("%v|%d|%d", sc, sum, k), n, nil
}
