package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"planboard/domain"
)

// suggestionRow is a suggestion with the plan item made from it.
type suggestionRow struct {
	ID      int64          `bun:"id"`
	At      time.Time      `bun:"at"`
	Source  string         `bun:"source"`
	Text    string         `bun:"suggestion"`
	ItemID  sql.NullInt64  `bun:"item_id"`
	Section sql.NullString `bun:"section"`
	Nth     sql.NullInt64  `bun:"nth"`
}

func (r suggestionRow) domain() domain.SurveySuggestion {
	out := domain.SurveySuggestion{ID: r.ID, At: r.At, Source: r.Source, Text: r.Text, ItemID: r.ItemID.Int64}
	if r.ItemID.Valid {
		out.ItemNumber = domain.ItemNumber(domain.Section(r.Section.String), int(r.Nth.Int64))
	}
	return out
}

// suggestionColumns select a suggestion and its plan item with the item's
// place in its section (LEFT JOINs and a correlated count: one statement
// whatever the number of suggestions).
const suggestionColumns = `SELECT r.id, r.at, r.source, r.suggestion, p.item_id, i.section,
  (SELECT count(*) FROM items j WHERE j.plan_id = i.plan_id AND j.section = i.section AND j.position <= i.position) AS nth
FROM survey_responses r
LEFT JOIN survey_plan_items p ON p.response_id = r.id
LEFT JOIN items i ON i.id = p.item_id
WHERE r.institution_id = ? AND r.suggestion <> ''
  AND ` + stillCounted

// suggestionScope is the scope's filter on r.institution_id, as SQL with its args.
func suggestionScope(sc domain.Scope) (string, []any) {
	if sc.All {
		return "", nil
	}
	q, a, b, c, d := scopeClause(sc, "r.institution_id")
	return " AND " + q, []any{a, b, c, d}
}

// SurveySuggestion reads one suggestion still counted, with its plan item.
// A foreign, missing or withdrawn one is ENotFound.
func (s *Store) SurveySuggestion(ctx context.Context, sc domain.Scope, institutionID, id int64) (domain.SurveySuggestion, error) {
	where, args := suggestionScope(sc)
	var r suggestionRow
	err := s.db.NewRaw(suggestionColumns+where+" AND r.id = ?", append(append([]any{institutionID}, args...), id)...).Scan(ctx, &r)
	return r.domain(), mapErr(err)
}

// ItemSuggestion reads the suggestion an item was made from (ENotFound:
// none, or outside sc).
func (s *Store) ItemSuggestion(ctx context.Context, sc domain.Scope, institutionID, itemID int64) (domain.SurveySuggestion, error) {
	where, args := suggestionScope(sc)
	var r suggestionRow
	err := s.db.NewRaw(suggestionColumns+where+" AND p.item_id = ?", append(append([]any{institutionID}, args...), itemID)...).Scan(ctx, &r)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.SurveySuggestion{}, domain.Errorf(domain.ENotFound, "item %d has no suggestion", itemID)
	}
	return r.domain(), mapErr(err)
}

// AddSuggestionItem adds the item made from a suggestion, links the two
// (one item per suggestion: a second link is EConflict) and writes the
// audit row, in one transaction.
func (s *Store) AddSuggestionItem(ctx context.Context, responseID int64, it *domain.Item, by domain.User, n domain.Notices, audit domain.AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.AddItem(ctx, it, by, n); err != nil {
			return err
		}
		var byUser any
		if by.ID > 0 {
			byUser = by.ID
		}
		now := tx.now()
		if _, err := tx.db.NewRaw(`INSERT INTO survey_plan_items (response_id, institution_id, item_id, at, by_user) VALUES (?, ?, ?, ?, ?)`,
			responseID, it.InstitutionID, it.ID, now, byUser).Exec(ctx); err != nil {
			return mapErr(err)
		}
		audit.At, audit.InstitutionID = now, it.InstitutionID
		return tx.AddAudit(ctx, audit)
	})
}
