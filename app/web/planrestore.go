package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
)

// restorePage asks the plan's editor to confirm bringing the plan back to
// its version before an update from a file, naming what changes.
type restorePage struct {
	Page
	R      *service.FileRestore
	Action string
}

// restoreIDs reads the route: the plan (:id) and its update (:uid).
func restoreIDs(c *fiber.Ctx) (planID, id int64, err error) {
	if planID, err = paramID(c, "id"); err != nil {
		return 0, 0, err
	}
	id, err = paramID(c, "uid")
	return planID, id, err
}

// askRestorePlan is the confirmation of «Вернуть версию до обновления»
// (works without JavaScript).
func (a *App) askRestorePlan(c *fiber.Ctx) error {
	planID, id, err := restoreIDs(c)
	if err != nil {
		return err
	}
	fr, err := a.svc.PlanFileRestore(c.UserContext(), caller(c), planID, id)
	if err != nil {
		return err
	}
	p := restorePage{Page: a.page(c, "fileupdate.restore_title"), R: fr, Action: fmt.Sprintf("/plans/%d/file-updates/%d/restore", planID, id)}
	return a.render(c, fiber.StatusOK, "plan_restore", p)
}

// restorePlan restores the plan's version before the update, in one
// transaction, and says so on the plan's page.
func (a *App) restorePlan(c *fiber.Ctx) error {
	planID, id, err := restoreIDs(c)
	if err != nil {
		return err
	}
	fr, err := a.svc.RestorePlanVersion(c.UserContext(), caller(c), planID, id)
	if err != nil {
		return err
	}
	return a.done(c, fmt.Sprintf("/plans/%d#h-planlog", planID), "fileupdate.restored", fr.Record.FileName)
}

// At is when the update was made, in the institution's time zone.
func (p restorePage) At() string { return p.When(p.R.Record.At.In(p.R.Institution.Location())) }
