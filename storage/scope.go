package storage

import (
	"context"

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

// scopedDelete is scoped for deletes.
func scopedDelete(q *bun.DeleteQuery, sc domain.Scope, col string) *bun.DeleteQuery {
	if sc.All {
		return q
	}
	return q.Where(scopeClause(sc, col))
}

// itemInScope locks the item's row if it lies in sc (ENotFound otherwise):
// the guard of a write that inserts beside an item (evidence, a checklist
// tick, an occurrence) and so cannot filter its own statement by the item's
// tenant.
func (s *Store) itemInScope(ctx context.Context, sc domain.Scope, it domain.Item) error {
	var id int64
	q := s.db.NewSelect().TableExpr("items").Column("id").Where("id = ? AND institution_id = ?", it.ID, it.InstitutionID).For("UPDATE")
	if !sc.All {
		q = q.Where(scopeClause(sc, "institution_id"))
	}
	return mapErr(q.Scan(ctx, &id))
}

// scopeClause is the condition "col names an institution in sc".
func scopeClause(sc domain.Scope, col string) (string, bun.Ident, any, bun.Ident, any) {
	return "(? = ANY(?) OR ? IN (SELECT id FROM institutions WHERE founder_id = ANY(?)))",
		bun.Ident(col), pgdialect.Array(nonNil(sc.InstitutionIDs)),
		bun.Ident(col), pgdialect.Array(nonNil(sc.FounderIDs))
}

// hotScope appends scopeClause's condition "col names an institution in
// sc", leaving out an empty half: a director's count of items to review
// then reads the partial index by institution instead of filtering every
// item awaiting review through the founders' subquery.
func hotScope(h *hotSQL, sc domain.Scope, col string) {
	switch inst, founders := len(sc.InstitutionIDs) > 0, len(sc.FounderIDs) > 0; {
	case inst && founders:
		h.add("(" + col + " = ANY(").arg(sc.InstitutionIDs).
			add(") OR " + col + " IN (SELECT id FROM institutions WHERE founder_id = ANY(").arg(sc.FounderIDs).add(")))")
	case inst:
		h.add(col + " = ANY(").arg(sc.InstitutionIDs).add(")")
	case founders:
		h.add(col + " IN (SELECT id FROM institutions WHERE founder_id = ANY(").arg(sc.FounderIDs).add("))")
	default:
		h.add("false")
	}
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
