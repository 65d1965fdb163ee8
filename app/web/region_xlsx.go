package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"planboard/app/export"
	"planboard/app/internal/render"
)

// regionXLSX exports the region's institutions as filtered and sorted on
// screen, with their founders: the figures gathered here, the workbook
// written by export (the founder summary's writer).
func (a *App) regionXLSX(c *fiber.Ctx) error {
	p, err := a.regionData(c)
	if err != nil {
		return err
	}
	heads := []string{"region.col.founder", "founder.col.institution", "founder.col.kind", "founder.col.status", "founder.col.items", "founder.col.done",
		"founder.col.percent", "founder.col.overdue", "founder.col.ontime", "founder.col.review", "founder.col.submitted", "founder.col.activity",
		"nokweb.dash.score", "nokweb.dash.forecast", "nokweb.dash.change"}
	sum := export.FounderSummary{Sheet: p.T("region.sheet"), Title: p.T("region.xlsx_title", p.Heading(), p.Year)}
	for _, h := range heads {
		sum.Heads = append(sum.Heads, p.T(h))
	}
	for _, s := range p.Rows {
		status := p.T("founder.no_plan")
		if s.PlanID != 0 {
			status = p.T("plan.status." + string(s.PlanStatus))
		}
		vals := []any{p.FounderName(s.Institution.FounderID), s.Institution.Name, p.T("kind." + string(s.Institution.Kind)), status, s.Total, s.Done,
			s.Percent(), s.Overdue, s.OnTimePercent(), s.Review, s.AwaitingDecision(), p.Activity(s)}
		sum.Rows = append(sum.Rows, append(vals, nokXLSX(s.Nok)...))
	}
	b, err := export.FounderXLSX(sum)
	if err != nil {
		return err
	}
	return render.SendFile(c, export.MIMEXLSX, fmt.Sprintf("region-summary-%d.xlsx", p.Year), b)
}
