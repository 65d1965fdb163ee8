package storage

import (
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// scoped limits a query to the tenants in sc. col names the column holding
// the institution id (e.g. "it.institution_id"). An admin's scope adds nothing;
// an empty scope matches nothing.
func scoped(q *bun.SelectQuery, sc domain.Scope, col string) *bun.SelectQuery {
	if sc.All {
		return q
	}
	return q.Where(scopeClause(sc, col))
}

// scopedUpdate is scoped for writes: the statement itself keeps to sc.
func scopedUpdate(q *bun.UpdateQuery, sc domain.Scope, col string) *bun.UpdateQuery {
	if sc.All {
		return q
	}
	return q.Where(scopeClause(sc, col))
}

// scopeClause is the condition "col names an institution in sc".
func scopeClause(sc domain.Scope, col string) (string, bun.Ident, any, bun.Ident, any) {
	return "(? = ANY(?) OR ? IN (SELECT id FROM institutions WHERE founder_id = ANY(?)))",
		bun.Ident(col), pgdialect.Array(nonNil(sc.InstitutionIDs)),
		bun.Ident(col), pgdialect.Array(nonNil(sc.FounderIDs))
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
