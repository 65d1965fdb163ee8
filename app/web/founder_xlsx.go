package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"planboard/app/export"
	"planboard/app/internal/render"
)

// founderXLSX exports the dashboard table as filtered and sorted on screen,
// for a meeting.
func (a *App) founderXLSX(c *fiber.Ctx) error {
	p, err := a.founderData(c)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := p.T("founder.sheet")
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	st, err := export.NewFormStyles(f)
	if err != nil {
		return err
	}
	heads := []string{"founder.col.institution", "founder.col.kind", "founder.col.status", "founder.col.items", "founder.col.done",
		"founder.col.percent", "founder.col.overdue", "founder.col.ontime", "founder.col.review", "founder.col.submitted", "founder.col.activity",
		"nokweb.dash.score", "nokweb.dash.forecast", "nokweb.dash.change"}
	export.Merge(f, sh, "A", colName(len(heads)-1), 1, p.T("founder.xlsx_title", p.Year), st.Title)
	for i, h := range heads {
		export.Set(f, sh, colName(i), 3, p.T(h), st.Head)
	}
	_ = f.SetColWidth(sh, "A", "A", 60)
	_ = f.SetColWidth(sh, "B", colName(len(heads)-1), 15)
	for r, s := range p.Rows {
		status := p.T("founder.no_plan")
		if s.PlanID != 0 {
			status = p.T("plan.status." + string(s.PlanStatus))
		}
		vals := []any{s.Institution.Name, p.T("kind." + string(s.Institution.Kind)), status, s.Total, s.Done,
			s.Percent(), s.Overdue, s.OnTimePercent(), s.Review, s.AwaitingDecision(), p.Activity(s)} // as the page's column: the plan and its reports
		vals = append(vals, nokXLSX(s.Nok)...)
		for i, v := range vals {
			cell := fmt.Sprintf("%s%d", colName(i), r+4)
			_ = f.SetCellValue(sh, cell, v)
			_ = f.SetCellStyle(sh, cell, cell, st.Cell)
		}
	}
	if err := export.PrintSetup(f, sh, 3); err != nil {
		return err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return render.SendFile(c, export.MIMEXLSX, fmt.Sprintf("founder-summary-%d.xlsx", p.Year), buf.Bytes())
}

// colName is the spreadsheet column letter of a 0-based index (up to Z).
func colName(i int) string { return string(rune('A' + i)) }
