package web

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type approvalPage struct {
	Page
	Plan        domain.Plan
	Institution domain.Institution
	Approvals   []domain.Approval
	Approved    *domain.Approval // the latest approval, printed in the header
	Returned    *domain.Approval // the latest return, when the plan is a draft again
	Changes     []domain.HistoryEntry
	Reports     []domain.ProgressReport
	Periods     []domain.ReportPeriod
	Period      domain.ReportPeriod // the period chosen for a new report: the one running today
	Published   *domain.Publication
	PublicURL   string
	CanEdit     bool // director: submit, report, publish
	CanApprove  bool // founder: approve, return, decide reports
	Reapproval  bool // the institution wants changes after approval approved again
	Remarks     string
	Errors      domain.FieldErrors
	// Whole is the plan as the founder decides on it (the official form's
	// rows), read while it waits for the decision; nil otherwise.
	Whole *domain.PublicReport
}

// showApproval renders a plan's approval page: the «УТВЕРЖДАЮ» record, the
// returns with remarks, changes after approval, progress reports and the
// publication. A constant number of queries.
func (a *App) showApproval(c *fiber.Ctx) error {
	p, err := a.approvalData(c)
	if err != nil {
		return err
	}
	return a.render(c, fiber.StatusOK, "approval", p)
}

func (a *App) approvalData(c *fiber.Ctx) (approvalPage, error) {
	plan, inst, err := a.planInScope(c, domain.ActView)
	if err != nil {
		return approvalPage{}, err
	}
	ctx, sc := c.UserContext(), actor(c).Scope()
	p := approvalPage{Page: a.page(c, "approval.title"), Plan: plan, Institution: inst, Periods: domain.ReportPeriods,
		CanEdit: authorize(c, domain.ActEditPlan, inst) == nil, CanApprove: authorize(c, domain.ActApprovePlan, inst) == nil,
		Period: domain.DefaultReportPeriod(plan.Year, domain.Today(a.now(), inst.Location()))}
	if plan.Status == domain.PlanSubmitted {
		r, _, err := a.liveReport(c, plan, inst)
		if err != nil {
			return p, err
		}
		p.Whole = &r
	}
	if p.Approvals, err = a.store.PlanApprovals(ctx, sc, plan.ID); err != nil {
		return p, err
	}
	for i := range p.Approvals {
		switch ap := &p.Approvals[i]; ap.Action {
		case "approved":
			p.Approved, p.Returned = ap, nil
		case "returned":
			p.Returned = ap
		case "withdrawn": // taken back after the return: no longer the founder's word on this draft
			p.Returned = nil
		}
	}
	if p.Approved != nil {
		if p.Changes, err = a.store.PlanHistorySince(ctx, sc, plan.ID, p.Approved.At); err != nil {
			return p, err
		}
	}
	if p.Reapproval, err = a.store.ReapprovalRequired(ctx, sc, inst.ID); err != nil {
		return p, err
	}
	if p.Reports, err = a.store.ProgressReports(ctx, sc, plan.ID); err != nil {
		return p, err
	}
	pub, err := a.store.LatestPublication(ctx, sc, plan.ID)
	switch {
	case err == nil:
		p.Published, p.PublicURL = &pub, publicPath(inst.Slug, plan.Year)
	case domain.ErrorCode(err) != domain.ENotFound:
		return p, err
	}
	return p, nil
}

// publicPath is the stable address of a published report.
func publicPath(slug string, year int) string { return fmt.Sprintf("/p/%s/%d", slug, year) }

// planTransition returns a handler that moves a plan through t (the
// service layer checks who may, and that a return has remarks).
func (a *App) planTransition(t domain.PlanTransition) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c, "id")
		if err != nil {
			return err
		}
		_, err = a.svc.TransitionPlan(c.UserContext(), caller(c), id, t, c.FormValue("remarks"))
		if fe := fieldErrors(err); fe != nil {
			p, err := a.approvalData(c)
			if err != nil {
				return err
			}
			p.Errors = fe
			return a.render(c, fiber.StatusUnprocessableEntity, "approval", p)
		}
		if err != nil {
			return err
		}
		return a.done(c, fmt.Sprintf("/plans/%d/approval", id), "flash.plan."+string(t))
	}
}

func (a *App) submitPlan(c *fiber.Ctx) error  { return a.planTransition(domain.PlanTrSubmit)(c) }
func (a *App) approvePlan(c *fiber.Ctx) error { return a.planTransition(domain.PlanTrApprove)(c) }
func (a *App) returnPlan(c *fiber.Ctx) error  { return a.planTransition(domain.PlanTrReturn)(c) }

// Moment formats an instant as a date and time in the institution's zone.
func (p approvalPage) Moment(t time.Time) string {
	return p.Date(domain.DateOf(t.In(p.Institution.Location()))) + " " + t.In(p.Institution.Location()).Format("15:04")
}

// NeedsReapproval reports whether the founder should approve the changes.
func (p approvalPage) NeedsReapproval() bool {
	return p.Reapproval && len(p.Changes) > 0 && p.Plan.Status == domain.PlanApproved
}

// reapprovePlan: the founder approves an approved plan again after seeing
// its changes; the header takes the new date.
func (a *App) reapprovePlan(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := a.svc.Reapprove(c.UserContext(), caller(c), id); err != nil {
		return err
	}
	return a.done(c, fmt.Sprintf("/plans/%d/approval", id), "flash.plan.reapproved")
}

// setReapproval stores the director's choice (the "required" checkbox, the
// only field read) whether changes after approval need approval again.
func (a *App) setReapproval(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	plan, err := a.svc.SetReapprovalRequired(c.UserContext(), caller(c), id, c.FormValue("required") == "on")
	if err != nil {
		return err
	}
	return a.done(c, fmt.Sprintf("/plans/%d/approval", plan.ID), "flash.saved")
}

// publicURLOf returns the public report address of a plan once it is
// published, "" before.
func (a *App) publicURLOf(c *fiber.Ctx, plan domain.Plan, inst domain.Institution) (string, error) {
	_, err := a.store.LatestPublication(c.UserContext(), actor(c).Scope(), plan.ID)
	switch {
	case err == nil:
		return publicPath(inst.Slug, plan.Year), nil
	case domain.ErrorCode(err) == domain.ENotFound:
		return "", nil
	}
	return "", err
}
