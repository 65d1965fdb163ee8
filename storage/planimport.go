package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

type planImportRow struct {
	bun.BaseModel `bun:"table:plan_imports,alias:pi"`
	ID            int64     `bun:"id,pk,autoincrement"`
	UserID        int64     `bun:"user_id"`
	InstitutionID int64     `bun:"institution_id,nullzero"`
	PlanID        int64     `bun:"plan_id,nullzero"`
	Purpose       string    `bun:"purpose"`
	FileName      string    `bun:"file_name"`
	Data          []byte    `bun:"data"`
	Parsed        []byte    `bun:"parsed"`
	CreatedAt     time.Time `bun:"created_at"`
	ExpiresAt     time.Time `bun:"expires_at"`
}

func (r *planImportRow) domain() domain.PlanImport {
	return domain.PlanImport{ID: r.ID, UserID: r.UserID, InstitutionID: r.InstitutionID, PlanID: r.PlanID, Purpose: r.Purpose,
		FileName: r.FileName, Data: r.Data, Parsed: r.Parsed, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt}
}

// SavePlanImport keeps an uploaded plan file and its parse for its
// uploader until domain.PlanImportTTL from now (the store's clock), drops
// every expired one and the uploader's oldest beyond
// domain.MaxPlanImports. It sets the import's ID and times.
func (s *Store) SavePlanImport(ctx context.Context, imp *domain.PlanImport) error {
	return s.InTx(ctx, func(tx *Store) error {
		now := tx.now()
		if _, err := tx.db.NewDelete().TableExpr("plan_imports").Where("expires_at <= ?", now).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.db.NewDelete().TableExpr("plan_imports").Where("user_id = ?", imp.UserID).
			Where("id NOT IN (SELECT id FROM plan_imports WHERE user_id = ? ORDER BY id DESC LIMIT ?)", imp.UserID, domain.MaxPlanImports-1).
			Exec(ctx); err != nil {
			return err
		}
		row := &planImportRow{UserID: imp.UserID, InstitutionID: imp.InstitutionID, PlanID: imp.PlanID, Purpose: imp.Purpose,
			FileName: imp.FileName, Data: imp.Data, Parsed: imp.Parsed, CreatedAt: now, ExpiresAt: now.Add(domain.PlanImportTTL)}
		if _, err := tx.db.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
			return mapErr(err)
		}
		*imp = row.domain()
		return nil
	})
}

// PlanImport returns an unexpired upload of userID's for purpose, with its
// parse and without the file; anyone else's, an expired or a used one is
// domain.ErrNotFound.
func (s *Store) PlanImport(ctx context.Context, userID, id int64, purpose string) (domain.PlanImport, error) {
	var row planImportRow
	err := s.db.NewSelect().Model(&row).ExcludeColumn("data").Where("pi.id = ? AND pi.user_id = ? AND pi.purpose = ? AND pi.expires_at > ?", id, userID, purpose, s.now()).
		Scan(ctx)
	if err != nil {
		return domain.PlanImport{}, mapErr(err)
	}
	return row.domain(), nil
}

// RetargetPlanImport turns an upload for a new plan into an update of
// planID (its uploader's, unexpired); otherwise domain.ErrNotFound.
func (s *Store) RetargetPlanImport(ctx context.Context, imp domain.PlanImport, planID int64) error {
	res, err := s.db.NewUpdate().TableExpr("plan_imports").Set("purpose = ?", domain.ImportUpdate).Set("plan_id = ?", planID).
		Where("id = ? AND user_id = ? AND purpose = ? AND expires_at > ?", imp.ID, imp.UserID, domain.ImportCreate, s.now()).Exec(ctx)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// consumeImport deletes the upload a confirmation uses, inside the
// confirmation's transaction: a second confirmation finds nothing.
func (s *Store) consumeImport(ctx context.Context, imp domain.PlanImport) error {
	res, err := s.db.NewDelete().TableExpr("plan_imports").
		Where("id = ? AND user_id = ? AND purpose = ? AND expires_at > ?", imp.ID, imp.UserID, imp.Purpose, s.now()).Exec(ctx)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// CreatePlanFromImport stores a plan read from an uploaded file with its
// items (checklists, co-assignees, the dated occurrences of recurring
// items: occurrences[i] for items[i]) and uses up the upload, all in one
// transaction. A second plan for the same year is an EConflict error; a
// used or expired upload is ErrNotFound.
func (s *Store) CreatePlanFromImport(ctx context.Context, imp domain.PlanImport, p *domain.Plan, items []domain.Item,
	occurrences map[int][]domain.Date, by domain.User, n domain.Notices) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.consumeImport(ctx, imp); err != nil {
			return err
		}
		if err := tx.CreatePlan(ctx, p, items, by); err != nil {
			return err
		}
		if err := tx.importExtras(ctx, items, occurrences); err != nil {
			return err
		}
		return tx.planNotices(ctx, n.Assigned(itemIDs(items)...))
	})
}

