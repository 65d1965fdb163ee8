package storage

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

type recommendationRow struct {
	bun.BaseModel `bun:"table:region_recommendations,alias:rr"`
	ID            int64    `bun:"id,pk,autoincrement"`
	OverseerID    int64    `bun:"overseer_id"`
	Position      int      `bun:"position"`
	Title         string   `bun:"title"`
	Body          string   `bun:"body"`
	Criteria      []string `bun:"criteria,array"`
}

func (r recommendationRow) domain() domain.Recommendation {
	out := domain.Recommendation{ID: r.ID, OverseerID: r.OverseerID, Position: r.Position, Title: r.Title, Text: r.Body}
	for _, c := range r.Criteria {
		out.Criteria = append(out.Criteria, domain.Section(c))
	}
	return out
}

// CreateRecommendation stores a node's recommendation at the end of its
// list and sets its ID and Position.
func (s *Store) CreateRecommendation(ctx context.Context, r *domain.Recommendation) error {
	row := &recommendationRow{OverseerID: r.OverseerID, Title: r.Title, Body: r.Text}
	for _, c := range r.Criteria {
		row.Criteria = append(row.Criteria, string(c))
	}
	_, err := s.db.NewInsert().Model(row).
		Value("position", "(SELECT coalesce(max(position), 0) + 1 FROM region_recommendations WHERE overseer_id = ?)", r.OverseerID).
		Value("created_at", "?", s.now()).Returning("id, position").Exec(ctx)
	if err != nil {
		return mapErr(err)
	}
	r.ID, r.Position = row.ID, row.Position
	return nil
}

// NodeRecommendations lists the recommendations of the nodes in the
// subtrees of sc's nodes (every one for the admin), in order.
func (s *Store) NodeRecommendations(ctx context.Context, sc domain.Scope) ([]domain.Recommendation, error) {
	var rows []recommendationRow
	q := s.db.NewSelect().Model(&rows).Join("JOIN overseers AS o ON o.id = rr.overseer_id").OrderExpr("cardinality(o.path), o.name, rr.position, rr.id")
	if !sc.All {
		q = q.Where("o.path && ?", pgdialect.Array(nonNil(sc.OverseerIDs)))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	return recommendationsOf(rows), nil
}

// InstitutionRecommendations lists the recommendations that concern an
// institution visible in sc: those of every node above its founder.
func (s *Store) InstitutionRecommendations(ctx context.Context, sc domain.Scope, institutionID int64) ([]domain.Recommendation, error) {
	var rows []recommendationRow
	q := s.db.NewSelect().Model(&rows).
		Join("JOIN founders AS f ON rr.overseer_id = ANY(f.overseer_path)").
		Join("JOIN institutions AS i ON i.founder_id = f.id AND i.id = ?", institutionID).
		OrderExpr("array_position(f.overseer_path, rr.overseer_id), rr.position, rr.id")
	if err := scoped(q, sc, "i.id").Scan(ctx); err != nil {
		return nil, err
	}
	return recommendationsOf(rows), nil
}

func recommendationsOf(rows []recommendationRow) []domain.Recommendation {
	out := make([]domain.Recommendation, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out
}

// PlanAnswers returns, for each item of a plan visible in sc, the
// recommendations it is marked as answering.
func (s *Store) PlanAnswers(ctx context.Context, sc domain.Scope, planID int64) (map[int64][]int64, error) {
	var rows []struct {
		ItemID int64 `bun:"item_id"`
		RecID  int64 `bun:"recommendation_id"`
	}
	q := s.db.NewSelect().TableExpr("item_recommendations AS ir").Column("ir.item_id", "ir.recommendation_id").
		Join("JOIN items AS it ON it.id = ir.item_id AND it.plan_id = ?", planID)
	if err := scoped(q, sc, "ir.institution_id").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := map[int64][]int64{}
	for _, r := range rows {
		out[r.ItemID] = append(out[r.ItemID], r.RecID)
	}
	return out, nil
}

// SavePlanAnswers replaces the marks of a plan's items with answers (item
// → recommendations), in one transaction; only items of the plan inside
// sc and recommendations that concern its institution are kept.
func (s *Store) SavePlanAnswers(ctx context.Context, sc domain.Scope, planID int64, answers map[int64][]int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		var instID int64
		q := tx.db.NewSelect().TableExpr("plans AS p").Column("p.institution_id").Where("p.id = ?", planID).For("UPDATE")
		if err := scoped(q, sc, "p.institution_id").Scan(ctx, &instID); err != nil {
			return mapErr(err)
		}
		if _, err := tx.db.NewDelete().TableExpr("item_recommendations").
			Where("item_id IN (SELECT id FROM items WHERE plan_id = ?)", planID).Exec(ctx); err != nil {
			return err
		}
		var items, recs []int64
		for item, list := range answers {
			for _, rec := range list {
				items, recs = append(items, item), append(recs, rec)
			}
		}
		if len(items) == 0 {
			return nil
		}
		_, err := tx.db.NewRaw(`INSERT INTO item_recommendations (item_id, recommendation_id, institution_id)
			SELECT it.id, rr.id, it.institution_id
			FROM unnest(?::bigint[], ?::bigint[]) AS a(item_id, rec_id)
			JOIN items AS it ON it.id = a.item_id AND it.plan_id = ?
			JOIN region_recommendations AS rr ON rr.id = a.rec_id
			JOIN institutions AS i ON i.id = it.institution_id
			JOIN founders AS f ON f.id = i.founder_id AND rr.overseer_id = ANY(f.overseer_path)
			ON CONFLICT DO NOTHING`, pgdialect.Array(items), pgdialect.Array(recs), planID).Exec(ctx)
		return err
	})
}

// RecommendationCells sums, per recommendation and institution visible
// in sc, the items of the year's plans that answer it and how many of
// them are done: one aggregate whatever the number of institutions.
func (s *Store) RecommendationCells(ctx context.Context, sc domain.Scope, year int) ([]domain.RecommendationCell, error) {
	var rows []struct {
		RecID  int64 `bun:"recommendation_id"`
		InstID int64 `bun:"institution_id"`
		Items  int   `bun:"items"`
		Done   int   `bun:"done"`
	}
	q := s.db.NewSelect().TableExpr("item_recommendations AS ir").
		ColumnExpr("ir.recommendation_id, ir.institution_id, count(*) AS items, count(*) FILTER (WHERE it.status = 'done') AS done").
		Join("JOIN items AS it ON it.id = ir.item_id AND it.status <> 'cancelled'").
		Join("JOIN plans AS p ON p.id = it.plan_id AND p.year = ?", year).
		GroupExpr("1, 2")
	if err := scoped(q, sc, "ir.institution_id").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make([]domain.RecommendationCell, len(rows))
	for i, r := range rows {
		out[i] = domain.RecommendationCell{RecommendationID: r.RecID, InstitutionID: r.InstID, Items: r.Items, Done: r.Done}
	}
	return out, nil
}
