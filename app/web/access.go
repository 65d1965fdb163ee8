package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// paramID reads a numeric route parameter; anything else is not found.
func paramID(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.ErrNotFound
	}
	return id, nil
}

// authorize asks the policy whether the current user may do act in the
// institution. Inside the user's scope but without the right role is 403;
// outside the scope the storage lookups have already answered 404.
func authorize(c *fiber.Ctx, act domain.Action, inst domain.Institution, assignees ...int64) error {
	r := domain.Resource{InstitutionID: inst.ID, FounderID: inst.FounderID, AssigneeIDs: assignees}
	if !domain.Can(actor(c), act, r) {
		return &domain.Error{Code: domain.EForbidden, Message: "error.forbidden"}
	}
	return nil
}

// caller is the signed-in user as the service layer knows callers.
func caller(c *fiber.Ctx) service.Caller {
	return service.Caller{Actor: actor(c), User: currentUser(c)}
}

// planInScope loads a plan and its institution through the caller's scope and
// checks that the caller may perform act on it.
func (a *App) planInScope(c *fiber.Ctx, act domain.Action) (domain.Plan, domain.Institution, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return domain.Plan{}, domain.Institution{}, err
	}
	plan, inst, err := a.store.PlanWithInstitution(c.UserContext(), actor(c).Scope(), id)
	if err != nil {
		return domain.Plan{}, domain.Institution{}, err
	}
	return plan, inst, authorize(c, act, inst)
}

// planStamp reads the change counter of the plan of route parameter :id
// and checks act on it: a foreign or missing plan is ENotFound, as in
// planInScope.
func (a *App) planStamp(c *fiber.Ctx, act domain.Action) (domain.PlanStamp, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return domain.PlanStamp{}, err
	}
	st, nav, err := a.store.PlanStamp(c.UserContext(), actor(c).Scope(), id, a.navQuery(c))
	if err != nil {
		return domain.PlanStamp{}, err
	}
	c.Locals(localNav, nav)
	return st, authorize(c, act, st.Institution())
}

// dayStamp keys a plan's kept pages: the plan, its institution's change
// counter, and the day in the institution's zone ("просрочено" turns then).
func (a *App) dayStamp(st domain.PlanStamp) string {
	return "p" + itoa64(st.PlanID) + "." + itoa64(st.Rev) + "." + domain.Today(a.now(), st.Institution().Location()).String()
}

// scopeStamp keys a kept page over a whole scope: the change counters of
// its institutions and founders, and the quarter hour (the pages count
// days in several time zones). The navigation's counts come with it.
func (a *App) scopeStamp(c *fiber.Ctx, sc domain.Scope) (string, error) {
	s, nav, err := a.store.ScopeStamp(c.UserContext(), sc, a.navQuery(c))
	if err != nil {
		return "", err
	}
	c.Locals(localNav, nav)
	return s + "." + itoa64(a.now().Truncate(domain.StampPeriod).Unix()), nil
}
