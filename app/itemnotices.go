package app

import (
	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// Who hears of what happens to an item. Nobody is told of their own step.

// statusNotices: closing a task tells the directors it awaits acceptance;
// accepting or returning it tells its assignees (a return with the remark).
func (a *App) statusNotices(c *fiber.Ctx, ic *itemCtx, t domain.Transition, cur domain.Item) (domain.Notices, error) {
	me := currentUser(c).ID
	switch t {
	case domain.TrSubmit:
		return a.mailer.ItemNotices(domain.MailReview, cur, ic.Inst, directorsOf(ic.Members, me), formText(c, "implemented"), a.now())
	case domain.TrAccept:
		return a.mailer.ItemNotices(domain.MailAccepted, cur, ic.Inst, membersOf(ic.Members, cur.Assignees(), me), "", a.now())
	case domain.TrReturn:
		return a.mailer.ItemNotices(domain.MailReturned, cur, ic.Inst, membersOf(ic.Members, cur.Assignees(), me), formText(c, "reason"), a.now())
	}
	return domain.Notices{}, nil
}

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
	return a.mailer.ItemNotices(domain.MailAssigned, cur, ic.Inst, membersOf(ic.Members, fresh, currentUser(c).ID), "", a.now())
}

// bulkNotices: each new responsible person of a bulk assignment gets one
// mail listing all of their items.
func (a *App) bulkNotices(c *fiber.Ctx, us []domain.ItemUpdate, members []domain.Member, inst domain.Institution) (domain.Notices, error) {
	me := currentUser(c).ID
	people := map[int64]domain.User{}
	for _, m := range members {
		if m.User.ID != me && m.User.Email != "" {
			people[m.User.ID] = m.User
		}
	}
	by := map[int64][]domain.Item{}
	for _, u := range us {
		if id := u.New.AssigneeID; id != u.Old.AssigneeID && people[id].ID != 0 {
			by[id] = append(by[id], u.New)
		}
	}
	return a.mailer.AssignedNotices(by, people, inst, a.now())
}

// membersOf returns the institution's members among ids, except one user.
func membersOf(members []domain.Member, ids []int64, except int64) []domain.User {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = id != except
	}
	var out []domain.User
	for _, m := range members {
		if want[m.User.ID] && m.User.Email != "" {
			out = append(out, m.User)
		}
	}
	return out
}

// directorsOf returns the institution's directors, except one user.
func directorsOf(members []domain.Member, except int64) []domain.User {
	var out []domain.User
	for _, m := range members {
		if m.Role == domain.RoleDirector && m.User.ID != except && m.User.Email != "" {
			out = append(out, m.User)
		}
	}
	return out
}
