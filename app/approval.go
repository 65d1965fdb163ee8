package app

import (
	"fmt"
	"strings"
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
	Published   *domain.Publication
	PublicURL   string
	CanEdit     bool // director: submit, report, publish
	CanApprove  bool // founder: approve, return, decide reports
	Reapproval  bool // the institution wants changes after approval approved again
	Remarks     string
	Errors      domain.FieldErrors
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
		CanEdit: authorize(c, domain.ActEditPlan, inst) == nil, CanApprove: authorize(c, domain.ActApprovePlan, inst) == nil}
	if p.Approvals, err = a.store.PlanApprovals(ctx, sc, plan.ID); err != nil {
		return p, err
	}
	for i := range p.Approvals {
		switch ap := &p.Approvals[i]; ap.Action {
		case "approved":
			p.Approved, p.Returned = ap, nil
		case "returned":
			p.Returned = ap
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

// planTransition returns a handler that moves a plan through t. Submitting
// is the director's; approving and returning are the founder's (a founder
// of another founder's institution never sees the plan: 404). Returning
// needs remarks; the director and founders are told by e-mail.
func (a *App) planTransition(t domain.PlanTransition) fiber.Handler {
	act := domain.ActEditPlan
	if t == domain.PlanTrApprove || t == domain.PlanTrReturn {
		act = domain.ActApprovePlan
	}
	return func(c *fiber.Ctx) error {
		plan, inst, err := a.planInScope(c, act)
		if err != nil {
			return err
		}
		remarks := strings.TrimSpace(c.FormValue("remarks"))
		if t == domain.PlanTrReturn && remarks == "" {
			p, err := a.approvalData(c)
			if err != nil {
				return err
			}
			p.Errors = domain.FieldErrors{"remarks": "approval.remarks_required"}
			return a.render(c, fiber.StatusUnprocessableEntity, "approval", p)
		}
		notices, err := a.planNotices(c, t, plan, inst, remarks)
		if err != nil {
			return err
		}
		if _, err := a.store.TransitionPlan(c.UserContext(), actor(c).Scope(), plan.ID, t, a.approvalRecord(c, inst, remarks), notices); err != nil {
			return err
		}
		return c.Redirect(fmt.Sprintf("/plans/%d/approval", plan.ID), fiber.StatusSeeOther)
	}
}

// planNotices renders the "plan submitted/approved/returned" mails: a
// submitted plan goes to the founder's people, the others to the
// institution's directors.
func (a *App) planNotices(c *fiber.Ctx, t domain.PlanTransition, plan domain.Plan, inst domain.Institution, remarks string) (domain.Notices, error) {
	if t.ApprovalAction() == "" {
		return domain.Notices{}, nil
	}
	ctx, me := c.UserContext(), currentUser(c).ID
	var to []domain.User
	if t == domain.PlanTrSubmit {
		users, err := a.store.FounderUsers(ctx, inst.FounderID)
		if err != nil {
			return domain.Notices{}, err
		}
		for _, u := range users {
			if u.ID != me && u.Email != "" {
				to = append(to, u)
			}
		}
	} else {
		members, err := a.store.InstitutionMembers(ctx, inst.ID)
		if err != nil {
			return domain.Notices{}, err
		}
		to = directorsOf(members, me)
	}
	return a.mailer.PlanNotices("plan_"+t.ApprovalAction(), plan, inst, to, remarks, a.now())
}

func (a *App) submitPlan(c *fiber.Ctx) error  { return a.planTransition(domain.PlanTrSubmit)(c) }
func (a *App) approvePlan(c *fiber.Ctx) error { return a.planTransition(domain.PlanTrApprove)(c) }
func (a *App) returnPlan(c *fiber.Ctx) error  { return a.planTransition(domain.PlanTrReturn)(c) }

// Moment formats an instant as a date and time in the institution's zone.
func (p approvalPage) Moment(t time.Time) string {
	return p.Date(domain.DateOf(t.In(p.Institution.Location()))) + " " + t.In(p.Institution.Location()).Format("15:04")
}

// approvalRecord is the current user's approval step, dated in the institution's zone.
func (a *App) approvalRecord(c *fiber.Ctx, inst domain.Institution, remarks string) domain.Approval {
	u, now := currentUser(c), a.now()
	return domain.Approval{ActorID: u.ID, ActorName: u.FullName, ActorPosition: u.Position, Remarks: remarks,
		OnDate: domain.Today(now, inst.Location()), At: now}
}

// NeedsReapproval reports whether the founder should approve the changes.
func (p approvalPage) NeedsReapproval() bool {
	return p.Reapproval && len(p.Changes) > 0 && p.Plan.Status == domain.PlanApproved
}

// reapprovePlan: the founder approves an approved plan again after seeing
// its changes; the header takes the new date.
func (a *App) reapprovePlan(c *fiber.Ctx) error {
	plan, inst, err := a.planInScope(c, domain.ActApprovePlan)
	if err != nil {
		return err
	}
	notices, err := a.planNotices(c, domain.PlanTrApprove, plan, inst, "")
	if err != nil {
		return err
	}
	if err := a.store.Reapprove(c.UserContext(), actor(c).Scope(), plan.ID, a.approvalRecord(c, inst, ""), notices); err != nil {
		return err
	}
	return c.Redirect(fmt.Sprintf("/plans/%d/approval", plan.ID), fiber.StatusSeeOther)
}

// setReapproval stores the director's choice (the "required" checkbox, the
// only field read) whether changes after approval need approval again.
func (a *App) setReapproval(c *fiber.Ctx) error {
	plan, inst, err := a.planInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	if err := a.store.SetReapprovalRequired(c.UserContext(), inst.ID, c.FormValue("required") == "on"); err != nil {
		return err
	}
	return c.Redirect(fmt.Sprintf("/plans/%d/approval", plan.ID), fiber.StatusSeeOther)
}
