package app

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
}

// submitReport records a progress report for the period in the form (the
// only field read) and freezes columns 5a/5b as of the period's end (or
// today, for a period still running). Only an approved plan reports.
func (a *App) submitReport(c *fiber.Ctx) error {
	plan, inst, err := a.planInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	if plan.Status != domain.PlanApproved {
		return &domain.Error{Code: domain.EConflict, Message: "report.plan_not_approved"}
	}
	period := domain.ReportPeriod(c.FormValue("period"))
	now := a.now()
	asOf, err := domain.ReportAsOf(period, plan.Year, domain.Today(now, inst.Location()))
	if err != nil {
		p, perr := a.approvalData(c)
		if perr != nil {
			return perr
		}
		msg := "report.period_invalid"
		if de, ok := err.(*domain.Error); ok {
			msg = de.Message
		}
		p.Errors = domain.FieldErrors{"period": msg}
		return a.render(c, fiber.StatusUnprocessableEntity, "approval", p)
	}
	r := &domain.ProgressReport{PlanID: plan.ID, Period: period, AsOf: asOf, SubmittedAt: now}
	if err := a.store.SubmitProgressReport(c.UserContext(), actor(c).Scope(), r, currentUser(c).ID); err != nil {
		return err
	}
	return c.Redirect(fmt.Sprintf("/plans/%d/reports/%d", plan.ID, r.ID), fiber.StatusSeeOther)
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
		Institution: inst, Report: r, CanApprove: authorize(c, domain.ActApprovePlan, inst) == nil})
}

// decideReport returns a handler with which the founder accepts a report or
// returns it with remarks (read from the form's "remarks" field only).
func (a *App) decideReport(status string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		plan, _, err := a.planInScope(c, domain.ActApprovePlan)
		if err != nil {
			return err
		}
		rid, err := paramID(c, "rid")
		if err != nil {
			return err
		}
		remarks := domain.CleanMultiline(c.FormValue("remarks"))
		if status == domain.ReportReturned && remarks == "" {
			return domain.FieldError("remarks", "approval.remarks_required")
		}
		err = a.store.DecideProgressReport(c.UserContext(), actor(c).Scope(), plan.ID, rid, status, remarks, currentUser(c).ID, a.now())
		if err != nil {
			return err
		}
		return c.Redirect(fmt.Sprintf("/plans/%d/reports/%d", plan.ID, rid), fiber.StatusSeeOther)
	}
}

// publish stores a new snapshot of the plan's public report (approved or
// closed plans only) and sends the director to it.
func (a *App) publish(c *fiber.Ctx) error {
	plan, inst, err := a.planInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	if plan.Status != domain.PlanApproved && plan.Status != domain.PlanClosed {
		return &domain.Error{Code: domain.EConflict, Message: "publish.not_approved"}
	}
	ctx, sc := c.UserContext(), actor(c).Scope()
	items, err := a.store.PlanItems(ctx, sc, plan.ID)
	if err != nil {
		return err
	}
	members, err := a.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return err
	}
	approvals, err := a.store.PlanApprovals(ctx, sc, plan.ID)
	if err != nil {
		return err
	}
	in := domain.ReportInput{Plan: plan, Institution: inst, Items: items, People: map[int64]domain.User{},
		Approval: domain.LatestApproval(approvals), Now: a.now()}
	for _, m := range members {
		in.People[m.User.ID] = m.User
	}
	_, err = a.store.Publish(ctx, sc, plan.ID, currentUser(c).ID, in.Now, func(v int) (any, error) {
		in.Version = v
		return domain.BuildPublicReport(in), nil
	})
	if err != nil {
		return err
	}
	return c.Redirect(publicPath(inst.Slug, plan.Year), fiber.StatusSeeOther)
}

func (a *App) acceptReport(c *fiber.Ctx) error { return a.decideReport(domain.ReportAccepted)(c) }
func (a *App) returnReport(c *fiber.Ctx) error { return a.decideReport(domain.ReportReturned)(c) }
