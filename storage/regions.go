package storage

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// overseerRow is a node of the oversight tree (migrations/0170_regions.sql).
type overseerRow struct {
	bun.BaseModel `bun:"table:overseers,alias:o"`
	ID            int64   `bun:"id,pk,autoincrement"`
	ParentID      int64   `bun:"parent_id,nullzero"`
	Name          string  `bun:"name"`
	ShortName     string  `bun:"short_name"`
	Path          []int64 `bun:"path,array"`
}

func (r overseerRow) domain() domain.Overseer {
	return domain.Overseer{ID: r.ID, ParentID: r.ParentID, Name: r.Name, ShortName: r.ShortName, Path: r.Path}
}

// overseerScoped limits a query on overseers (alias o) to the subtrees of
// sc's nodes; a scope without nodes sees none (the admin's sees all).
func overseerScoped(q *bun.SelectQuery, sc domain.Scope) *bun.SelectQuery {
	if sc.All {
		return q
	}
	return q.Where("o.path && ?", pgdialect.Array(nonNil(sc.OverseerIDs)))
}

// CreateOverseer stores a new node under o.ParentID (0: at the top) and
// sets its ID and Path. An unknown parent is EInvalid.
func (s *Store) CreateOverseer(ctx context.Context, o *domain.Overseer) error {
	row := &overseerRow{ParentID: o.ParentID, Name: o.Name, ShortName: o.ShortName}
	if _, err := s.db.NewInsert().Model(row).Value("created_at", "?", s.now()).Returning("id, path").Exec(ctx); err != nil {
		return mapErr(err)
	}
	o.ID, o.Path = row.ID, row.Path
	return nil
}

// Overseers lists the nodes visible in sc (each member's node and every
// node below it), top down and by name within a level.
func (s *Store) Overseers(ctx context.Context, sc domain.Scope) ([]domain.Overseer, error) {
	var rows []overseerRow
	if err := overseerScoped(s.db.NewSelect().Model(&rows), sc).OrderExpr("cardinality(o.path), o.name, o.id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.Overseer, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// Overseer returns node id when it is visible in sc; else ErrNotFound.
func (s *Store) Overseer(ctx context.Context, sc domain.Scope, id int64) (domain.Overseer, error) {
	var row overseerRow
	if err := overseerScoped(s.db.NewSelect().Model(&row).Where("o.id = ?", id), sc).Scan(ctx); err != nil {
		return domain.Overseer{}, mapErr(err)
	}
	return row.domain(), nil
}

// AttachFounder puts a founder under an overseer node (0: under none). An
// unknown founder or node is ErrNotFound. The admin's only: no scope.
func (s *Store) AttachFounder(ctx context.Context, founderID, overseerID int64) error {
	var node any
	if overseerID != 0 {
		node = overseerID
		var n int
		if err := s.db.NewSelect().TableExpr("overseers").ColumnExpr("count(*)").Where("id = ?", overseerID).Scan(ctx, &n); err != nil {
			return err
		} else if n == 0 {
			return domain.ErrNotFound
		}
	}
	res, err := s.db.NewUpdate().TableExpr("founders").Set("overseer_id = ?", node).Where("id = ?", founderID).Exec(ctx)
	return affectedOne(res, err)
}

// FounderOverseers maps every founder attached somewhere to its node.
func (s *Store) FounderOverseers(ctx context.Context) (map[int64]int64, error) {
	var rows []struct {
		ID         int64 `bun:"id"`
		OverseerID int64 `bun:"overseer_id"`
	}
	if err := s.db.NewSelect().TableExpr("founders").Column("id", "overseer_id").Where("overseer_id IS NOT NULL").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.ID] = r.OverseerID
	}
	return out, nil
}

// RegionFounders lists the founders visible in sc with their place in the
// tree, by name: one statement whatever their number.
func (s *Store) RegionFounders(ctx context.Context, sc domain.Scope) ([]domain.RegionFounder, error) {
	var rows []struct {
		ID           int64   `bun:"id"`
		Name         string  `bun:"name"`
		ShortName    string  `bun:"short_name"`
		OverseerID   int64   `bun:"overseer_id"`
		OverseerPath []int64 `bun:"overseer_path,array"`
	}
	q := s.db.NewSelect().TableExpr("founders AS f").
		ColumnExpr("f.id, f.name, f.short_name, coalesce(f.overseer_id, 0) AS overseer_id, f.overseer_path").OrderExpr("f.name, f.id")
	if !sc.All {
		q = q.Where("f.id = ANY(?)", pgdialect.Array(nonNil(sc.FounderIDs)))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make([]domain.RegionFounder, len(rows))
	for i, r := range rows {
		out[i] = domain.RegionFounder{Founder: domain.Founder{ID: r.ID, Name: r.Name, ShortName: r.ShortName},
			OverseerID: r.OverseerID, OverseerPath: r.OverseerPath}
	}
	return out, nil
}
