package app

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type planRow struct {
	Number   string
	Item     domain.Item
	Assignee *domain.User
	Overdue  bool
	DueSoon  bool
}

type planSection struct {
	Section  domain.Section
	Progress domain.Progress
	Rows     []planRow
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
}

// Err returns the error key of a bulk form field ("" for none).
func (p planPage) Err(name string) string { return p.Errors[name] }

// showPlan renders a plan as the official table: sections I–V in order,
// items numbered within their section, overdue and due-soon marked in words.
// Three queries whatever the number of items.
func (a *App) showPlan(c *fiber.Ctx) error {
	plan, inst, err := a.planInScope(c, domain.ActView)
	if err != nil {
		return err
	}
	p, err := a.planView(c, plan, inst)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(c.Query("assigned")); err == nil && n > 0 {
		p.Flash = p.T("bulk.done", strconv.Itoa(n))
	}
	return a.render(c, fiber.StatusOK, "plan", p)
}

// planView builds the official table of a plan (three queries).
func (a *App) planView(c *fiber.Ctx, plan domain.Plan, inst domain.Institution) (planPage, error) {
	ctx := c.UserContext()
	items, err := a.store.PlanItems(ctx, actor(c).Scope(), plan.ID)
	if err != nil {
		return planPage{}, err
	}
	members, err := a.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return planPage{}, err
	}
	people := make(map[int64]*domain.User, len(members))
	for i := range members {
		people[members[i].User.ID] = &members[i].User
	}
	today := domain.Today(a.now(), inst.Location())
	progress, total := domain.PlanProgress(items, today)
	p := planPage{Page: a.page(c, "nav.plans"), Plan: plan, Institution: inst, Total: total}
	p.Title = plan.Title
	p.CanEdit, p.Members = domain.Can(actor(c), domain.ActEditPlan, domain.Resource{InstitutionID: inst.ID, FounderID: inst.FounderID}), members
	if p.PublicURL, err = a.publicURLOf(c, plan, inst); err != nil {
		return planPage{}, err
	}
	for _, pr := range progress {
		p.Sections = append(p.Sections, planSection{Section: pr.Section, Progress: pr})
	}
	for i := range items {
		it := &items[i]
		for s := range p.Sections {
			sec := &p.Sections[s]
			if sec.Section != it.Section {
				continue
			}
			num := sec.Section.Roman()
			if num == "" {
				num = "0"
			}
			sec.Rows = append(sec.Rows, planRow{Number: num + "." + itoa(len(sec.Rows)+1), Item: *it,
				Assignee: people[it.AssigneeID], Overdue: domain.IsOverdue(it, today), DueSoon: domain.IsDueSoon(it, today, 7)})
		}
	}
	return p, nil
}
