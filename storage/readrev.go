package storage

import (
	"context"
	"fmt"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// The change counters of migration 0125_perf.sql: what the kept pages of
// each replica are keyed by (issue 20). Each is one indexed read; a page
// reads them together with its navigation's counts (nav), in one statement.

// PlanStamp returns a plan's tenant and the change counter of its
// institution, ENotFound when the plan lies outside sc; with nav set, the
// navigation's counts for that viewer too.
func (s *Store) PlanStamp(ctx context.Context, sc domain.Scope, planID int64, nav *domain.NavQuery) (domain.PlanStamp, domain.NavCounts, error) {
	st, n := domain.PlanStamp{PlanID: planID}, domain.NavCounts{}
	cols, args := navColumns(nav)
	q := s.db.NewSelect().TableExpr("plans AS p").
		ColumnExpr("p.institution_id, i.founder_id, i.time_zone, coalesce(r.rev, 0), "+cols, args...).
		Join("JOIN institutions AS i ON i.id = p.institution_id").
		Join("LEFT JOIN institution_revs AS r ON r.institution_id = p.institution_id").
		Where("p.id = ?", planID)
	err := scoped(q, sc, "p.institution_id").Scan(ctx, &st.InstitutionID, &st.FounderID, &st.TimeZone, &st.Rev, &n.Unread, &n.Review)
	return st, n, mapErr(err)
}

// ScopeStamp returns a key that changes with every committed change to
// anything in sc: the sums of the counters of its institutions and
// founders (each counter only goes up, so a sum does at every change) and
// how many there are; with nav set, the navigation's counts too.
func (s *Store) ScopeStamp(ctx context.Context, sc domain.Scope, nav *domain.NavQuery) (string, domain.NavCounts, error) {
	var sum, k int64
	var n domain.NavCounts
	cols, args := navColumns(nav)
	var err error
	if sc.All {
		err = s.db.NewRaw("SELECT coalesce(sum(rev), 0), count(*), "+cols+" FROM founder_revs", args...).Scan(ctx, &sum, &k, &n.Unread, &n.Review)
	} else {
		inst, founders := pgdialect.Array(nonNil(sc.InstitutionIDs)), pgdialect.Array(nonNil(sc.FounderIDs))
		err = s.db.NewRaw(`SELECT coalesce((SELECT sum(rev) FROM institution_revs WHERE institution_id = ANY(?)), 0)
			+ coalesce((SELECT sum(rev) FROM founder_revs WHERE founder_id = ANY(?)), 0),
			(SELECT count(*) FROM institution_revs WHERE institution_id = ANY(?))
			+ (SELECT count(*) FROM founder_revs WHERE founder_id = ANY(?)), `+cols,
			append([]any{inst, founders, inst, founders}, args...)...).Scan(ctx, &sum, &k, &n.Unread, &n.Review)
	}
	if err != nil {
		return "", n, mapErr(err)
	}
	return fmt.Sprintf("%v|%d|%d", sc, sum, k), n, nil
}

// navColumns is the navigation's two counts as columns (zeros without nav).
func navColumns(nav *domain.NavQuery) (string, []any) {
	if nav == nil {
		return "0, 0", nil
	}
	return navCountsSQL(nav.UserID, nav.Review)
}
