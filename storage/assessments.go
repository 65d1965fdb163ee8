package storage

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

type assessmentRow struct {
	bun.BaseModel  `bun:"table:assessments,alias:a"`
	ID             int64      `bun:"id,pk,autoincrement"`
	InstitutionID  int64      `bun:"institution_id"`
	Year           int        `bun:"year"`
	Operator       string     `bun:"operator"`
	DecisionDate   *time.Time `bun:"decision_date"`
	DecisionNumber string     `bun:"decision_number"`
	Proposals      string     `bun:"proposals"`
	PublishedTotal *float64   `bun:"published_total"`
	StandFound     *int       `bun:"stand_found"`
	StandNorm      *int       `bun:"stand_norm"`
	SiteFound      *int       `bun:"site_found"`
	SiteNorm       *int       `bun:"site_norm"`
	ScoreTotal     *float64   `bun:"score_total"`
	ScoreComplete  bool       `bun:"score_complete"`
	Source         string     `bun:"source"`
	Version        int        `bun:"version"`
	CreatedBy      int64      `bun:"created_by,nullzero"`
	UpdatedBy      int64      `bun:"updated_by,nullzero"`
	CreatedAt      time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt      time.Time  `bun:"updated_at,nullzero,default:now()"`
}

type assessmentValueRow struct {
	bun.BaseModel `bun:"table:assessment_values,alias:av"`
	AssessmentID  int64   `bun:"assessment_id,pk"`
	Code          string  `bun:"code,pk"`
	Value         float64 `bun:"value"`
}

type assessmentConditionRow struct {
	bun.BaseModel `bun:"table:assessment_conditions,alias:ac"`
	AssessmentID  int64    `bun:"assessment_id,pk"`
	Indicator     string   `bun:"indicator,pk"`
	Present       []string `bun:"present,array"`
}

type assessmentSurveyRow struct {
	bun.BaseModel `bun:"table:assessment_surveys,alias:asv"`
	AssessmentID  int64  `bun:"assessment_id,pk"`
	Part          string `bun:"part,pk"`
	Respondents   int    `bun:"respondents"`
	Satisfied     int    `bun:"satisfied"`
}

type thresholdRow struct {
	bun.BaseModel `bun:"table:founder_thresholds,alias:ft"`
	FounderID     int64   `bun:"founder_id,pk"`
	Target        string  `bun:"target,pk"`
	Value         float64 `bun:"value"`
}

// DefaultThreshold is the threshold of a founder who has set none: public
// НОК calculators flag a criterion under 90.
const DefaultThreshold = 90

func assessmentRowOf(a *domain.Assessment) *assessmentRow {
	sc := domain.Calculate(*a)
	r := &assessmentRow{ID: a.ID, InstitutionID: a.InstitutionID, Year: a.Year, Operator: a.Operator,
		DecisionDate: nullDate(a.DecisionDate), DecisionNumber: a.DecisionNumber, Proposals: a.Proposals,
		PublishedTotal: a.Total, ScoreComplete: sc.Complete, Source: a.Source, Version: a.Version}
	if r.Source == "" {
		r.Source = domain.SourceManual
	}
	if sc.Known {
		t := sc.Total
		r.ScoreTotal = &t
	}
	if in := a.Info; in != nil {
		r.StandFound, r.StandNorm, r.SiteFound, r.SiteNorm = &in.StandFound, &in.StandNorm, &in.SiteFound, &in.SiteNorm
	}
	return r
}

