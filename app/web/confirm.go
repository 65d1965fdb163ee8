package web

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// An irreversible step (deleting an item, sending a plan
// to the founder, approving it) is a link to a page that says what will
// happen, with the button that does it and «Отмена». It works without
// JavaScript. The POST routes themselves are unchanged, so the API and
// older forms keep working; the pages no longer post them in one click.

type confirmPage struct {
	Page
	Heading, What, Note, Button string
	Action, Back, BackLabel     string
	Hidden                      map[string]string
	Danger                      bool
	Warnings                    []errorLink // sending a plan: what to look at first (links to the items and to the plan's recommendations)
}

// confirmDeleteItem asks before an item is deleted (GET /items/:id/delete).
func (a *App) confirmDeleteItem(c *fiber.Ctx) error {
	ic, err := a.itemInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	p := confirmPage{Page: a.page(c, "confirm.delete_item.title"), Action: itemURL(ic.Item.ID) + "/delete",
		Back: itemURL(ic.Item.ID), Hidden: map[string]string{"version": strconv.Itoa(ic.Item.Version)}, Danger: true}
	p.Heading, p.BackLabel = p.Title, ic.Item.Measure
	p.What, p.Note, p.Button = p.T("confirm.delete_item.what", ic.Item.Measure, ic.Plan.Title), p.T("confirm.delete_item.note"), p.T("item.delete")
	return a.render(c, fiber.StatusOK, "confirm", p)
}

// confirmPlanStep asks before a plan is sent to the founder or approved
// (GET /plans/:id/submit, /plans/:id/approve): only to whom may take the
// step, and only while the plan is in the status it starts from.
func (a *App) confirmPlanStep(t domain.PlanTransition) fiber.Handler {
	return func(c *fiber.Ctx) error {
		plan, inst, err := a.planInScope(c, service.PlanAction(t))
		if err != nil {
			return err
		}
		if _, err := t.Apply(plan.Status); err != nil {
			return &domain.Error{Code: domain.EConflict, Message: "status.transition_not_allowed"}
		}
		key := "confirm.plan." + string(t)
		back := "/plans/" + itoa64(plan.ID) + "/approval"
		p := confirmPage{Page: a.page(c, key+".title"), Action: "/plans/" + itoa64(plan.ID) + "/" + string(t), Back: back}
		p.Heading, p.BackLabel = p.Title, plan.Title
		p.What = p.T(key+".what", plan.Title, inst.Name)
		if t == domain.PlanTrApprove {
			p.What = p.T(key+".what", plan.Title, inst.Name, p.User.FullName)
		}
		p.Note, p.Button = p.T(key+".note"), p.T(key+".button")
		if t == domain.PlanTrSubmit {
			ws, err := a.svc.SubmitWarnings(c.UserContext(), caller(c), plan.ID)
			if err != nil {
				return err
			}
			p.Warnings = p.submitWarnings(ws, plan.Year)
			missing, err := a.missingAnswers(c, p.Page, plan.ID)
			if err != nil {
				return err
			}
			for _, m := range missing {
				p.Warnings = append(p.Warnings, errorLink{ID: fmt.Sprintf("/plans/%d/recommendations", plan.ID), Text: m})
			}
		}
		return a.render(c, fiber.StatusOK, "confirm", p)
	}
}

func (a *App) confirmSubmitPlan(c *fiber.Ctx) error {
	return a.confirmPlanStep(domain.PlanTrSubmit)(c)
}

func (a *App) confirmApprovePlan(c *fiber.Ctx) error {
	return a.confirmPlanStep(domain.PlanTrApprove)(c)
}

// submitWarnings words the checks before sending, each linking to its item.
func (p confirmPage) submitWarnings(ws []domain.PlanWarning, year int) []errorLink {
	var out []errorLink
	for _, w := range ws {
		var text string
		switch w.Kind {
		case "deadline_outside":
			text = p.T("submitcheck.deadline_outside", year, p.Deadline(w.Item.Deadline), w.Item.Measure)
		default:
			text = p.T("submitcheck."+w.Kind, w.Item.Measure)
		}
		out = append(out, errorLink{ID: itemURL(w.Item.ID), Text: text})
	}
	return out
}
