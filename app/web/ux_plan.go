package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// planLog is the plan page's «Журнал плана» and the «возвращён на
// доработку» badge with the founder's remarks (docs/ux.md §6).
type planLog struct {
	Entries  []domain.PlanLogEntry
	Returned *domain.PlanLogEntry // the return a draft waits on, nil otherwise
	// Restorable is the update from a file whose previous version can be
	// restored (domain.RestorableUpdate), 0 for none.
	Restorable int64
}

// planLogOf reads a plan's log through the caller's scope: one query.
func (a *App) planLogOf(c *fiber.Ctx, plan domain.Plan) (planLog, error) {
	log, err := a.store.PlanLog(c.UserContext(), actor(c).Scope(), plan.ID)
	if err != nil {
		return planLog{}, err
	}
	return planLog{Entries: log, Returned: domain.LastReturn(plan.Status, log), Restorable: domain.RestorableUpdate(log)}, nil
}

// withdrawPage asks the director to confirm taking a submitted plan back.
type withdrawPage struct {
	Page
	Plan        domain.Plan
	Institution domain.Institution
}

// askWithdrawPlan renders the confirmation step (works without
// JavaScript): only the plan's editor, and only while it is submitted.
func (a *App) askWithdrawPlan(c *fiber.Ctx) error {
	plan, inst, err := a.planInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	if plan.Status != domain.PlanSubmitted {
		return &domain.Error{Code: domain.EConflict, Message: "status.transition_not_allowed"}
	}
	p := withdrawPage{Page: a.page(c, "withdraw.title"), Plan: plan, Institution: inst}
	return a.render(c, fiber.StatusOK, "plan_withdraw", p)
}

// withdrawPlan takes the submitted plan back to a draft (the use case
// checks who may and that the founder has not decided yet).
func (a *App) withdrawPlan(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.svc.WithdrawPlan(c.UserContext(), caller(c), id); err != nil {
		return err
	}
	return a.done(c, fmt.Sprintf("/plans/%d", id), "withdraw.done")
}

// LogWhen formats a log entry's moment in the institution's zone.
func (p planPage) LogWhen(e domain.PlanLogEntry) string {
	return p.When(e.At.In(p.Institution.Location()))
}