func (r *assessmentRow) domain() domain.Assessment {
	a := domain.Assessment{ID: r.ID, InstitutionID: r.InstitutionID, Year: r.Year, Operator: r.Operator,
		DecisionDate: fromNullDate(r.DecisionDate), DecisionNumber: r.DecisionNumber, Proposals: r.Proposals,
		Total: r.PublishedTotal, Source: r.Source, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.StandNorm != nil && r.StandFound != nil && r.SiteFound != nil && r.SiteNorm != nil {
		a.Info = &domain.InfoCheck{StandFound: *r.StandFound, StandNorm: *r.StandNorm, SiteFound: *r.SiteFound, SiteNorm: *r.SiteNorm}
	}
	return a
}

// SaveAssessment stores an assessment entered or corrected by hand. A new
// one (ID 0) is inserted; an existing one is replaced when its Version is
// current. The institution must be visible in sc (else ErrNotFound). It
// returns the assessment's *ValidationError, EConflict for a stale version
// or a second assessment of the same institution and year, and sets ID,
// Version and the timestamps.
func (s *Store) SaveAssessment(ctx context.Context, sc domain.Scope, a *domain.Assessment, by domain.User) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.Institution(ctx, sc, a.InstitutionID); err != nil {
			return err
		}
		row := assessmentRowOf(a)
		row.UpdatedBy = by.ID
		if a.ID == 0 {
			row.CreatedBy, row.Version = by.ID, 1
			row.CreatedAt, row.UpdatedAt = tx.now(), tx.now()
			if _, err := tx.db.NewInsert().Model(row).Returning("id, version, created_at, updated_at").Exec(ctx); err != nil {
				return mapErr(err)
			}
		} else {
			res, err := tx.db.NewUpdate().Model(row).
				Column("year", "operator", "decision_date", "decision_number", "proposals", "published_total",
					"stand_found", "stand_norm", "site_found", "site_norm", "score_total", "score_complete", "source", "updated_by").
				Set("version = a.version + 1").Set("updated_at = ?", tx.now()).
				Where("a.id = ? AND a.institution_id = ? AND a.version = ?", a.ID, a.InstitutionID, a.Version).
				Returning("version, created_at, updated_at").Exec(ctx)
			if err != nil {
				return mapErr(err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if _, err := tx.Assessment(ctx, sc, a.ID); err != nil {
					return err
				}
				return domain.ErrStale
			}
		}
		if err := tx.replaceAssessmentParts(ctx, row.ID, *a); err != nil {
			return err
		}
		a.ID, a.Version, a.CreatedAt, a.UpdatedAt, a.Source = row.ID, row.Version, row.CreatedAt, row.UpdatedAt, row.Source
		return nil
	})
}

