package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// itemCtx is an item loaded through the caller's scope, with its plan,
// institution and the institution's people.
type itemCtx struct {
	Item    domain.Item
	Plan    domain.Plan
	Inst    domain.Institution
	Members []domain.Member
}

// name returns a member's full name (or e-mail), "" for nobody.
func (ic *itemCtx) name(id int64) string { return domain.MemberName(ic.Members, id) }

// itemInScope loads the item of the :id parameter through the caller's
// scope and asks the policy for act (the item's assignees count for work).
func (a *App) itemInScope(c *fiber.Ctx, act domain.Action) (*itemCtx, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	ctx, sc := c.UserContext(), actor(c).Scope()
	it, err := a.store.ItemWithAssignees(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	plan, err := a.store.Plan(ctx, sc, it.PlanID)
	if err != nil {
		return nil, err
	}
	inst, err := a.store.Institution(ctx, sc, it.InstitutionID)
	if err != nil {
		return nil, err
	}
	if err := authorize(c, act, inst, it.Assignees()...); err != nil {
		return nil, err
	}
	members, err := a.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return nil, err
	}
	return &itemCtx{Item: it, Plan: plan, Inst: inst, Members: members}, nil
}

// can reports whether the current user may do act on the item.
func (ic *itemCtx) can(c *fiber.Ctx, act domain.Action) bool {
	r := domain.Resource{InstitutionID: ic.Inst.ID, FounderID: ic.Inst.FounderID, AssigneeIDs: ic.Item.Assignees()}
	return domain.Can(actor(c), act, r)
}

// formVersion reads the version the form was opened with.
func formVersion(c *fiber.Ctx) int {
	v := 0
	for _, r := range c.FormValue("version") {
		if r < '0' || r > '9' {
			return -1
		}
		v = v*10 + int(r-'0')
		if v > 1<<30 {
			return -1
		}
	}
	return v
}

// formText reads a trimmed form field.
func formText(c *fiber.Ctx, name string) string { return strings.TrimSpace(c.FormValue(name)) }

// fieldErrors returns the per-field messages of a validation error (nil for
// other errors), so a form can re-render with each next to its input.
func fieldErrors(err error) domain.FieldErrors {
	var fe domain.FieldErrors
	switch e := err.(type) {
	case *domain.ValidationError:
		return e.Fields
	case *domain.Error:
		if e.Code == domain.EInvalid && e.Field != "" {
			fe.Add(e.Field, e.Message)
			return fe
		}
	}
	return nil
}

// itemURL is the page of an item.
func itemURL(id int64) string { return "/items/" + itoa64(id) }

func itoa64(n int64) string { return itoa(int(n)) }
