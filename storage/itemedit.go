package storage

import (
	"context"
	"strings"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// UpdateItem saves an item if it is still at the version the form was
// opened with, and appends one history entry per changed field, all in one
// transaction. A stale version is domain.ErrStale.
func (s *Store) UpdateItem(ctx context.Context, u domain.ItemUpdate) error {
	return s.InTx(ctx, func(tx *Store) error { return tx.updateItem(ctx, &u) })
}

func (s *Store) updateItem(ctx context.Context, u *domain.ItemUpdate) error {
	row := itemRowOf(&u.New)
	row.OriginalDeadlineKind, row.OriginalDeadlineDate = string(u.New.OriginalDeadline.Kind), nullDate(u.New.OriginalDeadline.Due)
	q := s.db.NewUpdate().Model(row).
		Column("position", "section", "indicator", "deficiency", "measure", "description", "deadline_kind", "deadline_date",
			"original_deadline_kind", "original_deadline_date", "deadline_moves", "assignee_id", "priority", "status",
			"implemented", "completed_on", "status_reason", "recur_kind", "recur_expr", "responsible_name", "responsible_position").
		Set("version = version + 1").Set("updated_at = ?", s.now()).
		Where("it.id = ? AND it.version = ? AND it.institution_id = ?", u.Old.ID, u.Old.Version, u.Old.InstitutionID)
	res, err := scopedUpdate(q, u.Scope, "it.institution_id").Returning("version").Exec(ctx)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrStale
	}
	entries := domain.ItemChanges(&u.Old, &u.New, u.Names)
	if u.SetExtras {
		ch, err := s.replaceChecklist(ctx, u.Old, u.Checklist, u.PointConditions)
		if err != nil {
			return err
		}
		entries = append(entries, ch...)
		co, err := s.replaceCoAssignees(ctx, u.Old, u.CoAssignees, u.Names)
		if err != nil {
			return err
		}
		entries = append(entries, co...)
		if err := s.SetOccurrences(ctx, u.New, u.Occurrences); err != nil {
			return err
		}
	}
	for i := range entries {
		e := &entries[i]
		e.InstitutionID, e.PlanID, e.ItemID, e.ActorID, e.ActorName = u.Old.InstitutionID, u.Old.PlanID, u.Old.ID, u.By.ID, u.By.FullName
		if e.Note == "" {
			e.Note = u.Note
		}
	}
	if err := s.AppendHistory(ctx, entries...); err != nil {
		return err
	}
	for i := range u.Evidence {
		if err := s.AddAttachment(ctx, u.Scope, u.New, u.By, &u.Evidence[i]); err != nil {
			return err
		}
	}
	return s.planNotices(ctx, u.Notices)
}

// replaceChecklist sets the item's points to texts, keeping the ticks of
// points whose text is unchanged, and their НОК condition unless conds
// (point text → condition key) says otherwise.
func (s *Store) replaceChecklist(ctx context.Context, old domain.Item, texts []string, conds map[string]string) ([]domain.HistoryEntry, error) {
	var oldTexts []string
	done := map[string]bool{}
	cond := map[string]string{}
	same := true
	for _, p := range old.Checklist {
		oldTexts = append(oldTexts, p.Text)
		done[p.Text] = p.Done
		cond[p.Text] = p.ConditionKey
		if k, set := conds[p.Text]; set && k != p.ConditionKey {
			same = false
		}
	}
	for _, t := range texts {
		if k, set := conds[t]; set {
			cond[t] = k
		}
	}
	if same && strings.Join(oldTexts, "\n") == strings.Join(texts, "\n") {
		return nil, nil
	}
	if _, err := s.db.NewDelete().TableExpr("item_checklist").Where("item_id = ?", old.ID).Exec(ctx); err != nil {
		return nil, mapErr(err)
	}
	if len(texts) > 0 {
		rows := make([]checklistRow, len(texts))
		for i, t := range texts {
			rows[i] = checklistRow{ItemID: old.ID, Position: i + 1, Text: t, Done: done[t], ConditionKey: cond[t]}
		}
		if _, err := s.db.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return nil, mapErr(err)
		}
	}
	return []domain.HistoryEntry{{Action: "updated", Field: "checklist",
		OldValue: strings.Join(oldTexts, "; "), NewValue: strings.Join(texts, "; ")}}, nil
}

