package web

import (
	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// reviewPage is «На проверке»: the items awaiting the director's
// acceptance across the plans of their institutions (docs/ux.md §7).
type reviewPage struct {
	Page
	Items []reviewRow
}

type reviewRow struct {
	domain.ReviewItem
	Completed string // the actual date as the locale writes it
}

// showReview lists the items awaiting acceptance where the caller directs
// (everything for the admin); staff and founders have nothing to accept
// (403). One query whatever the number of items.
func (a *App) showReview(c *fiber.Ctx) error {
	sc := reviewScope(actor(c))
	if sc.Empty() {
		return &domain.Error{Code: domain.EForbidden, Message: "error.forbidden"}
	}
	stamp, err := a.scopeStamp(c, sc)
	if err != nil {
		return err
	}
	return a.keptPage(c, "review.title", "review", stamp, func(pg Page) (any, error) {
		items, err := a.store.ReviewQueue(c.UserContext(), sc)
		if err != nil {
			return nil, err
		}
		p := reviewPage{Page: pg}
		p.Nav = "review"
		for _, it := range items {
			p.Items = append(p.Items, reviewRow{ReviewItem: it, Completed: p.Date(it.Item.CompletedOn)})
		}
		return p, nil
	})
}

// confirmAccept answers an accept step on an item with unticked
// checklist points with the confirmation page (done true); the step itself
// then comes back with confirm=1. Callers who may not accept, and items
// with every point ticked, go on to the use case.
func (a *App) confirmAccept(c *fiber.Ctx) (done bool, err error) {
	ic, err := a.itemInScope(c, domain.ActView)
	if err != nil {
		return false, err
	}
	open := ic.Item.OpenPoints()
	if len(open) == 0 || !ic.can(c, domain.ActReviewItem) || ic.Item.Status != domain.StatusReview {
		return false, nil
	}
	p := acceptConfirmPage{Page: a.page(c, "review.confirm_title"), Item: ic.Item, Plan: ic.Plan, Open: open}
	return true, a.render(c, fiber.StatusOK, "item_accept_confirm", p)
}

// acceptConfirmPage asks before accepting an item with unticked points.
type acceptConfirmPage struct {
	Page
	Item domain.Item
	Plan domain.Plan
	Open []domain.ChecklistPoint
}

// IsImage reports whether an attachment is a photo shown as a thumbnail
// (the sniffed raster types only).
func (p itemPage) IsImage(at domain.Attachment) bool {
	switch at.ContentType {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return true
	}
	return false
}
