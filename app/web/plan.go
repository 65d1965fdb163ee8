package web

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// planRow is one row of the plan table ready to print: every text is
// computed here, so the template only copies fields.
type planRow struct {
	ID          string
	Number      string
	Deficiency  string
	Measure     string
	Checklist   []domain.ChecklistPoint
	Deadline    string
	Overdue     bool
	DueSoon     bool
	Assignee    string // "name, position" or "—"
	Status      string
	Implemented string
	CompletedOn string
	Selected    bool
}

type planSection struct {
	Section  domain.Section
	Title    string
	Progress domain.Progress
	Rows     []planRow
	HTML     []template.HTML // the rows printed (renderRows)
}

// planLabels are the texts every row repeats, looked up once per page.
type planLabels struct {
	Select, MoveUp, MoveDown, Overdue, DueSoon, Done string
	// Cols are the column names, repeated on each cell where the table is shown as
	// one block per item (narrow screens, 200 % zoom).
	Cols struct{ Number, Deficiency, Measure, Deadline, Responsible, Status, Implemented, CompletedOn string }
}

type planPage struct {
	Page
	Plan        domain.Plan
	Institution domain.Institution
	Sections    []planSection
	Total       domain.Progress
	CanEdit     bool
	Members     []domain.Member
	Errors      domain.FieldErrors // of the bulk assignment form
	Form        map[string]string
	Selected    map[int64]bool
	PublicURL   string // set once the plan's report is published
	L           planLabels
	Pager       pager
	Nok         *planNok // «Оценка качества (НОК)» (nokplan.go)
	Log         planLog  // «Журнал плана», the returned badge (ux_plan.go)
	// The bulk bar's count, and the section a «выбрать раздел»
	// link (the fallback without JavaScript) selected
	SelectedCount int
	selectSection domain.Section
	Summary       []fieldLink // the bulk form's errors at the top of the page
}

// SelectHref is the «выбрать раздел» link of a section: the same table
// page with that section's items ticked (without JavaScript; with it, a
// checkbox per section ticks them in place).
func (p planPage) SelectHref(s domain.Section) string {
	q := "?select=" + string(s)
	if p.Pager.Page > 1 {
		q += "&page=" + itoa(p.Pager.Page)
	}
	return q + "#bulk-bar"
}

// Err returns the error key of a bulk form field ("" for none).
func (p planPage) Err(name string) string { return p.Errors[name] }

// PageQuery is "?page=N" on the table's later pages ("" on the first), for
// forms that come back to the page they were sent from.
func (p planPage) PageQuery() string {
	if p.Pager.Page > 1 {
		return "?page=" + itoa(p.Pager.Page)
	}
	return ""
}

// showPlan renders a plan as the official table: sections I–V in order,
// items numbered within their section, overdue and due-soon marked in words.
// A constant number of queries whatever the number of items; while nothing
// in the institution changed the page is served as kept (viewcache.go).
func (a *App) showPlan(c *fiber.Ctx) error {
	st, err := a.planStamp(c, domain.ActView)
	if err != nil {
		return err
	}
	return a.keptPage(c, "nav.plans", "plan", a.dayStamp(st), func(pg Page) (any, error) {
		plan, inst, err := a.planInScope(c, domain.ActView)
		if err != nil {
			return nil, err
		}
		return a.planViewIn(c, pg, plan, inst, nil)
	})
}

// planPageSize is how many items one page of the plan table shows.
const planPageSize = 50

// planView builds one page of the official table of a plan (?page=N, 50
// items): the page's items, and the progress of the whole plan from one
// aggregate. A constant number of queries whatever the size of the plan.
func (a *App) planView(c *fiber.Ctx, plan domain.Plan, inst domain.Institution, selected map[int64]bool) (planPage, error) {
	return a.planViewIn(c, a.page(c, "nav.plans"), plan, inst, selected)
}