func (s *Store) replaceCoAssignees(ctx context.Context, old domain.Item, ids []int64, names func(int64) string) ([]domain.HistoryEntry, error) {
	join := func(list []int64) string {
		var out []string
		for _, id := range list {
			out = append(out, names(id))
		}
		return strings.Join(out, ", ")
	}
	o, n := join(old.CoAssignees), join(ids)
	if o == n {
		return nil, nil
	}
	if _, err := s.db.NewDelete().TableExpr("item_assignees").Where("item_id = ?", old.ID).Exec(ctx); err != nil {
		return nil, mapErr(err)
	}
	if len(ids) > 0 {
		// Only members of the item's institution can be co-assignees.
		_, err := s.db.NewRaw(`INSERT INTO item_assignees (item_id, user_id)
			SELECT ?, m.user_id FROM memberships m WHERE m.institution_id = ? AND m.user_id = ANY(?) ON CONFLICT DO NOTHING`,
			old.ID, old.InstitutionID, pgdialect.Array(ids)).Exec(ctx)
		if err != nil {
			return nil, mapErr(err)
		}
	}
	return []domain.HistoryEntry{{Action: "assigned", Field: "co_assignees", OldValue: o, NewValue: n}}, nil
}

// ItemWithAssignees returns one item visible in sc with its checklist and
// co-assignees.
func (s *Store) ItemWithAssignees(ctx context.Context, sc domain.Scope, id int64) (domain.Item, error) {
	it, err := s.Item(ctx, sc, id)
	if err != nil {
		return it, err
	}
	co, err := s.coAssignees(ctx, []int64{id})
	it.CoAssignees = co[id]
	return it, err
}

func (s *Store) coAssignees(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	var rows []struct {
		ItemID int64 `bun:"item_id"`
		UserID int64 `bun:"user_id"`
	}
	out := map[int64][]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	err := s.db.NewSelect().TableExpr("item_assignees").Column("item_id", "user_id").
		Where("item_id = ANY(?)", pgdialect.Array(ids)).Order("item_id", "user_id").Scan(ctx, &rows)
	for _, r := range rows {
		out[r.ItemID] = append(out[r.ItemID], r.UserID)
	}
	return out, err
}

// AddItem appends an item at the end of its plan's section order, with its
// checklist and a "created" history entry.
func (s *Store) AddItem(ctx context.Context, it *domain.Item, by domain.User, n domain.Notices, occurrences ...domain.Date) error {
	return s.InTx(ctx, func(tx *Store) error {
		err := tx.db.NewSelect().TableExpr("items").ColumnExpr("coalesce(max(position), 0) + 1").
			Where("plan_id = ?", it.PlanID).Scan(ctx, &it.Position)
		if err != nil {
			return err
		}
		items := []domain.Item{*it}
		if err := tx.insertItems(ctx, items, by); err != nil {
			return err
		}
		*it = items[0]
		if err := tx.planNotices(ctx, n.Assigned(it.ID)); err != nil {
			return err
		}
		if len(occurrences) == 0 {
			return nil
		}
		return tx.SetOccurrences(ctx, *it, occurrences)
	})
}

// DeleteItem removes an item (checklist, comments and evidence with it) and
// records the deletion in the append-only history, in one transaction.
// An item outside sc is not deleted (domain.ErrStale, as for a stale version).
func (s *Store) DeleteItem(ctx context.Context, sc domain.Scope, it domain.Item, by domain.User) error {
	return s.InTx(ctx, func(tx *Store) error {
		q := tx.db.NewDelete().TableExpr("items").Where("id = ? AND version = ? AND institution_id = ?", it.ID, it.Version, it.InstitutionID)
		res, err := scopedDelete(q, sc, "institution_id").Exec(ctx)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.ErrStale
		}
		return tx.AppendHistory(ctx, domain.HistoryEntry{InstitutionID: it.InstitutionID, PlanID: it.PlanID, ItemID: it.ID,
			ActorID: by.ID, ActorName: by.FullName, Action: "deleted", OldValue: it.Measure})
	})
}

