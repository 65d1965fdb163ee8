package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"planboard/domain"
)

// AddPaperSurveys appends paper questionnaires of one institution in one
// transaction (all or none), with an audit row; the institution must lie
// in sc (domain.ErrNotFound otherwise).
func (s *Store) AddPaperSurveys(ctx context.Context, sc domain.Scope, institutionID int64, recs []domain.SurveyRecord, audit domain.AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.Institution(ctx, sc, institutionID); err != nil {
			return err
		}
		now := tx.now()
		for _, r := range recs {
			r.InstitutionID, r.Source = institutionID, domain.SurveyPaper
			if _, err := tx.insertSurveyID(ctx, r, now); err != nil {
				return err
			}
		}
		audit.At, audit.InstitutionID = now, institutionID
		return tx.AddAudit(ctx, audit)
	})
}

// insertSurveyID is insertSurvey returning the new row's id.
func (s *Store) insertSurveyID(ctx context.Context, r domain.SurveyRecord, now time.Time) (int64, error) {
	answers, err := json.Marshal(r.Response.Answers)
	if err != nil {
		return 0, err
	}
	var age, by any
	if r.Response.Age > 0 {
		age = r.Response.Age
	}
	if r.EnteredBy > 0 {
		by = r.EnteredBy
	}
	month := r.Month.Time(time.UTC)
	var id int64
	if err := s.db.NewRaw(`INSERT INTO survey_responses (institution_id, at, month, source, answers, suggestion, sex, age, batch, entered_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.InstitutionID, s.stamp(r.At), month, r.Source, string(answers),
		r.Response.Suggestion, r.Response.Sex, age, r.Batch, by).Scan(ctx, &id); err != nil {
		return 0, mapErr(err)
	}
	return id, s.addSurveyCounts(ctx, r.InstitutionID, month, r.Source, r.Response.Counts(), 1)
}

type surveyRow struct {
	ID         int64     `bun:"id"`
	At         time.Time `bun:"at"`
	Month      time.Time `bun:"month"`
	Source     string    `bun:"source"`
	Answers    string    `bun:"answers"`
	Suggestion string    `bun:"suggestion"`
	Sex        string    `bun:"sex"`
	Age        *int      `bun:"age"`
	Batch      string    `bun:"batch"`
	EnteredBy  *int64    `bun:"entered_by"`
	Inst       int64     `bun:"institution_id"`
}

func (r surveyRow) domain() (domain.SurveyRecord, error) {
	out := domain.SurveyRecord{ID: r.ID, InstitutionID: r.Inst, At: r.At, Month: domain.DateOf(r.Month.UTC()), Source: r.Source, Batch: r.Batch,
		Response: domain.SurveyResponse{Suggestion: r.Suggestion, Sex: r.Sex}}
	if r.Age != nil {
		out.Response.Age = *r.Age
	}
	if r.EnteredBy != nil {
		out.EnteredBy = *r.EnteredBy
	}
	return out, json.Unmarshal([]byte(r.Answers), &out.Response.Answers)
}

const surveyColumns = `r.id, r.at, r.month, r.source, r.answers::text AS answers, r.suggestion, r.sex, r.age, r.batch, r.entered_by, r.institution_id`

// PaperSurveys lists an institution's paper questionnaires still counted,
// newest first (at most limit), in one statement.
func (s *Store) PaperSurveys(ctx context.Context, sc domain.Scope, institutionID int64, limit int) ([]domain.SurveyRecord, error) {
	var rows []surveyRow
	q := s.db.NewSelect().TableExpr("survey_responses AS r").ColumnExpr(surveyColumns).
		Where("r.institution_id = ? AND r.source = 'paper'", institutionID).Where(stillCounted).
		OrderExpr("r.id DESC").Limit(int64(limit))
	if err := scoped(q, sc, "r.institution_id").Scan(ctx, &rows); err != nil {
		return nil, mapErr(err)
	}
	out := make([]domain.SurveyRecord, 0, len(rows))
	for _, r := range rows {
		rec, err := r.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// WithdrawSurvey takes a paper questionnaire out of the figures: the row
// stays, a withdrawal says who, when and why, its counts are taken away,
// and replacement (a correction) is appended in its place, all in one
// transaction with an audit row. A foreign, missing, web or already
// withdrawn questionnaire is domain.ErrNotFound.
func (s *Store) WithdrawSurvey(ctx context.Context, sc domain.Scope, institutionID, id int64, reason string, replacement *domain.SurveyRecord, audit domain.AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		var row surveyRow
		q := tx.db.NewSelect().TableExpr("survey_responses AS r").ColumnExpr(surveyColumns).
			Where("r.id = ? AND r.institution_id = ? AND r.source = 'paper'", id, institutionID).
			Where(stillCounted).For("UPDATE")
		if err := scoped(q, sc, "r.institution_id").Scan(ctx, &row); err != nil {
			return mapErr(err)
		}
		old, err := row.domain()
		if err != nil {
			return err
		}
		now := tx.now()
		var replacedBy any
		if replacement != nil {
			r := *replacement
			r.InstitutionID, r.Source, r.Month = institutionID, domain.SurveyPaper, old.Month
			if r.Batch == "" {
				r.Batch = old.Batch
			}
			nid, err := tx.insertSurveyID(ctx, r, now)
			if err != nil {
				return err
			}
			replacedBy = nid
		}
		var by any
		if audit.ActorID > 0 {
			by = audit.ActorID
		}
		if _, err := tx.db.NewRaw(`INSERT INTO survey_withdrawals (response_id, institution_id, at, by_user, reason, replaced_by) VALUES (?, ?, ?, ?, ?, ?)`,
			id, institutionID, now, by, reason, replacedBy).Exec(ctx); err != nil {
			return mapErr(err)
		}
		if err := tx.addSurveyCounts(ctx, institutionID, row.Month, old.Source, old.Response.Counts(), -1); err != nil {
			return err
		}
		audit.At, audit.InstitutionID = now, institutionID
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("%d: %s", id, reason)
		}
		return tx.AddAudit(ctx, audit)
	})
}
