package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type reportPage struct {
	Page
	Plan        domain.Plan
	Institution domain.Institution
	Report      domain.ProgressReport
	CanApprove  bool
	CanEdit     bool // the institution may recall a report the founder has not decided on
}

// submitReport records a progress report for the period in the form (the
// only field read); a period not started (or unknown) re-renders the
// approval page with the message at the field.
func (a *App) submitReport(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	r, err := a.svc.SubmitReport(c.UserContext(), caller(c), id, domain.ReportPeriod(c.FormValue("period")))
	if fe := fieldErrors(err); fe != nil {
		p, perr := a.approvalData(c)
		if perr != nil {
			return perr
		}
		p.Errors = fe
		return a.render(c, fiber.StatusUnprocessableEntity, "approval", p)
	}
	if err != nil {
		return err
	}
	return a.done(c, fmt.Sprintf("/plans/%d/reports/%d", id, r.ID), "flash.report_submitted")
}

// showReport renders a progress report's frozen table.
func (a *App) showReport(c *fiber.Ctx) error {
	plan, inst, err := a.planInScope(c, domain.ActView)
	if err != nil {
		return err
	}
	rid, err := paramID(c, "rid")
	if err != nil {
		return err
	}
	r, err := a.store.ProgressReport(c.UserContext(), actor(c).Scope(), plan.ID, rid)
	if err != nil {
		return err
	}
	return a.render(c, fiber.StatusOK, "progressreport", reportPage{Page: a.page(c, "report.title"), Plan: plan,
		Institution: inst, Report: r, CanApprove: authorize(c, domain.ActApprovePlan, inst) == nil,
		CanEdit: authorize(c, domain.ActEditPlan, inst) == nil})
}

// decideReport returns a handler with which the founder accepts a report or
// returns it with remarks (read from the form's "remarks" field only).
func (a *App) decideReport(status string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c, "id")
		if err != nil {
			return err
		}
		rid, err := paramID(c, "rid")
		if err != nil {
			return err
		}
		if err := a.svc.DecideReport(c.UserContext(), caller(c), id, rid, status, c.FormValue("remarks")); err != nil {
			return err
		}
		return a.done(c, fmt.Sprintf("/plans/%d/reports/%d", id, rid), "flash.report."+status)
	}
}

// publish stores a new snapshot of the plan's public report and sends the
// director to it.
func (a *App) publish(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	plan, inst, err := a.svc.Publish(c.UserContext(), caller(c), id)
	if err != nil {
		return err
	}
	return c.Redirect(publicPath(inst.Slug, plan.Year), fiber.StatusSeeOther)
}

func (a *App) acceptReport(c *fiber.Ctx) error { return a.decideReport(domain.ReportAccepted)(c) }
func (a *App) returnReport(c *fiber.Ctx) error { return a.decideReport(domain.ReportReturned)(c) }

// recallReport takes a report back before the founder decides.
func (a *App) recallReport(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	rid, err := paramID(c, "rid")
	if err != nil {
		return err
	}
	if err := a.svc.RecallReport(c.UserContext(), caller(c), id, rid); err != nil {
		return err
	}
	return a.done(c, fmt.Sprintf("/plans/%d/reports/%d", id, rid), "report.recalled_done")
}
