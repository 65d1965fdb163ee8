package web

import (
	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type homePage struct {
	Page
	Plans       []domain.PlanSummary
	Invitations []domain.PendingInvitation // addressed to the user, to accept or decline
}

// home lists the plans the user may see, and the invitations waiting for
// the user's answer.
func (a *App) home(c *fiber.Ctx) error {
	plans, err := a.store.Plans(c.UserContext(), actor(c).Scope())
	if err != nil {
		return err
	}
	invs, err := a.svc.Invitations(c.UserContext(), caller(c))
	if err != nil {
		return err
	}
	p := a.page(c, "home.title")
	p.Nav = "home"
	return a.render(c, fiber.StatusOK, "home", homePage{Page: p, Plans: plans, Invitations: invs})
}
