package app

import (
	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type homePage struct {
	Page
	Plans []domain.PlanSummary
}

// home lists the plans the user may see.
func (a *App) home(c *fiber.Ctx) error {
	plans, err := a.store.Plans(c.UserContext(), actor(c).Scope())
	if err != nil {
		return err
	}
	p := a.page(c, "home.title")
	p.Nav = "home"
	return a.render(c, fiber.StatusOK, "home", homePage{Page: p, Plans: plans})
}
