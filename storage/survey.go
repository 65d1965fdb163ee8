package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// AddSurveyResponse appends one questionnaire and moves its monthly
// counters, in one transaction. It returns the time until which the
// address is blocked (nothing saved then), or domain.EConflict
// («survey.error.replayed») when the form's token was used already.
func (s *Store) AddSurveyResponse(ctx context.Context, r domain.SurveyRecord, lim domain.SurveyLimit) (time.Time, error) {
	now := s.now()
	var blocked time.Time
	err := s.InTx(ctx, func(tx *Store) error {
		if lim.Addr != nil {
			since := now.Add(-lim.Window)
			var n int
			var first sql.NullTime
			if err := tx.db.NewRaw(`SELECT count(*), min(at) FROM survey_rate WHERE addr = ? AND at > ?`, lim.Addr, since).
				Scan(ctx, &n, &first); err != nil {
				return err
			}
			if n >= lim.Max {
				blocked = first.Time.Add(lim.Window)
				return nil
			}
			if _, err := tx.db.NewRaw(`WITH old AS (DELETE FROM survey_rate WHERE at <= ?) INSERT INTO survey_rate (addr, at) VALUES (?, ?)`,
				since, lim.Addr, now).Exec(ctx); err != nil {
				return err
			}
		}
		if lim.Nonce != "" {
			// Uses older than a token can live are no longer needed: an
			// older token is refused by its signature's time.
			res, err := tx.db.NewRaw(`WITH old AS (DELETE FROM survey_form_uses WHERE at < ?)
				INSERT INTO survey_form_uses (nonce, at) VALUES (?, ?) ON CONFLICT DO NOTHING`,
				now.Add(-lim.TokenTTL-time.Hour), lim.Nonce, now).Exec(ctx)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return &domain.Error{Code: domain.EConflict, Message: "survey.error.replayed"}
			}
		}
		return tx.insertSurvey(ctx, r, now)
	})
	return blocked, err
}