// replaceAssessmentParts makes the values, conditions and surveys of an
// assessment exactly a's.
func (s *Store) replaceAssessmentParts(ctx context.Context, id int64, a domain.Assessment) error {
	for _, table := range []string{"assessment_values", "assessment_conditions", "assessment_surveys"} {
		if _, err := s.db.NewDelete().TableExpr(table).Where("assessment_id = ?", id).Exec(ctx); err != nil {
			return mapErr(err)
		}
	}
	var vals []assessmentValueRow
	for code, v := range a.Values {
		vals = append(vals, assessmentValueRow{AssessmentID: id, Code: code, Value: v})
	}
	for code, v := range a.Criteria {
		vals = append(vals, assessmentValueRow{AssessmentID: id, Code: code, Value: v})
	}
	if len(vals) > 0 {
		if _, err := s.db.NewInsert().Model(&vals).Exec(ctx); err != nil {
			return mapErr(err)
		}
	}
	var conds []assessmentConditionRow
	for code, keys := range a.Conditions {
		conds = append(conds, assessmentConditionRow{AssessmentID: id, Indicator: code, Present: append([]string{}, keys...)})
	}
	if len(conds) > 0 {
		if _, err := s.db.NewInsert().Model(&conds).Exec(ctx); err != nil {
			return mapErr(err)
		}
	}
	var surveys []assessmentSurveyRow
	for part, sv := range a.Surveys {
		surveys = append(surveys, assessmentSurveyRow{AssessmentID: id, Part: part, Respondents: sv.Respondents, Satisfied: sv.Satisfied})
	}
	if len(surveys) > 0 {
		if _, err := s.db.NewInsert().Model(&surveys).Exec(ctx); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// ImportResult counts what SaveImport did.
type ImportResult struct {
	Created, Updated int
}

// SaveImport saves a founder's confirmed import in one transaction: each
// assessment is inserted, or merged over the saved one of the same
// institution and year (domain.MergeImport keeps the council's fields and
// the raw inputs that agree). Every institution must be visible in sc;
// one invalid or foreign row rolls everything back (ErrNotFound for a
// foreign institution, a *ValidationError naming nothing saved).
func (s *Store) SaveImport(ctx context.Context, sc domain.Scope, list []domain.Assessment, by domain.User) (ImportResult, error) {
	var res ImportResult
	err := s.InTx(ctx, func(tx *Store) error {
		for i := range list {
			a := list[i]
			a.Source = domain.SourceImport
			saved, err := tx.AssessmentFor(ctx, sc, a.InstitutionID, a.Year)
			switch {
			case err == nil:
				a = domain.MergeImport(saved, a)
				a.Source = domain.SourceImport
				res.Updated++
			case errors.Is(err, domain.ErrNotFound):
				a.ID, a.Version = 0, 0
				res.Created++
			default:
				return err
			}
			if err := tx.SaveAssessment(ctx, sc, &a, by); err != nil {
				return err
			}
			list[i] = a
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// Assessment returns one assessment visible in sc; a foreign one is ErrNotFound.
func (s *Store) Assessment(ctx context.Context, sc domain.Scope, id int64) (domain.Assessment, error) {
	list, err := s.assessments(ctx, sc, func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("a.id = ?", id) })
	if err != nil {
		return domain.Assessment{}, err
	}
	if len(list) == 0 {
		return domain.Assessment{}, domain.ErrNotFound
	}
	return list[0], nil
}

// AssessmentFor returns the assessment of an institution in a year; none,
// or a foreign institution, is ErrNotFound.
func (s *Store) AssessmentFor(ctx context.Context, sc domain.Scope, institutionID int64, year int) (domain.Assessment, error) {
	list, err := s.assessments(ctx, sc, func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("a.institution_id = ? AND a.year = ?", institutionID, year)
	})
	if err != nil {
		return domain.Assessment{}, err
	}
	if len(list) == 0 {
		return domain.Assessment{}, domain.ErrNotFound
	}
	return list[0], nil
}

// LatestAssessment returns an institution's most recent assessment up to
// year (the one a plan for year is written against); none is ErrNotFound.
func (s *Store) LatestAssessment(ctx context.Context, sc domain.Scope, institutionID int64, year int) (domain.Assessment, error) {
	list, err := s.assessments(ctx, sc, func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("a.institution_id = ? AND a.year <= ?", institutionID, year).Limit(1)
	})
	if err != nil {
		return domain.Assessment{}, err
	}
	if len(list) == 0 {
		return domain.Assessment{}, domain.ErrNotFound
	}
	return list[0], nil
}

// InstitutionAssessments lists an institution's assessments, newest first
// (empty for a foreign institution).
func (s *Store) InstitutionAssessments(ctx context.Context, sc domain.Scope, institutionID int64) ([]domain.Assessment, error) {
	return s.assessments(ctx, sc, func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("a.institution_id = ?", institutionID)
	})
}

// FounderAssessments lists every assessment of a founder's institutions
// visible in sc, newest year first, then by institution: the dashboard
// takes each institution's latest and previous from it.
func (s *Store) FounderAssessments(ctx context.Context, sc domain.Scope, founderID int64) ([]domain.Assessment, error) {
	return s.assessments(ctx, sc, func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("a.institution_id IN (SELECT id FROM institutions WHERE founder_id = ?)", founderID)
	})
}

// assessments loads the assessments filter selects, scoped, with their parts
// in one query per part table whatever their number.
func (s *Store) assessments(ctx context.Context, sc domain.Scope, filter func(*bun.SelectQuery) *bun.SelectQuery) ([]domain.Assessment, error) {
	var rows []assessmentRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("a.year DESC, a.institution_id")
	if err := scoped(filter(q), sc, "a.institution_id").Scan(ctx); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	out := make([]domain.Assessment, len(rows))
	index := make(map[int64]int, len(rows))
	ids := make([]int64, len(rows))
	for i := range rows {
		out[i], index[rows[i].ID], ids[i] = rows[i].domain(), i, rows[i].ID
	}
	var vals []assessmentValueRow
	if err := s.db.NewSelect().Model(&vals).Where("av.assessment_id = ANY(?)", pgdialect.Array(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, v := range vals {
		a := &out[index[v.AssessmentID]]
		if _, isCriterion := domain.LookupCriterion(v.Code); isCriterion {
			if a.Criteria == nil {
				a.Criteria = map[string]float64{}
			}
			a.Criteria[v.Code] = v.Value
		} else {
			if a.Values == nil {
				a.Values = map[string]float64{}
			}
			a.Values[v.Code] = v.Value
		}
	}
	var conds []assessmentConditionRow
	if err := s.db.NewSelect().Model(&conds).Where("ac.assessment_id = ANY(?)", pgdialect.Array(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, c := range conds {
		a := &out[index[c.AssessmentID]]
		if a.Conditions == nil {
			a.Conditions = map[string][]string{}
		}
		a.Conditions[c.Indicator] = append([]string{}, c.Present...)
	}
	var surveys []assessmentSurveyRow
	if err := s.db.NewSelect().Model(&surveys).Where("asv.assessment_id = ANY(?)", pgdialect.Array(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, sv := range surveys {
		a := &out[index[sv.AssessmentID]]
		if a.Surveys == nil {
			a.Surveys = map[string]domain.Survey{}
		}
		a.Surveys[sv.Part] = domain.Survey{Respondents: sv.Respondents, Satisfied: sv.Satisfied}
	}
	return out, nil
}

// DeleteAssessment removes an assessment visible in sc; a foreign or
// missing one is ErrNotFound.
func (s *Store) DeleteAssessment(ctx context.Context, sc domain.Scope, id int64) error {
	q := s.db.NewDelete().TableExpr("assessments AS a").Where("a.id = ?", id)
	if !sc.All {
		q = q.Where("(a.institution_id = ANY(?) OR a.institution_id IN (SELECT id FROM institutions WHERE founder_id = ANY(?)))",
			pgdialect.Array(nonNil(sc.InstitutionIDs)), pgdialect.Array(nonNil(sc.FounderIDs)))
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// founderVisible reports whether sc sees the founder: its own founder
// membership, or an institution under it (a director reads its founder's
// thresholds to draft a plan).
func (s *Store) founderVisible(ctx context.Context, sc domain.Scope, founderID int64, write bool) (bool, error) {
	if sc.All {
		return true, nil
	}
	for _, id := range sc.FounderIDs {
		if id == founderID {
			return true, nil
		}
	}
	if write {
		return false, nil
	}
	var n int
	err := s.db.NewRaw("SELECT count(*) FROM institutions WHERE founder_id = ? AND id = ANY(?)",
		founderID, pgdialect.Array(nonNil(sc.InstitutionIDs))).Scan(ctx, &n)
	return n > 0, err
}

// Thresholds returns a founder's thresholds, DefaultThreshold as the
// default when the founder has set none. The founder must be visible in sc
// (its founder membership, or one of its institutions); else ErrNotFound.
func (s *Store) Thresholds(ctx context.Context, sc domain.Scope, founderID int64) (domain.Thresholds, error) {
	ok, err := s.founderVisible(ctx, sc, founderID, false)
	if err != nil {
		return domain.Thresholds{}, err
	}
	if !ok {
		return domain.Thresholds{}, domain.ErrNotFound
	}
	var rows []thresholdRow
	if err := s.db.NewSelect().Model(&rows).Where("ft.founder_id = ?", founderID).Scan(ctx); err != nil {
		return domain.Thresholds{}, err
	}
	th := domain.Thresholds{Default: DefaultThreshold}
	for _, r := range rows {
		switch _, isCriterion := domain.LookupCriterion(r.Target); {
		case r.Target == "":
			th.Default = r.Value
		case isCriterion:
			if th.Criteria == nil {
				th.Criteria = map[string]float64{}
			}
			th.Criteria[r.Target] = r.Value
		default:
			if th.Indicators == nil {
				th.Indicators = map[string]float64{}
			}
			th.Indicators[r.Target] = r.Value
		}
	}
	return th, nil
}

// SetThresholds replaces a founder's thresholds. Only the founder's own
// scope (or an admin's) may: else ErrNotFound. Invalid thresholds are a
// *ValidationError.
func (s *Store) SetThresholds(ctx context.Context, sc domain.Scope, founderID int64, th domain.Thresholds) error {
	if err := th.Validate(); err != nil {
		return err
	}
	ok, err := s.founderVisible(ctx, sc, founderID, true)
	if err != nil {
		return err
	}
	if !ok {
		return domain.ErrNotFound
	}
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.NewDelete().TableExpr("founder_thresholds").Where("founder_id = ?", founderID).Exec(ctx); err != nil {
			return mapErr(err)
		}
		rows := []thresholdRow{{FounderID: founderID, Target: "", Value: th.Default}}
		for code, v := range th.Criteria {
			rows = append(rows, thresholdRow{FounderID: founderID, Target: code, Value: v})
		}
		for code, v := range th.Indicators {
			rows = append(rows, thresholdRow{FounderID: founderID, Target: code, Value: v})
		}
		_, err := tx.db.NewInsert().Model(&rows).Exec(ctx)
		return mapErr(err)
	})
}

// SetInstitutionINN records an institution's ИНН ("" clears it) for
// matching operators' tables. A foreign institution is ErrNotFound; a
// malformed ИНН is EInvalid, one taken by another institution EConflict.
func (s *Store) SetInstitutionINN(ctx context.Context, sc domain.Scope, id int64, inn string) error {
	if _, err := s.Institution(ctx, sc, id); err != nil {
		return err
	}
	res, err := s.db.NewUpdate().TableExpr("institutions").Set("inn = ?", inn).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrNotFound
	}
	return nil
}