// importExtras stores the co-assignees (members of the item's institution
// only) and the occurrences of freshly inserted items.
func (s *Store) importExtras(ctx context.Context, items []domain.Item, occurrences map[int][]domain.Date) error {
	for i, it := range items {
		if len(it.CoAssignees) > 0 {
			_, err := s.db.NewRaw(`INSERT INTO item_assignees (item_id, user_id)
				SELECT ?, m.user_id FROM memberships m WHERE m.institution_id = ? AND m.user_id = ANY(?) ON CONFLICT DO NOTHING`,
				it.ID, it.InstitutionID, pgdialect.Array(it.CoAssignees)).Exec(ctx)
			if err != nil {
				return mapErr(err)
			}
		}
		if due := occurrences[i]; len(due) > 0 {
			if err := s.SetOccurrences(ctx, it, due); err != nil {
				return err
			}
		}
	}
	return nil
}

// ApplyPlanUpdate brings a plan in line with an uploaded file in one
// transaction: the new items appended after the plan's last, the changed
// ones saved (refused when stale, history per field, checklists replaced
// when given), the update recorded for «Журнал плана» with the changed
// items as they were (to restore them), and the upload used up.
func (s *Store) ApplyPlanUpdate(ctx context.Context, imp domain.PlanImport, u domain.PlanFileUpdate) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.consumeImport(ctx, imp); err != nil {
			return err
		}
		rec := &planFileUpdateRow{PlanID: u.PlanID, InstitutionID: u.InstitutionID, At: tx.now(), ActorID: u.By.ID,
			ActorName: u.By.FullName, FileName: u.FileName, Snapshot: []domain.Item{}, AddedIDs: []int64{}}
		for i := range u.Changed {
			ch := &u.Changed[i]
			rec.Snapshot = append(rec.Snapshot, ch.Update.Old)
			if err := tx.updateItem(ctx, &ch.Update); err != nil {
				return err
			}
			if ch.SetChecklist {
				entries, err := tx.replaceChecklist(ctx, ch.Update.Old, ch.Checklist, nil)
				if err != nil {
					return err
				}
				if err := tx.appendItemHistory(ctx, ch.Update.Old, ch.Update.By, entries); err != nil {
					return err
				}
			}
		}
		if len(u.Added) > 0 {
			var last int
			err := tx.db.NewSelect().TableExpr("items").ColumnExpr("coalesce(max(position), 0)").Where("plan_id = ?", u.PlanID).Scan(ctx, &last)
			if err != nil {
				return err
			}
			for i := range u.Added {
				u.Added[i].PlanID, u.Added[i].InstitutionID, u.Added[i].Position = u.PlanID, u.InstitutionID, last+i+1
			}
			if err := tx.insertItems(ctx, u.Added, u.By); err != nil {
				return err
			}
			if err := tx.importExtras(ctx, u.Added, u.Occurrences); err != nil {
				return err
			}
			rec.AddedIDs = itemIDs(u.Added)
		}
		if _, err := tx.db.NewInsert().Model(rec).Exec(ctx); err != nil {
			return mapErr(err)
		}
		return tx.planNotices(ctx, u.Notices.Assigned(itemIDs(u.Added)...))
	})
}

// appendItemHistory stamps entries of item it with who made them and
// appends them.
func (s *Store) appendItemHistory(ctx context.Context, it domain.Item, by domain.User, entries []domain.HistoryEntry) error {
	for j := range entries {
		e := &entries[j]
		e.InstitutionID, e.PlanID, e.ItemID, e.ActorID, e.ActorName = it.InstitutionID, it.PlanID, it.ID, by.ID, by.FullName
	}
	return s.AppendHistory(ctx, entries...)
}

// SaveTemplateFromImport stores a plan template the admin made from an
// uploaded file and uses up the upload, in one transaction. A code already
// taken is an EConflict error.
func (s *Store) SaveTemplateFromImport(ctx context.Context, imp domain.PlanImport, t domain.Template) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.consumeImport(ctx, imp); err != nil {
			return err
		}
		row := &templateRow{Code: t.Code, Title: t.Title, Kind: string(t.Kind), Items: t.Items, UpdatedAt: tx.now()}
		if _, err := tx.db.NewInsert().Model(row).Exec(ctx); err != nil {
			return mapErr(err)
		}
		return nil
	})
}
