package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"planboard/app/export"
	"planboard/app/internal/render"
	"planboard/domain"
)

// founderXLSX exports the dashboard table as filtered and sorted on screen,
// for a meeting: the figures gathered here, the workbook written by export.
func (a *App) founderXLSX(c *fiber.Ctx) error {
	p, err := a.founderData(c)
	if err != nil {
		return err
	}
	heads := append(append([]string(nil), institutionXLSXHeads...), "site.dash.estimate", "site.dash.last_run")
	sum := export.FounderSummary{Sheet: p.T("founder.sheet"), Title: p.T("founder.xlsx_title", p.Year)}
	for _, h := range heads {
		sum.Heads = append(sum.Heads, p.T(h))
	}
	for _, s := range p.Rows {
		sum.Rows = append(sum.Rows, append(p.institutionXLSXRow(s), p.siteXLSX(s)...))
	}
	b, err := export.FounderXLSX(sum)
	if err != nil {
		return err
	}
	return render.SendFile(c, export.MIMEXLSX, fmt.Sprintf("founder-summary-%d.xlsx", p.Year), b)
}

// institutionXLSXHeads are the message keys of the columns every dashboard
// workbook gives an institution (the founder's and the region's), in the
// order institutionXLSXRow fills them.
var institutionXLSXHeads = []string{"founder.col.institution", "founder.col.kind", "founder.col.status", "founder.col.items", "founder.col.done",
	"founder.col.percent", "founder.col.overdue", "founder.col.ontime", "founder.col.review", "founder.col.submitted", "founder.col.activity",
	"nokweb.dash.score", "nokweb.dash.forecast", "nokweb.dash.change"}

// institutionXLSXRow is an institution's row under institutionXLSXHeads, as
// the page's columns show it (the awaiting column counts the plan and its
// reports).
func (p founderPage) institutionXLSXRow(s *domain.InstitutionStat) []any {
	status := p.T("founder.no_plan")
	if s.PlanID != 0 {
		status = p.T("plan.status." + string(s.PlanStatus))
	}
	vals := []any{s.Institution.Name, p.T("kind." + string(s.Institution.Kind)), status, s.Total, s.Done,
		s.Percent(), s.Overdue, s.OnTimePercent(), s.Review, s.AwaitingDecision(), p.Activity(s)}
	return append(vals, nokXLSX(s.Nok)...)
}
