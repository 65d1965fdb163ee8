package app

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type planFormPage struct {
	Page
	Institutions []domain.Institution
	Templates    []domain.Template
	Form         map[string]string
	Errors       domain.FieldErrors
}

// Err returns the error key of a field ("" for none).
func (p planFormPage) Err(name string) string { return p.Errors[name] }

// editableInstitutions lists the institutions where the user may edit plans.
func (a *App) editableInstitutions(c *fiber.Ctx) ([]domain.Institution, error) {
	all, err := a.store.Institutions(c.UserContext(), actor(c).Scope())
	if err != nil {
		return nil, err
	}
	var out []domain.Institution
	for _, in := range all {
		if domain.Can(actor(c), domain.ActEditPlan, domain.Resource{InstitutionID: in.ID, FounderID: in.FounderID}) {
			out = append(out, in)
		}
	}
	return out, nil
}

// newPlan shows the form that creates a year's plan from a template or empty.
func (a *App) newPlan(c *fiber.Ctx) error {
	year := a.now().Year() + 1
	return a.renderPlanForm(c, fiber.StatusOK, map[string]string{"year": strconv.Itoa(year)}, nil)
}

func (a *App) renderPlanForm(c *fiber.Ctx, status int, form map[string]string, errs domain.FieldErrors) error {
	insts, err := a.editableInstitutions(c)
	if err != nil {
		return err
	}
	if len(insts) == 0 {
		return &domain.Error{Code: domain.EForbidden, Message: "error.forbidden"}
	}
	tpls, err := a.store.Templates(c.UserContext())
	if err != nil {
		return err
	}
	p := planFormPage{Page: a.page(c, "planform.title"), Institutions: insts, Templates: tpls, Form: form, Errors: errs}
	return a.render(c, status, "plan_new", p)
}

// createPlan creates the plan (and its template items) in one transaction.
func (a *App) createPlan(c *fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range []string{"institution", "year", "title", "template"} {
		form[k] = formText(c, k)
	}
	insts, err := a.editableInstitutions(c)
	if err != nil {
		return err
	}
	var fe domain.FieldErrors
	var inst *domain.Institution
	for i := range insts {
		if strconv.FormatInt(insts[i].ID, 10) == form["institution"] || (len(insts) == 1 && form["institution"] == "") {
			inst = &insts[i]
		}
	}
	if inst == nil {
		fe.Add("institution", "planform.institution_required")
	}
	year, err := strconv.Atoi(form["year"])
	if err != nil || year < 2000 || year > 2100 {
		fe.Add("year", "planform.year_invalid")
	}
	var items []domain.Item
	if form["template"] != "" {
		t, err := a.store.Template(c.UserContext(), form["template"])
		if err != nil {
			fe.Add("template", "planform.template_unknown")
		} else if items, err = domain.ItemsFromTemplate(t, year); err != nil {
			fe.Add("template", "planform.template_unknown")
		}
	}
	form["title"] = fe.Line("title", form["title"])
	if form["title"] == "" {
		form["title"] = strings.TrimSpace(a.page(c, "planform.default_title").T("planform.default_title", year))
	}
	if len(fe) > 0 {
		return a.renderPlanForm(c, fiber.StatusUnprocessableEntity, form, fe)
	}
	p := &domain.Plan{InstitutionID: inst.ID, Year: year, Title: form["title"], TemplateCode: form["template"],
		PeriodStart: domain.NewDate(year, 1, 1), PeriodEnd: domain.NewDate(year, 12, 31)}
	if err := a.store.CreatePlan(c.UserContext(), p, items, currentUser(c)); err != nil {
		if domain.ErrorCode(err) == domain.EConflict {
			fe.Add("year", "planform.year_taken")
			return a.renderPlanForm(c, fiber.StatusUnprocessableEntity, form, fe)
		}
		return err
	}
	return a.done(c, "/plans/"+itoa64(p.ID), "flash.plan_created")
}

// updatePlan saves a plan's title and period (refused on a stale version);
// errors re-render the plan page with the typed values kept.
func (a *App) updatePlan(c *fiber.Ctx) error {
	plan, inst, err := a.planInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	if formVersion(c) != plan.Version {
		return domain.ErrStale
	}
	form := map[string]string{"title": formText(c, "title"), "period_start": formText(c, "period_start"), "period_end": formText(c, "period_end")}
	var fe domain.FieldErrors
	if plan.Title = fe.Line("title", form["title"]); plan.Title == "" || len(plan.Title) > 1000 {
		fe.Add("title", "planform.title_required")
	}
	start, err1 := domain.ParseISODate(form["period_start"])
	end, err2 := domain.ParseISODate(form["period_end"])
	if err1 != nil || err2 != nil || end.Before(start) {
		fe.Add("period_end", "planform.period_invalid")
	}
	plan.PeriodStart, plan.PeriodEnd = start, end
	if len(fe) > 0 {
		p, err := a.planView(c, plan, inst, nil)
		if err != nil {
			return err
		}
		p.Errors, p.Form = fe, form
		return a.render(c, fiber.StatusUnprocessableEntity, "plan", p)
	}
	if err := a.store.UpdatePlan(c.UserContext(), plan); err != nil {
		return err
	}
	return a.done(c, "/plans/"+itoa64(plan.ID), "flash.plan_saved")
}

// copyPlan copies the unfinished items into next year's plan.
func (a *App) copyPlan(c *fiber.Ctx) error {
	plan, _, err := a.planInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	next, err := a.store.CopyUnfinished(c.UserContext(), actor(c).Scope(), plan, currentUser(c))
	if err != nil {
		return err
	}
	return a.done(c, "/plans/"+itoa64(next.ID), "flash.plan_copied")
}
