package storage

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

type founderRow struct {
	bun.BaseModel `bun:"table:founders"`
	ID            int64  `bun:"id,pk,autoincrement"`
	Name          string `bun:"name"`
	ShortName     string `bun:"short_name"`
}

type institutionRow struct {
	bun.BaseModel `bun:"table:institutions,alias:i"`
	ID            int64  `bun:"id,pk,autoincrement"`
	FounderID     int64  `bun:"founder_id"`
	Name          string `bun:"name"`
	ShortName     string `bun:"short_name"`
	Kind          string `bun:"kind"`
	Slug          string `bun:"slug"`
	TimeZone      string `bun:"time_zone"`
	INN           string `bun:"inn"`
}

func (r *institutionRow) domain() domain.Institution {
	return domain.Institution{ID: r.ID, FounderID: r.FounderID, Name: r.Name, ShortName: r.ShortName,
		Kind: domain.InstitutionKind(r.Kind), Slug: r.Slug, TimeZone: r.TimeZone, INN: r.INN}
}

// CreateFounder stores a new founder and sets its ID.
func (s *Store) CreateFounder(ctx context.Context, f *domain.Founder) error {
	row := &founderRow{Name: f.Name, ShortName: f.ShortName}
	if _, err := s.db.NewInsert().Model(row).Value("created_at", "?", s.now()).Returning("id").Exec(ctx); err != nil {
		return mapErr(err)
	}
	f.ID = row.ID
	return nil
}

// Founders lists the founders visible in sc, by name.
func (s *Store) Founders(ctx context.Context, sc domain.Scope) ([]domain.Founder, error) {
	var rows []founderRow
	q := s.db.NewSelect().Model(&rows).Order("name")
	if !sc.All {
		q = q.Where("id = ANY(?) OR id IN (SELECT founder_id FROM institutions WHERE id = ANY(?))",
			pgdialect.Array(nonNil(sc.FounderIDs)), pgdialect.Array(nonNil(sc.InstitutionIDs)))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.Founder, len(rows))
	for i, r := range rows {
		out[i] = domain.Founder{ID: r.ID, Name: r.Name, ShortName: r.ShortName}
	}
	return out, nil
}

// CreateInstitution stores a new institution and sets its ID. A taken slug is an EConflict error.
func (s *Store) CreateInstitution(ctx context.Context, in *domain.Institution) error {
	row := &institutionRow{FounderID: in.FounderID, Name: in.Name, ShortName: in.ShortName,
		Kind: string(in.Kind), Slug: in.Slug, TimeZone: in.TimeZone, INN: in.INN}
	if _, err := s.db.NewInsert().Model(row).Value("created_at", "?", s.now()).Returning("id").Exec(ctx); err != nil {
		return mapErr(err)
	}
	in.ID = row.ID
	return nil
}

// Institution returns an institution visible in sc; a foreign one is ErrNotFound.
func (s *Store) Institution(ctx context.Context, sc domain.Scope, id int64) (domain.Institution, error) {
	var row institutionRow
	q := s.db.NewSelect().Model(&row).Where("i.id = ?", id)
	if err := scoped(q, sc, "i.id").Scan(ctx); err != nil {
		return domain.Institution{}, mapErr(err)
	}
	return row.domain(), nil
}

// InstitutionBySlug returns an institution by its public slug (no scope: the
// slug only ever leads to published data).
func (s *Store) InstitutionBySlug(ctx context.Context, slug string) (domain.Institution, error) {
	var row institutionRow
	if err := s.db.NewSelect().Model(&row).Where("i.slug = ?", slug).Scan(ctx); err != nil {
		return domain.Institution{}, mapErr(err)
	}
	return row.domain(), nil
}

// Institutions lists the institutions visible in sc, by name.
func (s *Store) Institutions(ctx context.Context, sc domain.Scope) ([]domain.Institution, error) {
	var rows []institutionRow
	q := s.db.NewSelect().Model(&rows).Order("i.name")
	if err := scoped(q, sc, "i.id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.Institution, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}
