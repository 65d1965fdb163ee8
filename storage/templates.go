package storage

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

// templateFiles are the built-in plan templates made from the seed documents.
//
//go:embed templates/*.json
var templateFiles embed.FS

type templateRow struct {
	bun.BaseModel `bun:"table:plan_templates"`
	Code          string                `bun:"code,pk"`
	Title         string                `bun:"title"`
	Kind          string                `bun:"kind"`
	Items         []domain.TemplateItem `bun:"items,type:jsonb"`
	UpdatedAt     time.Time             `bun:"updated_at,nullzero,default:now()"`
}

func (r *templateRow) domain() domain.Template {
	return domain.Template{Code: r.Code, Title: r.Title, Kind: domain.InstitutionKind(r.Kind), Items: r.Items}
}

// BuiltinTemplates reads the template data files shipped with the binary.
func BuiltinTemplates() ([]domain.Template, error) {
	names, err := fs.Glob(templateFiles, "templates/*.json")
	if err != nil {
		return nil, err
	}
	var out []domain.Template
	for _, n := range names {
		b, err := templateFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var t struct {
			Code, Title, Kind string
			Items             []domain.TemplateItem
		}
		if err := json.Unmarshal(b, &t); err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		out = append(out, domain.Template{Code: t.Code, Title: t.Title, Kind: domain.InstitutionKind(t.Kind), Items: t.Items})
	}
	return out, nil
}

// SyncTemplates writes the built-in templates into plan_templates (insert or
// update by code), so a new binary brings its new template versions along.
func SyncTemplates(ctx context.Context, db bun.IDB) error {
	list, err := BuiltinTemplates()
	if err != nil {
		return err
	}
	for _, t := range list {
		row := &templateRow{Code: t.Code, Title: t.Title, Kind: string(t.Kind), Items: t.Items}
		_, err := db.NewInsert().Model(row).
			On("CONFLICT (code) DO UPDATE").
			// deploy time, not a rule's time: the database's clock is the point
			Set("title = EXCLUDED.title, kind = EXCLUDED.kind, items = EXCLUDED.items, updated_at = now()").
			// Unchanged templates stay untouched: no write per start and
			// replica, and a restored database keeps its rows as they were.
			Where("(template_row.title, template_row.kind, template_row.items) IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.kind, EXCLUDED.items)").
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("sync template %s: %w", t.Code, err)
		}
	}
	return nil
}

// Templates lists every plan template by title.
func (s *Store) Templates(ctx context.Context) ([]domain.Template, error) {
	var rows []templateRow
	if err := s.db.NewSelect().Model(&rows).Order("title").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.Template, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// Template returns one template by code.
func (s *Store) Template(ctx context.Context, code string) (domain.Template, error) {
	var row templateRow
	if err := s.db.NewSelect().Model(&row).Where("code = ?", code).Scan(ctx); err != nil {
		return domain.Template{}, mapErr(err)
	}
	return row.domain(), nil
}