// planViewIn is planView with the page's shared part given.
func (a *App) planViewIn(c *fiber.Ctx, base Page, plan domain.Plan, inst domain.Institution, selected map[int64]bool) (planPage, error) {
	ctx, sc := c.UserContext(), actor(c).Scope()
	today := domain.Today(a.now(), inst.Location())
	progress, total, err := a.store.PlanProgress(ctx, sc, plan.ID, today)
	if err != nil {
		return planPage{}, err
	}
	pg := newPager(c.Query("page"), total.Items, planPageSize)
	items, err := a.store.PlanItemsPage(ctx, sc, plan.ID, pg.From-1, planPageSize)
	if err != nil {
		return planPage{}, err
	}
	members, err := a.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return planPage{}, err
	}
	p := planPage{Page: base, Plan: plan, Institution: inst, Total: total, Pager: pg, Selected: selected}
	p.Title = plan.Title
	p.CanEdit, p.Members = domain.Can(actor(c), domain.ActEditPlan, domain.Resource{InstitutionID: inst.ID, FounderID: inst.FounderID}), members
	if p.PublicURL, err = a.publicURLOf(c, plan, inst); err != nil {
		return planPage{}, err
	}
	if p.Nok, err = a.planNok(c, plan, inst, p.Page); err != nil {
		return planPage{}, err
	}
	if p.Log, err = a.planLogOf(c, plan); err != nil {
		return planPage{}, err
	}
	if selected == nil {
		p.selectSection = domain.Section(c.Query("select"))
	}
	p.buildRows(progress, items, members, today)
	return p, a.renderRows(&p)
}

// buildRows groups a page of items (starting at item p.Pager.From of the
// plan) under their sections, numbered within each section as on the
// official form: the numbering goes on across pages.
func (p *planPage) buildRows(progress []domain.Progress, items []domain.Item, members []domain.Member, today domain.Date) {
	p.L = planLabels{Select: p.T("bulk.select"), MoveUp: p.T("plan.move_up"), MoveDown: p.T("plan.move_down"),
		Overdue: p.T("item.overdue"), DueSoon: p.T("item.due_soon"), Done: p.T("checklist.done")}
	p.L.Cols.Number, p.L.Cols.Deficiency, p.L.Cols.Measure, p.L.Cols.Deadline = "№", p.T("col.short.deficiency"), p.T("col.short.measure"), p.T("col.short.deadline")
	p.L.Cols.Responsible, p.L.Cols.Status, p.L.Cols.Implemented, p.L.Cols.CompletedOn = p.T("col.short.responsible"), p.T("col.status"), p.T("col.short.implemented"), p.T("col.short.completed_on")
	people := make(map[int64]string, len(members))
	for _, m := range members {
		people[m.User.ID] = m.User.FullName
		if m.User.Position != "" {
			people[m.User.ID] += ", " + m.User.Position
		}
	}
	statuses := map[domain.ItemStatus]string{}
	start := map[domain.Section]int{} // plan index of each section's first item
	n := 0
	for _, pr := range progress {
		start[pr.Section] = n
		n += pr.Items
	}
	byID := map[domain.Section]int{}
	for i := range items {
		it := &items[i]
		s, ok := byID[it.Section]
		if !ok {
			s = len(p.Sections)
			byID[it.Section] = s
			sec := planSection{Section: it.Section, Title: p.SectionTitle(it.Section)}
			for _, pr := range progress {
				if pr.Section == it.Section {
					sec.Progress = pr
				}
			}
			p.Sections = append(p.Sections, sec)
		}
		num := it.Section.Roman()
		if num == "" {
			num = "0"
		}
		status, ok := statuses[it.Status]
		if !ok {
			status = p.T("item.status." + string(it.Status))
			statuses[it.Status] = status
		}
		r := planRow{ID: itoa64(it.ID), Number: num + "." + itoa(p.Pager.From+i-start[it.Section]), Deficiency: it.Deficiency,
			Measure: it.Measure, Checklist: it.Checklist, Deadline: p.Deadline(it.Deadline), Overdue: domain.IsOverdue(it, today),
			DueSoon: domain.IsDueSoon(it, today, 7), Assignee: people[it.AssigneeID], Status: status,
			Implemented: it.Implemented, CompletedOn: p.Date(it.CompletedOn), Selected: p.Selected[it.ID] || (p.selectSection != "" && it.Section == p.selectSection)}
		if r.Selected {
			p.SelectedCount++
		}
		if r.Assignee == "" {
			r.Assignee = p.Unlinked(it.ResponsibleText())
		}
		p.Sections[s].Rows = append(p.Sections[s].Rows, r)
	}
}
