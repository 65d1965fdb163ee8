package web

import (
	"regexp"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
)

// deletePage asks the plan's editor to confirm deleting a draft, naming
// what goes with it; for a plan that may not go, it says why.
type deletePage struct {
	Page
	D    *service.PlanDeletion
	Then string // where to go after the deletion (an import's preview), "" for home
}

// reImportPreview is the only place a deletion may lead back to: the
// preview of a new plan's file («Заменить черновик»).
var reImportPreview = regexp.MustCompile(`^/plans/import/\d{1,18}$`)

func thenPath(c *fiber.Ctx) string {
	if t := c.Query("then", c.FormValue("then")); reImportPreview.MatchString(t) {
		return t
	}
	return ""
}

// askDeletePlan is the confirmation of deleting a plan (works without
// JavaScript).
func (a *App) askDeletePlan(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	d, err := a.svc.PlanToDelete(c.UserContext(), caller(c), id)
	if err != nil {
		return err
	}
	return a.render(c, fiber.StatusOK, "plan_delete", deletePage{Page: a.page(c, "plandelete.title"), D: d, Then: thenPath(c)})
}

// deletePlan deletes a draft plan; its address then answers 404.
func (a *App) deletePlan(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	plan, err := a.svc.DeletePlan(c.UserContext(), caller(c), id, c.IP())
	if err != nil {
		return err
	}
	to := thenPath(c)
	if to == "" {
		to = "/"
	}
	return a.done(c, to, "plandelete.done", plan.Title)
}