// MoveItem swaps an item with its neighbour in the same section (dir -1 up,
// +1 down); at the edge it does nothing. An item outside sc is not found.
func (s *Store) MoveItem(ctx context.Context, sc domain.Scope, it domain.Item, dir int) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.itemInScope(ctx, sc, it); err != nil {
			return err
		}
		var other itemRow
		q := tx.db.NewSelect().Model(&other).Where("it.plan_id = ? AND it.section = ?", it.PlanID, string(it.Section)).For("UPDATE")
		if dir < 0 {
			q = q.Where("it.position < ?", it.Position).Order("it.position DESC")
		} else {
			q = q.Where("it.position > ?", it.Position).Order("it.position ASC")
		}
		if err := q.Limit(1).Scan(ctx); err != nil {
			if domain.ErrorCode(mapErr(err)) == domain.ENotFound {
				return nil
			}
			return err
		}
		_, err := tx.db.NewRaw(`UPDATE items SET position = CASE id WHEN ? THEN ? ELSE ? END, updated_at = ? WHERE id IN (?, ?)`,
			it.ID, other.Position, it.Position, tx.now(), it.ID, other.ID).Exec(ctx)
		return mapErr(err)
	})
}

// SetChecklistPoint ticks or unticks a point of an item, the point loaded
// through the item (a point of another item, or of an item outside sc, is
// not found).
func (s *Store) SetChecklistPoint(ctx context.Context, sc domain.Scope, it domain.Item, pointID int64, done bool, by domain.User) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.itemInScope(ctx, sc, it); err != nil {
			return err
		}
		var text string
		err := tx.db.NewRaw(`UPDATE item_checklist SET done = ?, done_by = ?, done_at = CASE WHEN ? THEN ?::timestamptz END
			WHERE id = ? AND item_id = ? RETURNING text`, done, by.ID, done, tx.now(), pointID, it.ID).Scan(ctx, &text)
		if err != nil {
			return mapErr(err)
		}
		o, n := "☐", "☑"
		if !done {
			o, n = n, o
		}
		return tx.AppendHistory(ctx, domain.HistoryEntry{InstitutionID: it.InstitutionID, PlanID: it.PlanID, ItemID: it.ID,
			ActorID: by.ID, ActorName: by.FullName, Action: "checklist", Field: "checklist", OldValue: o + " " + text, NewValue: n + " " + text})
	})
}

// PlanItemsByID returns the items of a plan with the given ids, visible in
// sc, each with its co-assignees (two queries).
func (s *Store) PlanItemsByID(ctx context.Context, sc domain.Scope, planID int64, ids []int64) ([]domain.Item, error) {
	var rows []itemRow
	q := s.db.NewSelect().Model(&rows).Where("it.plan_id = ? AND it.id = ANY(?)", planID, pgdialect.Array(ids)).Order("it.id")
	if err := scoped(q, sc, "it.institution_id").Scan(ctx); err != nil {
		return nil, err
	}
	items := make([]domain.Item, len(rows))
	for i := range rows {
		items[i] = rows[i].domain()
	}
	co, err := s.coAssignees(ctx, ids)
	for i := range items {
		items[i].CoAssignees = co[items[i].ID]
	}
	return items, err
}

// UpdateItems saves several item updates, and the notices about them as a
// whole, in one transaction: all or none.
func (s *Store) UpdateItems(ctx context.Context, us []domain.ItemUpdate, n domain.Notices) error {
	return s.InTx(ctx, func(tx *Store) error {
		for i := range us {
			if err := tx.updateItem(ctx, &us[i]); err != nil {
				return err
			}
		}
		return tx.planNotices(ctx, n)
	})
}
