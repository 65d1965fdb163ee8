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
	heads := append([]string{"region.col.founder"}, institutionXLSXHeads...)
	sum := export.FounderSummary{Sheet: p.T("region.sheet"), Title: p.T("region.xlsx_title", p.Heading(), p.Year)}
	for _, h := range heads {
		sum.Heads = append(sum.Heads, p.T(h))
	}
	for _, s := range p.Rows {
		sum.Rows = append(sum.Rows, append([]any{p.FounderName(s.Institution.FounderID)}, p.institutionXLSXRow(s)...))
	}
	b, err := export.FounderXLSX(sum)
	if err != nil {
		return err
	}
	return render.SendFile(c, export.MIMEXLSX, fmt.Sprintf("region-summary-%d.xlsx", p.Year), b)
}
