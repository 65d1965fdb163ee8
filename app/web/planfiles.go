package web

import (
	"bytes"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/docimport"
	"planboard/app/export"
	"planboard/app/internal/render"
	"planboard/app/officedoc"
	"planboard/domain"
)

// Files and print of a live plan (docs/plan-files.md): every plan, draft included,
// in the official form, for everyone who may view it. The model is the one
// the public report publishes (domain.BuildPublicReport), built from the
// plan as it is now, so the files match the public ones column for column;
// the published snapshots on /p/ are untouched.

const docxMIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// reportInput is what a report of the plan is built from: its items in
// report order, the people, the latest approval.
func (a *App) reportInput(c *fiber.Ctx, plan domain.Plan, inst domain.Institution) (domain.ReportInput, error) {
	return a.svc.ReportInput(c.UserContext(), actor(c).Scope(), plan, inst)
}

// liveReport is the plan as the official form shows it now. Without an
// approval in Planboard, the «УТВЕРЖДАЮ» block of the file the plan was
// imported from stands in (the approval on paper). rows holds each
// section's items in the report's row order (for their checklists).
func (a *App) liveReport(c *fiber.Ctx, plan domain.Plan, inst domain.Institution) (r domain.PublicReport, rows map[domain.Section][]domain.Item, err error) {
	in, err := a.reportInput(c, plan, inst)
	if err != nil {
		return r, nil, err
	}
	r = domain.BuildPublicReport(in)
	if r.Approval == nil && plan.ApprovalText != "" {
		if ap := docimport.ParseApproval(plan.ApprovalText); ap != nil {
			r.Approval = &domain.PublicApproval{Position: ap.Position, Name: ap.Name, Date: ap.Date.String()}
		}
	}
	rows = map[domain.Section][]domain.Item{}
	for _, it := range in.Items {
		if it.Status != domain.StatusCancelled { // as BuildPublicReport skips them
			rows[it.Section] = append(rows[it.Section], it)
		}
	}
	return r, rows, nil
}

// viewedReport is the live report of the plan in the URL, which the
// caller may view (the files and the print form share it).
func (a *App) viewedReport(c *fiber.Ctx) (domain.Plan, domain.PublicReport, map[domain.Section][]domain.Item, error) {
	plan, inst, err := a.planInScope(c, domain.ActView)
	if err != nil {
		return plan, domain.PublicReport{}, nil, err
	}
	r, rows, err := a.liveReport(c, plan, inst)
	return plan, r, rows, err
}

// exportPlan serves the live plan as a .docx, .xlsx, .pdf or .csv file.
func (a *App) exportPlan(ext string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		_, r, rows, err := a.viewedReport(c)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		if ext == "docx" {
			var buf bytes.Buffer
			if err := officedoc.WriteDOCX(&buf, officePlan(r, rows)); err != nil {
				return err
			}
			return render.SendFile(c, docxMIME, export.FileName(r, "docx"), buf.Bytes())
		}
		return render.SendExport(c, export.Formats[ext], r, nil)
	}
}

// officePlan maps the report onto the Word writer's plan: the same section
// titles, numbers and deadline wording, and each measure's checklist.
func officePlan(r domain.PublicReport, rows map[domain.Section][]domain.Item) officedoc.Plan {
	p := officedoc.Plan{Institution: r.Institution, Year: r.Year}
	if ap := r.Approval; ap != nil {
		p.Approval = officedoc.Approval{Position: ap.Position, Name: ap.Name, Date: export.RussianDate(ap.Date)}
	}
	for _, s := range r.Sections {
		sec := officedoc.Section{Roman: s.Roman, Title: s.Title}
		for i, row := range s.Rows {
			or := officedoc.Row{Number: row.Number, Deficiency: row.Deficiency, Measure: row.Measure, Deadline: row.Deadline,
				Responsible: row.Responsible, Implemented: row.Column5a(), CompletedOn: export.RussianDate(row.Column5b())}
			if items := rows[s.Code]; i < len(items) {
				for _, pt := range items[i].Checklist {
					or.Checklist = append(or.Checklist, pt.Text)
				}
			}
			sec.Rows = append(sec.Rows, or)
		}
		p.Sections = append(p.Sections, sec)
	}
	return p
}

// printPage is the official form for the browser's print: no navigation,
// no forms.
type printPage struct {
	Page
	R         domain.PublicReport
	FormTitle string // «по устранению недостатков… на 2027 год», under «ПЛАН»
	Sections  []printSection
	Heads     []string
	Numbers   []string
}

type printSection struct {
	Label string
	Rows  []printRow
}

type printRow struct {
	domain.PublicRow
	Checklist   []string
	CompletedOn string
}

// Approval lines of the «УТВЕРЖДАЮ» block: blanks for the pen while the
// plan is not approved.
func (p printPage) ApprovalPosition() string {
	if a := p.R.Approval; a != nil && a.Position != "" {
		return a.Position
	}
	return "______________________________"
}

func (p printPage) ApprovalName() string {
	if a := p.R.Approval; a != nil && a.Name != "" {
		return a.Name
	}
	return "/____________/"
}

func (p printPage) ApprovalDate() string {
	if a := p.R.Approval; a != nil && a.Date != "" {
		return export.RussianDate(a.Date)
	}
	return "«____» ______________ 20____ г."
}

// printPlan shows the live plan in the official form, ready to print.
func (a *App) printPlan(c *fiber.Ctx) error {
	plan, r, rows, err := a.viewedReport(c)
	if err != nil {
		return err
	}
	p := printPage{Page: a.page(c, "print.title"), R: r, FormTitle: strings.TrimPrefix(export.FormTitle(r), "ПЛАН "), Heads: domain.OfficialColumns[:4], Numbers: domain.OfficialColumnNumbers}
	p.Page.Title = plan.Title
	p.Lang = "ru" // the official form is a Russian document whatever the reader's language
	for _, s := range r.Sections {
		ps := printSection{Label: export.SectionLabel(s)}
		for i, row := range s.Rows {
			pr := printRow{PublicRow: row, CompletedOn: export.RussianDate(row.Column5b())}
			if items := rows[s.Code]; i < len(items) {
				for _, pt := range items[i].Checklist {
					pr.Checklist = append(pr.Checklist, pt.Text)
				}
			}
			ps.Rows = append(ps.Rows, pr)
		}
		p.Sections = append(p.Sections, ps)
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return a.renderIn(c, fiber.StatusOK, "plan_print", "printbase", p)
}
