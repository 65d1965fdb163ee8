package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
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
	return a.svc.EditableInstitutions(c.UserContext(), caller(c))
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
	in := domain.PlanInput{Institution: formText(c, "institution"), Year: formText(c, "year"), Title: formText(c, "title"), Template: formText(c, "template")}
	form := map[string]string{"institution": in.Institution, "year": in.Year, "title": in.Title, "template": in.Template}
	p, err := a.svc.CreatePlan(c.UserContext(), caller(c), service.NewPlan{PlanInput: in,
		DefaultTitle: func(year int) string { return a.defaultTitle(c, year) }})
	if fe := fieldErrors(err); fe != nil {
		return a.renderPlanForm(c, fiber.StatusUnprocessableEntity, form, fe)
	}
	if err != nil {
		return err
	}
	return a.done(c, "/plans/"+itoa64(p.ID), "flash.plan_created")
}

// updatePlan saves a plan's title and period (refused on a stale version);
// errors re-render the plan page with the typed values kept.
func (a *App) updatePlan(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in := domain.PlanEdit{Title: formText(c, "title"), PeriodStart: formText(c, "period_start"), PeriodEnd: formText(c, "period_end")}
	plan, err := a.svc.UpdatePlan(c.UserContext(), caller(c), id, formVersion(c), in)
	if fe := fieldErrors(err); fe != nil {
		plan, inst, err := a.planInScope(c, domain.ActEditPlan)
		if err != nil {
			return err
		}
		p, err := a.planView(c, plan, inst, nil)
		if err != nil {
			return err
		}
		p.Errors, p.Form = fe, map[string]string{"title": in.Title, "period_start": in.PeriodStart, "period_end": in.PeriodEnd}
		return a.render(c, fiber.StatusUnprocessableEntity, "plan", p)
	}
	if err != nil {
		return err
	}
	return a.done(c, "/plans/"+itoa64(plan.ID), "flash.plan_saved")
}

// copyPlan copies the unfinished items into next year's plan.
func (a *App) copyPlan(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	next, err := a.svc.CopyPlan(c.UserContext(), caller(c), id)
	if err != nil {
		return err
	}
	return a.done(c, "/plans/"+itoa64(next.ID), "flash.plan_copied")
}
