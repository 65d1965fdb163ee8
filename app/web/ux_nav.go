package web

import (
	"github.com/gofiber/fiber/v2"

	"planboard/app/internal/render"
	"planboard/domain"
)

// navRoles is what the navigation offers by role (app/internal/render).
type navRoles = render.NavRoles

// navRolesOf reads the roles from the actor (the counts come from
// navCounts, in one statement with the unread notices).
func (a *App) navRolesOf(c *fiber.Ctx) navRoles {
	who := actor(c)
	if who.UserID == 0 {
		return navRoles{}
	}
	n := navRoles{Tasks: who.IsAdmin, Reviewer: who.IsAdmin}
	for _, m := range who.Memberships {
		n.Tasks = n.Tasks || m.Role == domain.RoleDirector || m.Role == domain.RoleStaff
		n.Reviewer = n.Reviewer || m.Role == domain.RoleDirector
		n.Region = n.Region || m.Role == domain.RoleRegion
	}
	return n
}

// navCounts reads the navigation's counts: the unread notices and, for a
// reviewer, the items awaiting acceptance; one query, whatever the number
// of items. A failure shows zeros (the page itself still works).
func (a *App) navCounts(c *fiber.Ctx, userID int64, reviewer bool) (unread, review int) {
	if n, ok := c.Locals(localNav).(domain.NavCounts); ok { // read with the page's change counter
		return n.Unread, n.Review
	}
	var sc *domain.Scope
	if reviewer {
		s := reviewScope(actor(c))
		sc = &s
	}
	unread, review, err := a.store.NavCounts(c.UserContext(), userID, sc)
	if err != nil {
		a.log.Warn("navigation counts", "err", err)
		return 0, 0
	}
	return unread, review
}

// reviewScope is where the caller accepts closed tasks: the institutions
// they direct (everything for the admin).
func reviewScope(who domain.Actor) domain.Scope {
	sc := domain.Scope{All: who.IsAdmin}
	for _, m := range who.Memberships {
		if m.Role == domain.RoleDirector {
			sc.InstitutionIDs = append(sc.InstitutionIDs, m.InstitutionID)
		}
	}
	return sc
}

// landing is where a person goes after signing in when no page was asked
// for: a founder's representative to the dashboard (docs/ux.md §5), everyone
// else to the plans.
func landing(who domain.Actor, next string) string {
	if next != "/" || who.IsAdmin {
		return next
	}
	for _, m := range who.Memberships {
		if m.Role == domain.RoleDirector || m.Role == domain.RoleStaff {
			return next
		}
	}
	if isFounder(who) {
		return "/founder"
	}
	if who.IsOverseer() {
		return "/region"
	}
	return next
}

// localNav holds the navigation's counts once a read made with another one
// (the kept pages' change counter, navQuery) brought them.
const localNav = "planboard.nav"

// navQuery asks for the signed-in person's navigation counts along with
// another read (nil for nobody signed in).
func (a *App) navQuery(c *fiber.Ctx) *domain.NavQuery {
	who := actor(c)
	if who.UserID == 0 {
		return nil
	}
	q := &domain.NavQuery{UserID: who.UserID}
	if a.navRolesOf(c).Reviewer {
		sc := reviewScope(who)
		q.Review = &sc
	}
	return q
}
