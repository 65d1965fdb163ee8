package storage

import (
	"context"
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type publicationRow struct {
	bun.BaseModel `bun:"table:plan_publications,alias:pp"`
	ID            int64           `bun:"id,pk,autoincrement"`
	PlanID        int64           `bun:"plan_id"`
	InstitutionID int64           `bun:"institution_id"`
	Year          int             `bun:"year"`
	Version       int             `bun:"version"`
	Data          json.RawMessage `bun:"data,type:jsonb"`
	PublishedBy   int64           `bun:"published_by,nullzero"`
	PublishedAt   time.Time       `bun:"published_at,nullzero,default:now()"`
}

func (r *publicationRow) domain() domain.Publication {
	return domain.Publication{PlanID: r.PlanID, InstitutionID: r.InstitutionID, Year: r.Year, Version: r.Version,
		Data: r.Data, PublishedAt: r.PublishedAt}
}

// Publish stores a new version of a plan's public report. The plan must be
// visible in sc; the snapshot is stored as given (the caller builds it from
// chosen fields only). The version is the previous one plus one, taken
// under a lock on the plan so that two publishes do not collide.
func (s *Store) Publish(ctx context.Context, sc domain.Scope, planID int64, by int64, at time.Time, build func(version int) (any, error), n domain.Notices) (domain.Publication, error) {
	var pub domain.Publication
	err := s.InTx(ctx, func(tx *Store) error {
		var plan planRow
		q := tx.db.NewSelect().Model(&plan).Where("p.id = ?", planID).For("UPDATE OF p")
		if err := scoped(q, sc, "p.institution_id").Scan(ctx); err != nil {
			return mapErr(err)
		}
		var last int
		err := tx.db.NewSelect().Table("plan_publications").ColumnExpr("coalesce(max(version), 0)").
			Where("plan_id = ?", planID).Scan(ctx, &last)
		if err != nil {
			return err
		}
		data, err := build(last + 1)
		if err != nil {
			return err
		}
		raw, err := json.Marshal(data)
		if err != nil {
			return err
		}
		row := &publicationRow{PlanID: plan.ID, InstitutionID: plan.InstitutionID, Year: plan.Year, Version: last + 1,
			Data: raw, PublishedBy: by, PublishedAt: tx.stamp(at)}
		if _, err := tx.db.NewInsert().Model(row).Exec(ctx); err != nil {
			return mapErr(err)
		}
		pub = row.domain()
		return tx.planNotices(ctx, n.Assigned(int64(pub.Version)))
	})
	return pub, err
}

// LatestPublication returns the newest publication of a plan visible in sc,
// or ErrNotFound when it was never published.
func (s *Store) LatestPublication(ctx context.Context, sc domain.Scope, planID int64) (domain.Publication, error) {
	var row publicationRow
	q := s.db.NewSelect().Model(&row).Where("pp.plan_id = ?", planID).Order("pp.version DESC").Limit(1)
	if err := scoped(q, sc, "pp.institution_id").Scan(ctx); err != nil {
		return domain.Publication{}, mapErr(err)
	}
	return row.domain(), nil
}

// PublicationID returns the id of the newest snapshot an institution
// published for a year, by its public slug. No scope: only published data is
// reachable this way. Unknown slug, year or an unpublished plan is
// ErrNotFound.
func (s *Store) PublicationID(ctx context.Context, slug string, year int) (int64, error) {
	var id int64
	err := s.db.NewSelect().TableExpr("plan_publications AS pp").Column("pp.id").
		Join("JOIN institutions AS i ON i.id = pp.institution_id").
		Where("i.slug = ? AND pp.year = ?", slug, year).Order("pp.version DESC").Limit(1).Scan(ctx, &id)
	return id, mapErr(err)
}

// Publication returns a published snapshot by id (public: no scope).
func (s *Store) Publication(ctx context.Context, id int64) (domain.Publication, error) {
	var row publicationRow
	if err := s.db.NewSelect().Model(&row).Where("pp.id = ?", id).Scan(ctx); err != nil {
		return domain.Publication{}, mapErr(err)
	}
	return row.domain(), nil
}

// PublishedYears lists the years an institution has published reports for,
// newest first.
func (s *Store) PublishedYears(ctx context.Context, institutionID int64) ([]int, error) {
	var years []int
	err := s.db.NewSelect().Table("plan_publications").ColumnExpr("DISTINCT year").
		Where("institution_id = ?", institutionID).OrderExpr("year DESC").Scan(ctx, &years)
	return years, err
}
