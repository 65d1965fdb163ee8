package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// maxSetAside is the most answers one set-aside takes out of the figures.
const maxSetAside = 20000

// stillCounted are the conditions of an answer in the figures: neither
// withdrawn nor set aside.
const stillCounted = `NOT EXISTS (SELECT 1 FROM survey_withdrawals w WHERE w.response_id = r.id)
  AND NOT EXISTS (SELECT 1 FROM survey_set_aside_responses a WHERE a.response_id = r.id)`

// SetAsideSurveys takes the answers sel picks (still counted, at most
// maxSetAside) out of the figures: the set-aside row, its answers, the
// monthly counters corrected and an audit row, in one transaction. It
// returns how many; none picked is domain.ErrNotFound, too many EInvalid.
func (s *Store) SetAsideSurveys(ctx context.Context, sc domain.Scope, institutionID int64, sel domain.SurveySelection, loc *time.Location, reason string, audit domain.AuditEntry) (int, error) {
	var n int
	err := s.InTx(ctx, func(tx *Store) error {
		q := tx.db.NewSelect().TableExpr("survey_responses AS r").ColumnExpr(surveyColumns).
			Where("r.institution_id = ?", institutionID).Where(stillCounted).OrderExpr("r.id").Limit(maxSetAside + 1).For("UPDATE")
		if sel.Batch != "" {
			q = q.Where("r.source = 'paper' AND r.batch = ?", sel.Batch)
		} else {
			q = q.Where("r.at >= ? AND r.at < ?", sel.From.Time(loc), sel.To.AddDays(1).Time(loc))
			if sel.Source != "" {
				q = q.Where("r.source = ?", sel.Source)
			}
		}
		var rows []surveyRow
		if err := scoped(q, sc, "r.institution_id").Scan(ctx, &rows); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return mapErr(err)
		}
		if len(rows) == 0 {
			return domain.Errorf(domain.ENotFound, "no answers to set aside")
		}
		if len(rows) > maxSetAside {
			return domain.Errorf(domain.EInvalid, "more than %d answers", maxSetAside)
		}
		n = len(rows)
		now := tx.now()
		var by, from, to any
		if audit.ActorID > 0 {
			by = audit.ActorID
		}
		if sel.Batch == "" {
			from, to = sel.From.Time(time.UTC), sel.To.Time(time.UTC)
		}
		var id int64
		if err := tx.db.NewRaw(`INSERT INTO survey_set_asides (institution_id, at, by_user, reason, source, from_day, to_day, batch, answers)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, institutionID, now, by, reason, sel.Source, from, to, sel.Batch, n).Scan(ctx, &id); err != nil {
			return mapErr(err)
		}
		ids := make([]int64, n)
		for i, r := range rows {
			ids[i] = r.ID
		}
		if _, err := tx.db.NewRaw(`INSERT INTO survey_set_aside_responses (response_id, set_aside_id) SELECT unnest(?::bigint[]), ?`,
			pgdialect.Array(ids), id).Exec(ctx); err != nil {
			return mapErr(err)
		}
		if err := tx.moveCountsOf(ctx, institutionID, rows, -1); err != nil {
			return err
		}
		audit.At, audit.InstitutionID, audit.Detail = now, institutionID, fmt.Sprintf("%d: %d: %s", id, n, reason)
		return tx.AddAudit(ctx, audit)
	})
	return n, err
}

// RestoreSetAside puts a set-aside's answers back into the figures (the
// counters corrected, the set-aside marked restored, an audit row), in one
// transaction. A foreign, missing or restored one is domain.ErrNotFound.
func (s *Store) RestoreSetAside(ctx context.Context, sc domain.Scope, institutionID, id int64, audit domain.AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		var sid int64
		q := tx.db.NewSelect().TableExpr("survey_set_asides").Column("id").
			Where("id = ? AND institution_id = ? AND restored_at IS NULL", id, institutionID).For("UPDATE")
		if err := scoped(q, sc, "institution_id").Scan(ctx, &sid); err != nil {
			return mapErr(err)
		}
		var rows []surveyRow
		if err := tx.db.NewSelect().TableExpr("survey_responses AS r").ColumnExpr(surveyColumns).
			Where("r.id IN (SELECT response_id FROM survey_set_aside_responses WHERE set_aside_id = ?)", id).Scan(ctx, &rows); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return mapErr(err)
		}
		now := tx.now()
		var by any
		if audit.ActorID > 0 {
			by = audit.ActorID
		}
		if _, err := tx.db.NewRaw(`DELETE FROM survey_set_aside_responses WHERE set_aside_id = ?`, id).Exec(ctx); err != nil {
			return mapErr(err)
		}
		if _, err := tx.db.NewRaw(`UPDATE survey_set_asides SET restored_at = ?, restored_by = ? WHERE id = ?`, now, by, id).Exec(ctx); err != nil {
			return mapErr(err)
		}
		if err := tx.moveCountsOf(ctx, institutionID, rows, 1); err != nil {
			return err
		}
		audit.At, audit.InstitutionID, audit.Detail = now, institutionID, fmt.Sprintf("%d: %d", id, len(rows))
		return tx.AddAudit(ctx, audit)
	})
}

// moveCountsOf adds (sign 1) or takes away (sign -1) the counts of rows,
// one statement per month and source they fall in.
func (s *Store) moveCountsOf(ctx context.Context, institutionID int64, rows []surveyRow, sign int) error {
	type key struct {
		month  time.Time
		source string
	}
	forms := map[key]int{}
	parts := map[key]map[string]domain.Survey{}
	var order []key
	for _, r := range rows {
		rec, err := r.domain()
		if err != nil {
			return err
		}
		k := key{r.Month.UTC(), r.Source}
		if _, ok := forms[k]; !ok {
			order = append(order, k)
		}
		forms[k]++
		parts[k] = domain.AddSurveys(parts[k], rec.Response.Counts())
	}
	for _, k := range order {
		if err := s.moveSurveyCounts(ctx, institutionID, k.month, k.source, forms[k], parts[k], sign); err != nil {
			return err
		}
	}
	return nil
}

// SurveySetAsides lists an institution's set-asides, newest first (at most
// limit), with who set each aside, in one statement.
func (s *Store) SurveySetAsides(ctx context.Context, sc domain.Scope, institutionID int64, limit int) ([]domain.SurveySetAside, error) {
	var rows []struct {
		ID         int64        `bun:"id"`
		At         time.Time    `bun:"at"`
		ByName     string       `bun:"by_name"`
		Reason     string       `bun:"reason"`
		Source     string       `bun:"source"`
		FromDay    sql.NullTime `bun:"from_day"`
		ToDay      sql.NullTime `bun:"to_day"`
		Batch      string       `bun:"batch"`
		Answers    int          `bun:"answers"`
		RestoredAt sql.NullTime `bun:"restored_at"`
	}
	q := s.db.NewSelect().TableExpr("survey_set_asides AS s").
		ColumnExpr("s.id, s.at, coalesce(u.full_name, '') AS by_name, s.reason, s.source, s.from_day, s.to_day, s.batch, s.answers, s.restored_at").
		Join("LEFT JOIN users AS u ON u.id = s.by_user").
		Where("s.institution_id = ?", institutionID).OrderExpr("s.id DESC").Limit(int64(limit))
	if err := scoped(q, sc, "s.institution_id").Scan(ctx, &rows); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, mapErr(err)
	}
	out := make([]domain.SurveySetAside, len(rows))
	for i, r := range rows {
		sa := domain.SurveySetAside{ID: r.ID, At: r.At, ByName: r.ByName, Reason: r.Reason, Answers: r.Answers,
			Selection: domain.SurveySelection{Source: r.Source, Batch: r.Batch}, Restored: r.RestoredAt.Valid, RestoredAt: r.RestoredAt.Time}
		if r.FromDay.Valid {
			sa.Selection.From, sa.Selection.To = domain.DateOf(r.FromDay.Time.UTC()), domain.DateOf(r.ToDay.Time.UTC())
		}
		out[i] = sa
	}
	return out, nil
}
