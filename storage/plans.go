package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type planRow struct {
	bun.BaseModel `bun:"table:plans,alias:p"`
	ID            int64      `bun:"id,pk,autoincrement"`
	InstitutionID int64      `bun:"institution_id"`
	Year          int        `bun:"year"`
	Title         string     `bun:"title"`
	Status        string     `bun:"status"`
	PeriodStart   *time.Time `bun:"period_start"`
	PeriodEnd     *time.Time `bun:"period_end"`
	TemplateCode  string     `bun:"template_code"`
	ApprovalText  *string    `bun:"approval_text"`
	Version       int        `bun:"version"`
	CreatedAt     time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time  `bun:"updated_at,nullzero,default:now()"`
}

func (r *planRow) domain() domain.Plan {
	p := domain.Plan{ID: r.ID, InstitutionID: r.InstitutionID, Year: r.Year, Title: r.Title,
		Status: domain.PlanStatus(r.Status), PeriodStart: fromNullDate(r.PeriodStart), PeriodEnd: fromNullDate(r.PeriodEnd),
		TemplateCode: r.TemplateCode, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.ApprovalText != nil {
		p.ApprovalText = *r.ApprovalText
	}
	return p
}

func planRowOf(p *domain.Plan) *planRow {
	status := p.Status
	if status == "" {
		status = domain.PlanDraft
	}
	row := &planRow{ID: p.ID, InstitutionID: p.InstitutionID, Year: p.Year, Title: p.Title, Status: string(status),
		PeriodStart: nullDate(p.PeriodStart), PeriodEnd: nullDate(p.PeriodEnd), TemplateCode: p.TemplateCode, Version: 1}
	if p.ApprovalText != "" {
		row.ApprovalText = &p.ApprovalText
	}
	return row
}

// CreatePlan stores a plan with its items (and their checklists) in one
// transaction and records a "created" history entry for each item. It sets
// the IDs of the plan and the items. A second plan for the same year is an
// EConflict error.
func (s *Store) CreatePlan(ctx context.Context, p *domain.Plan, items []domain.Item, by domain.User) error {
	return s.InTx(ctx, func(tx *Store) error {
		row := planRowOf(p)
		row.CreatedAt, row.UpdatedAt = tx.now(), tx.now()
		if _, err := tx.db.NewInsert().Model(row).Returning("id, version, status, created_at, updated_at").Exec(ctx); err != nil {
			return mapErr(err)
		}
		*p = row.domain()
		for i := range items {
			items[i].PlanID, items[i].InstitutionID = p.ID, p.InstitutionID
			if items[i].Position == 0 {
				items[i].Position = i + 1
			}
		}
		return tx.insertItems(ctx, items, by)
	})
}

// CreatePlanWithNotices is CreatePlan with the mails and events it causes
// (item.created of the template's items), in the same transaction.
func (s *Store) CreatePlanWithNotices(ctx context.Context, p *domain.Plan, items []domain.Item, by domain.User, n domain.Notices) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.CreatePlan(ctx, p, items, by); err != nil {
			return err
		}
		return tx.planNotices(ctx, n.Assigned(itemIDs(items)...))
	})
}

// Plan returns a plan visible in sc; a foreign one is ErrNotFound.
func (s *Store) Plan(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, error) {
	var row planRow
	q := s.db.NewSelect().Model(&row).Where("p.id = ?", id)
	if err := scoped(q, sc, "p.institution_id").Scan(ctx); err != nil {
		return domain.Plan{}, mapErr(err)
	}
	return row.domain(), nil
}

// Plans lists the plans visible in sc, newest year first, with counts
// computed in the same query (one query whatever the number of plans).
func (s *Store) Plans(ctx context.Context, sc domain.Scope) ([]domain.PlanSummary, error) {
	var rows []struct {
		planRow  `bun:",extend"`
		InstName string `bun:"inst_name"`
		InstSlug string `bun:"inst_slug"`
		InstTZ   string `bun:"inst_tz"`
		Founder  int64  `bun:"inst_founder"`
		Total    int    `bun:"total"`
		Done     int    `bun:"done"`
		Returned bool   `bun:"returned"`
	}
	q := s.db.NewSelect().Model(&rows).
		ColumnExpr("p.*").
		ColumnExpr("i.name AS inst_name, i.slug AS inst_slug, i.time_zone AS inst_tz, i.founder_id AS inst_founder").
		ColumnExpr("(SELECT count(*) FROM items WHERE plan_id = p.id AND status <> 'cancelled') AS total").
		ColumnExpr("(SELECT count(*) FROM items WHERE plan_id = p.id AND status = 'done') AS done").
		ColumnExpr(returnedExpr).
		Join("JOIN institutions AS i ON i.id = p.institution_id").
		OrderExpr("p.year DESC, i.name")
	if err := scoped(q, sc, "p.institution_id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.PlanSummary, len(rows))
	for i, r := range rows {
		out[i] = domain.PlanSummary{Plan: r.planRow.domain(), Total: r.Total, Done: r.Done, Returned: r.Returned,
			Institution: domain.Institution{ID: r.InstitutionID, FounderID: r.Founder, Name: r.InstName, Slug: r.InstSlug, TimeZone: r.InstTZ}}
	}
	return out, nil
}

// PlanWithInstitution returns a plan visible in sc together with its
// institution, in one query; a foreign plan is ErrNotFound.
func (s *Store) PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error) {
	var row struct {
		planRow   `bun:",extend"`
		InstName  string `bun:"inst_name"`
		InstShort string `bun:"inst_short"`
		InstKind  string `bun:"inst_kind"`
		InstSlug  string `bun:"inst_slug"`
		InstTZ    string `bun:"inst_tz"`
		Founder   int64  `bun:"inst_founder"`
	}
	q := s.db.NewSelect().Model(&row).
		ColumnExpr("p.*").
		ColumnExpr("i.name AS inst_name, i.short_name AS inst_short, i.kind AS inst_kind, i.slug AS inst_slug, i.time_zone AS inst_tz, i.founder_id AS inst_founder").
		Join("JOIN institutions AS i ON i.id = p.institution_id").
		Where("p.id = ?", id)
	if err := scoped(q, sc, "p.institution_id").Scan(ctx); err != nil {
		return domain.Plan{}, domain.Institution{}, mapErr(err)
	}
	inst := domain.Institution{ID: row.InstitutionID, FounderID: row.Founder, Name: row.InstName, ShortName: row.InstShort,
		Kind: domain.InstitutionKind(row.InstKind), Slug: row.InstSlug, TimeZone: row.InstTZ}
	return row.planRow.domain(), inst, nil
}
