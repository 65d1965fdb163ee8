package app

import (
	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// Who hears of what happens to an item. Nobody is told of their own step.

// assignmentNotices: whoever became the responsible person or a
// co-assignee of the item is told so.
func (a *App) assignmentNotices(c *fiber.Ctx, ic *itemCtx, cur domain.Item, co []int64) (domain.Notices, error) {
	was := map[int64]bool{ic.Item.AssigneeID: true}
	for _, id := range ic.Item.CoAssignees {
		was[id] = true
	}
	var fresh []int64
	for _, id := range append([]int64{cur.AssigneeID}, co...) {
		if !was[id] {
			fresh, was[id] = append(fresh, id), true
		}
	}
	return a.mailer.ItemNotices(domain.MailAssigned, cur, ic.Inst, service.MembersOf(ic.Members, fresh, currentUser(c).ID), "", a.now())
}
