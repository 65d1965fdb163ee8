package storage

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// planFileUpdateRow is an applied update from a file (migration 0140).
type planFileUpdateRow struct {
	bun.BaseModel `bun:"table:plan_file_updates,alias:fu"`
	ID            int64         `bun:"id,pk,autoincrement"`
	PlanID        int64         `bun:"plan_id"`
	InstitutionID int64         `bun:"institution_id"`
	At            time.Time     `bun:"at"`
	ActorID       int64         `bun:"actor_id,nullzero"`
	ActorName     string        `bun:"actor_name"`
	FileName      string        `bun:"file_name"`
	Snapshot      []domain.Item `bun:"snapshot,type:jsonb"`
	AddedIDs      []int64       `bun:"added_ids,array"`
	RestoredAt    bun.NullTime  `bun:"restored_at"`
	RestoredName  string        `bun:"restored_name"`
}

// PlanEvidenceNames returns the names of the evidence attached to each
// item of a plan visible in sc (files by name, links by address): one
// query whatever the number of items.
func (s *Store) PlanEvidenceNames(ctx context.Context, sc domain.Scope, planID int64) (map[int64][]string, error) {
	var rows []struct {
		ItemID int64  `bun:"item_id"`
		Name   string `bun:"name"`
	}
	q := s.db.NewSelect().TableExpr("item_attachments AS a").ColumnExpr("a.item_id, coalesce(nullif(a.filename, ''), a.url) AS name").
		Join("JOIN items AS it ON it.id = a.item_id").Where("it.plan_id = ?", planID).OrderExpr("a.item_id, a.id")
	if err := scoped(q, sc, "it.institution_id").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for _, r := range rows {
		out[r.ItemID] = append(out[r.ItemID], r.Name)
	}
	return out, nil
}

// PlanFileUpdate returns an update from a file of a plan visible in sc;
// Latest says no later update of the plan is still in force.
func (s *Store) PlanFileUpdate(ctx context.Context, sc domain.Scope, planID, id int64) (domain.PlanFileUpdateRecord, error) {
	var row planFileUpdateRow
	q := s.db.NewSelect().Model(&row).Where("fu.id = ? AND fu.plan_id = ?", id, planID)
	if err := scoped(q, sc, "fu.institution_id").Scan(ctx); err != nil {
		return domain.PlanFileUpdateRecord{}, mapErr(err)
	}
	later, err := s.db.NewSelect().TableExpr("plan_file_updates").
		Where("plan_id = ? AND id > ? AND restored_at IS NULL", planID, id).Exists(ctx)
	if err != nil {
		return domain.PlanFileUpdateRecord{}, err
	}
	return domain.PlanFileUpdateRecord{ID: row.ID, PlanID: row.PlanID, InstitutionID: row.InstitutionID, At: row.At,
		ActorName: row.ActorName, FileName: row.FileName, Before: row.Snapshot, AddedIDs: row.AddedIDs,
		Restored: !row.RestoredAt.IsZero(), Latest: !later}, nil
}

// RestorePlanFileUpdate brings a plan back to what it was before an update
// from a file, in one transaction: the changed items take their earlier
// values (restore: one update per item still there, history per field, the
// checklist with its ticks and НОК conditions as it was), the items the
// update added are deleted, and the update is marked restored. A record
// restored meanwhile is EConflict; an item changed meanwhile is ErrStale.
func (s *Store) RestorePlanFileUpdate(ctx context.Context, sc domain.Scope, rec domain.PlanFileUpdateRecord, restore []domain.ItemUpdate, by domain.User) error {
	return s.InTx(ctx, func(tx *Store) error {
		q := tx.db.NewUpdate().TableExpr("plan_file_updates AS fu").Set("restored_at = ?", tx.now()).Set("restored_name = ?", by.FullName).
			Where("fu.id = ? AND fu.plan_id = ? AND fu.restored_at IS NULL", rec.ID, rec.PlanID)
		res, err := scopedUpdate(q, sc, "fu.institution_id").Exec(ctx)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &domain.Error{Code: domain.EConflict, Message: "fileupdate.restored_already"}
		}
		before := map[int64]domain.Item{}
		for _, it := range rec.Before {
			before[it.ID] = it
		}
		for i := range restore {
			u := &restore[i]
			if err := tx.updateItem(ctx, u); err != nil {
				return err
			}
			entries, err := tx.restoreChecklist(ctx, u.Old, before[u.Old.ID].Checklist)
			if err != nil {
				return err
			}
			if err := tx.appendItemHistory(ctx, u.Old, by, entries); err != nil {
				return err
			}
		}
		if len(rec.AddedIDs) > 0 {
			q := tx.db.NewDelete().TableExpr("items").Where("plan_id = ? AND id = ANY(?)", rec.PlanID, pgdialect.Array(rec.AddedIDs))
			if _, err := scopedDelete(q, sc, "institution_id").Exec(ctx); err != nil {
				return mapErr(err)
			}
		}
		return nil
	})
}

// restoreChecklist sets an item's points back to points exactly (ticks and
// НОК conditions included) and says so in the history when they differ.
func (s *Store) restoreChecklist(ctx context.Context, cur domain.Item, points []domain.ChecklistPoint) ([]domain.HistoryEntry, error) {
	text := func(list []domain.ChecklistPoint) string {
		var out []string
		for _, p := range list {
			out = append(out, p.Text)
		}
		return strings.Join(out, "; ")
	}
	same := len(cur.Checklist) == len(points)
	for i := 0; same && i < len(points); i++ {
		a, b := cur.Checklist[i], points[i]
		same = a.Text == b.Text && a.Done == b.Done && a.ConditionKey == b.ConditionKey
	}
	if same {
		return nil, nil
	}
	if _, err := s.db.NewDelete().TableExpr("item_checklist").Where("item_id = ?", cur.ID).Exec(ctx); err != nil {
		return nil, mapErr(err)
	}
	if len(points) > 0 {
		rows := make([]checklistRow, len(points))
		for i, p := range points {
			rows[i] = checklistRow{ItemID: cur.ID, Position: i + 1, Text: p.Text, Done: p.Done, ConditionKey: p.ConditionKey}
		}
		if _, err := s.db.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return nil, mapErr(err)
		}
	}
	return []domain.HistoryEntry{{Action: "updated", Field: "checklist", OldValue: text(cur.Checklist), NewValue: text(points)}}, nil
}
