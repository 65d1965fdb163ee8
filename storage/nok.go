package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

// The web side of the НОК results (docs/score.md): uploads held between the
// import preview and its confirmation, and the dashboard's reads.

type assessmentUploadRow struct {
	bun.BaseModel  `bun:"table:assessment_uploads,alias:au"`
	ID             int64      `bun:"id,pk,autoincrement"`
	UserID         int64      `bun:"user_id"`
	Year           int        `bun:"year"`
	Operator       string     `bun:"operator"`
	DecisionDate   *time.Time `bun:"decision_date"`
	DecisionNumber string     `bun:"decision_number"`
	Filename       string     `bun:"filename"`
	Data           []byte     `bun:"data,type:bytea"`
	Parsed         []byte     `bun:"parsed,type:bytea"`
	CreatedAt      time.Time  `bun:"created_at"`
	ExpiresAt      time.Time  `bun:"expires_at"`
}

func (r *assessmentUploadRow) domain() domain.AssessmentUpload {
	return domain.AssessmentUpload{ID: r.ID, UserID: r.UserID, Year: r.Year, Operator: r.Operator,
		DecisionDate: fromNullDate(r.DecisionDate), DecisionNumber: r.DecisionNumber, Filename: r.Filename,
		Data: r.Data, Parsed: r.Parsed, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt}
}

// SaveAssessmentUpload holds an uploaded table for its uploader until ttl
// from now (the store's clock), and drops every expired upload on the way.
// It sets ID, CreatedAt and ExpiresAt.
func (s *Store) SaveAssessmentUpload(ctx context.Context, u *domain.AssessmentUpload, ttl time.Duration) error {
	now := s.now()
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.NewDelete().TableExpr("assessment_uploads").Where("expires_at <= ?", now).Exec(ctx); err != nil {
			return mapErr(err)
		}
		row := &assessmentUploadRow{UserID: u.UserID, Year: u.Year, Operator: u.Operator, DecisionDate: nullDate(u.DecisionDate),
			DecisionNumber: u.DecisionNumber, Filename: u.Filename, Data: u.Data, Parsed: u.Parsed, CreatedAt: now, ExpiresAt: now.Add(ttl)}
		if _, err := tx.db.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
			return mapErr(err)
		}
		u.ID, u.CreatedAt, u.ExpiresAt = row.ID, row.CreatedAt, row.ExpiresAt
		return nil
	})
}

// AssessmentUpload returns an upload of userID that has not expired;
// anyone else's, an expired or a missing one is ErrNotFound.
func (s *Store) AssessmentUpload(ctx context.Context, userID, id int64) (domain.AssessmentUpload, error) {
	var row assessmentUploadRow
	// The kept parse is what is read, not the file.
	err := s.db.NewSelect().Model(&row).ExcludeColumn("data").
		Where("au.id = ? AND au.user_id = ? AND au.expires_at > ?", id, userID, s.now()).Scan(ctx)
	if err != nil {
		return domain.AssessmentUpload{}, mapErr(err)
	}
	return row.domain(), nil
}

// ConfirmAssessmentUpload saves a confirmed import and consumes its upload
// in one transaction: the upload must still be userID's and unexpired
// (else ErrNotFound and nothing is saved); the assessments are saved as
// SaveImport does. It returns how many were created and updated.
func (s *Store) ConfirmAssessmentUpload(ctx context.Context, sc domain.Scope, userID, uploadID int64, list []domain.Assessment, by domain.User) (created, updated int, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		res, err := tx.db.NewDelete().TableExpr("assessment_uploads").
			Where("id = ? AND user_id = ? AND expires_at > ?", uploadID, userID, tx.now()).Exec(ctx)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.ErrNotFound
		}
		r, err := tx.SaveImport(ctx, sc, list, by)
		created, updated = r.Created, r.Updated
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	return created, updated, nil
}

// ScopeAssessments lists every assessment up to year of the institutions
// visible in sc, newest year first: the founder dashboard takes each
// institution's latest and previous from it. Four queries whatever the
// number of institutions.
func (s *Store) ScopeAssessments(ctx context.Context, sc domain.Scope, year int) ([]domain.Assessment, error) {
	return s.assessments(ctx, sc, func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("a.year <= ?", year) })
}

// ProvidedConditions returns, per institution visible in sc, the НОК
// conditions named by the checklist points of its plan for year, split by
// whether the point's item is done or open: one query.
func (s *Store) ProvidedConditions(ctx context.Context, sc domain.Scope, year int) (map[int64]domain.ProvidedConditions, error) {
	var rows []struct {
		InstitutionID int64  `bun:"institution_id"`
		Status        string `bun:"status"`
		Key           string `bun:"condition_key"`
	}
	q := s.db.NewSelect().TableExpr("item_checklist AS cl").
		ColumnExpr("it.institution_id, it.status, cl.condition_key").
		Join("JOIN items AS it ON it.id = cl.item_id").
		Join("JOIN plans AS p ON p.id = it.plan_id").
		Where("p.year = ? AND cl.condition_key <> ''", year).
		OrderExpr("it.institution_id, it.section, it.position, cl.position")
	if err := scoped(q, sc, "it.institution_id").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := map[int64]domain.ProvidedConditions{}
	for _, r := range rows {
		p := out[r.InstitutionID]
		p.Add(domain.ItemStatus(r.Status), r.Key)
		out[r.InstitutionID] = p
	}
	return out, nil
}
