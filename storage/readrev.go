package storage

import (
	"context"
	"fmt"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// The change counters of migration 0125_perf.sql: what the kept pages of
// each replica are keyed by (issue 20). Each is one indexed read.

// PlanStamp returns a plan's tenant and the change counter of its
// institution, ENotFound when the plan lies outside sc.
func (s *Store) PlanStamp(ctx context.Context, sc domain.Scope, planID int64) (domain.PlanStamp, error) {
	st := domain.PlanStamp{PlanID: planID}
	q := s.db.NewSelect().TableExpr("plans AS p").
		ColumnExpr("p.institution_id, i.founder_id, i.time_zone, coalesce(r.rev, 0)").
		Join("JOIN institutions AS i ON i.id = p.institution_id").
		Join("LEFT JOIN institution_revs AS r ON r.institution_id = p.institution_id").
		Where("p.id = ?", planID)
	err := scoped(q, sc, "p.institution_id").Scan(ctx, &st.InstitutionID, &st.FounderID, &st.TimeZone, &st.Rev)
	return st, mapErr(err)
}

// ScopeStamp returns a key that changes with every committed change to
// anything in sc: the sums of the counters of its institutions and
// founders (each counter only goes up, so a sum does at every change) and
// how many there are.
func (s *Store) ScopeStamp(ctx context.Context, sc domain.Scope) (string, error) {
	var sum, n int64
	var err error
	if sc.All {
		err = s.db.NewRaw("SELECT coalesce(sum(rev), 0), count(*) FROM founder_revs").Scan(ctx, &sum, &n)
	} else {
		err = s.db.NewRaw(`SELECT coalesce((SELECT sum(rev) FROM institution_revs WHERE institution_id = ANY(?)), 0)
			+ coalesce((SELECT sum(rev) FROM founder_revs WHERE founder_id = ANY(?)), 0),
			(SELECT count(*) FROM institution_revs WHERE institution_id = ANY(?))
			+ (SELECT count(*) FROM founder_revs WHERE founder_id = ANY(?))`,
			pgdialect.Array(nonNil(sc.InstitutionIDs)), pgdialect.Array(nonNil(sc.FounderIDs)),
			pgdialect.Array(nonNil(sc.InstitutionIDs)), pgdialect.Array(nonNil(sc.FounderIDs))).Scan(ctx, &sum, &n)
	}
	if err != nil {
		return "", mapErr(err)
	}
	return fmt.Sprintf("%v|%d|%d", sc, sum, n), nil
}