// insertSurvey writes the response and adds its counts (part "" is the form).
func (s *Store) insertSurvey(ctx context.Context, r domain.SurveyRecord, now time.Time) error {
	answers, err := json.Marshal(r.Response.Answers)
	if err != nil {
		return err
	}
	var age, by any
	if r.Response.Age > 0 {
		age = r.Response.Age
	}
	if r.EnteredBy > 0 {
		by = r.EnteredBy
	}
	month := r.Month.Time(time.UTC)
	if _, err := s.db.NewRaw(`INSERT INTO survey_responses (institution_id, at, month, source, answers, suggestion, sex, age, batch, entered_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.InstitutionID, s.stamp(r.At), month, r.Source, string(answers),
		r.Response.Suggestion, r.Response.Sex, age, r.Batch, by).Exec(ctx); err != nil {
		return mapErr(err)
	}
	return s.addSurveyCounts(ctx, r.InstitutionID, month, r.Source, r.Response.Counts(), 1)
}

// addSurveyCounts adds (sign 1) or takes away (sign -1) one form's counts.
func (s *Store) addSurveyCounts(ctx context.Context, inst int64, month time.Time, source string, counts map[string]domain.Survey, sign int) error {
	return s.moveSurveyCounts(ctx, inst, month, source, 1, counts, sign)
}

// moveSurveyCounts adds (sign 1) or takes away (sign -1) the counts of
// forms questionnaires of one month and source, counts their parts summed.
func (s *Store) moveSurveyCounts(ctx context.Context, inst int64, month time.Time, source string, forms int, counts map[string]domain.Survey, sign int) error {
	parts := []string{""}
	resp, sat := []int{sign * forms}, []int{0}
	for p, c := range counts {
		parts = append(parts, p)
		resp = append(resp, sign*c.Respondents)
		sat = append(sat, sign*c.Satisfied)
	}
	if sign < 0 {
		// Taking a form away: its rows exist (the form added them).
		_, err := s.db.NewRaw(`UPDATE survey_counts AS c SET respondents = c.respondents + u.r, satisfied = c.satisfied + u.s
		FROM unnest(?::text[], ?::int[], ?::int[]) AS u(p, r, s)
		WHERE c.institution_id = ? AND c.month = ? AND c.source = ? AND c.part = u.p`,
			pgdialect.Array(parts), pgdialect.Array(resp), pgdialect.Array(sat), inst, month, source).Exec(ctx)
		return mapErr(err)
	}
	_, err := s.db.NewRaw(`INSERT INTO survey_counts AS c (institution_id, month, source, part, respondents, satisfied)
		SELECT ?, ?, ?, p, r, s FROM unnest(?::text[], ?::int[], ?::int[]) AS u(p, r, s)
		ON CONFLICT (institution_id, month, source, part) DO UPDATE
		SET respondents = c.respondents + excluded.respondents, satisfied = c.satisfied + excluded.satisfied`,
		inst, month, source, pgdialect.Array(parts), pgdialect.Array(resp), pgdialect.Array(sat)).Exec(ctx)
	return mapErr(err)
}

// SurveyCounts returns an institution's monthly counters from the month
// from on (one statement, a row per month, source and part); a foreign
// institution is domain.ErrNotFound.
func (s *Store) SurveyCounts(ctx context.Context, sc domain.Scope, institutionID int64, from domain.Date) ([]domain.SurveyCount, error) {
	var rows []struct {
		Month       time.Time `bun:"month"`
		Source      string    `bun:"source"`
		Part        string    `bun:"part"`
		Respondents int       `bun:"respondents"`
		Satisfied   int       `bun:"satisfied"`
	}
	q := s.db.NewSelect().TableExpr("survey_counts").Column("month", "source", "part", "respondents", "satisfied").
		Where("institution_id = ? AND month >= ?", institutionID, from.Time(time.UTC)).OrderExpr("month, source, part")
	if err := scoped(q, sc, "institution_id").Scan(ctx, &rows); err != nil {
		return nil, mapErr(err)
	}
	out := make([]domain.SurveyCount, len(rows))
	for i, r := range rows {
		out[i] = domain.SurveyCount{Month: domain.DateOf(r.Month.UTC()), Source: r.Source, Part: r.Part,
			Respondents: r.Respondents, Satisfied: r.Satisfied}
	}
	return out, nil
}

// SurveySuggestions returns an institution's latest suggestions, newest
// first (at most limit).
func (s *Store) SurveySuggestions(ctx context.Context, sc domain.Scope, institutionID int64, limit int) ([]domain.SurveySuggestion, error) {
	where, args := suggestionScope(sc)
	var rows []suggestionRow
	q := suggestionColumns + where + " AND NOT EXISTS (SELECT 1 FROM survey_hidden_suggestions h WHERE h.response_id = r.id) ORDER BY r.id DESC LIMIT ?"
	if err := s.db.NewRaw(q, append(append([]any{institutionID}, args...), limit)...).Scan(ctx, &rows); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, mapErr(err)
	}
	out := make([]domain.SurveySuggestion, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// HideSuggestion hides a suggestion from the results, with who and why
// (the answer still counts). A foreign or missing answer, or one without a
// suggestion, is domain.ErrNotFound; hiding twice is domain.EConflict.
func (s *Store) HideSuggestion(ctx context.Context, sc domain.Scope, institutionID, id, by int64, reason string) error {
	return s.InTx(ctx, func(tx *Store) error {
		var rid int64
		q := tx.db.NewSelect().TableExpr("survey_responses").Column("id").
			Where("id = ? AND institution_id = ? AND suggestion <> ''", id, institutionID)
		if err := scoped(q, sc, "institution_id").Scan(ctx, &rid); err != nil {
			return mapErr(err)
		}
		var byUser any
		if by > 0 {
			byUser = by
		}
		_, err := tx.db.NewRaw(`INSERT INTO survey_hidden_suggestions (response_id, institution_id, at, by_user, reason) VALUES (?, ?, ?, ?, ?)`,
			id, institutionID, tx.now(), byUser, reason).Exec(ctx)
		return mapErr(err)
	})
}
