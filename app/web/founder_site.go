package web

import (
	"context"

	"planboard/domain"
)

// The site audit on the founder dashboard (docs/site-audit.md): each
// institution's estimated 1.2 by its site and the date of its last run,
// sortable, in the XLSX too.

// SiteDashStore is what the dashboard reads of the site audits: one
// statement whatever the number of institutions.
type SiteDashStore interface {
	ScopeSiteSummaries(ctx context.Context, sc domain.Scope) (map[int64]domain.SiteSummary, error)
}

func init() {
	// Lowest estimate first (those needing measures), never audited last.
	dashboardSorts["site"] = func(a, b domain.InstitutionStat) bool {
		if a.Site.Known != b.Site.Known {
			return a.Site.Known
		}
		return a.Site.Known && a.Site.Estimate.Ind12 < b.Site.Estimate.Ind12
	}
}

// siteInstitutions sets each row's site summary.
func (a *App) siteInstitutions(ctx context.Context, sc domain.Scope, rows []domain.InstitutionStat) error {
	sums, err := a.store.ScopeSiteSummaries(ctx, sc)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Site = sums[rows[i].Institution.ID]
	}
	return nil
}

// siteCells are one institution's site cells, ready to print.
type siteCells struct {
	Estimate, LastRun string
	Link              string
}

// SiteCells prints a row's site estimate (1.2 by the site) and last run.
func (p founderPage) SiteCells(s *domain.InstitutionStat) siteCells {
	out := siteCells{Estimate: "—", LastRun: "—", Link: "/institutions/" + itoa(int(s.Institution.ID)) + "/site"}
	if s.Site.Known {
		out.Estimate = sitePage{}.Score(s.Site.Estimate.Ind12)
	}
	if !s.Site.LastRun.IsZero() {
		out.LastRun = p.Date(domain.DateOf(s.Site.LastRun.In(s.Institution.Location())))
	}
	return out
}

// siteXLSX are a row's site cells in the workbook: the estimate as a
// number (empty when unknown) and the last run's date.
func (p founderPage) siteXLSX(s *domain.InstitutionStat) []any {
	c := p.SiteCells(s)
	var est any = ""
	if s.Site.Known {
		est = s.Site.Estimate.Ind12
	}
	last := ""
	if c.LastRun != "—" {
		last = c.LastRun
	}
	return []any{est, last}
}
