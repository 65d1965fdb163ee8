package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type itemPage struct {
	Page
	*itemCtx
	Assignee     string
	CoNames      []string
	History      []domain.HistoryEntry
	Comments     []domain.Comment
	Attachments  []domain.Attachment
	Occurrences  []domain.Occurrence
	Actions      []domain.Transition
	CanWork      bool
	CanEdit      bool
	Today        string
	Overdue      bool
	DueSoon      bool
	Errors       domain.FieldErrors
	Form         map[string]string
	MaxUploadMB  int
	FormError    string
	Transition   string
	DeadlineMove bool
}

// transitionAction is the permission each workflow step needs: the
// assignee's own work, or the director's review.
func transitionAction(t domain.Transition) domain.Action {
	switch t {
	case domain.TrStart, domain.TrSubmit, domain.TrUnstart:
		return domain.ActWorkItem
	}
	return domain.ActReviewItem
}

var allTransitions = []domain.Transition{domain.TrStart, domain.TrSubmit, domain.TrAccept, domain.TrReturn,
	domain.TrUnstart, domain.TrFail, domain.TrCancel, domain.TrReopen}

// showItem renders an item with its workflow forms, evidence, comments and
// full history.
func (a *App) showItem(c *fiber.Ctx) error {
	ic, err := a.itemInScope(c, domain.ActView)
	if err != nil {
		return err
	}
	return a.renderItem(c, ic, fiber.StatusOK, nil, nil, "")
}

func (a *App) renderItem(c *fiber.Ctx, ic *itemCtx, status int, errs domain.FieldErrors, form map[string]string, tr string) error {
	ctx := c.UserContext()
	p := itemPage{Page: a.page(c, "item.title"), itemCtx: ic, Errors: errs, Form: form, Transition: tr, MaxUploadMB: a.cfg.MaxUploadMB}
	p.Title = ic.Item.Measure
	if k, _ := c.Locals(localFlash).(string); k != "" {
		p.Flash = p.T(k)
	}
	var err error
	if p.History, err = a.store.ItemHistory(ctx, actor(c).Scope(), ic.Item.ID); err != nil {
		return err
	}
	if p.Comments, err = a.store.ItemComments(ctx, ic.Item); err != nil {
		return err
	}
	if p.Attachments, err = a.store.ItemAttachments(ctx, ic.Item); err != nil {
		return err
	}
	if ic.Item.Recurrence.Kind != domain.RecurNone {
		if p.Occurrences, err = a.store.Occurrences(ctx, ic.Item); err != nil {
			return err
		}
	}
	p.Assignee = ic.name(ic.Item.AssigneeID)
	for _, id := range ic.Item.CoAssignees {
		p.CoNames = append(p.CoNames, ic.name(id))
	}
	today := domain.Today(a.now(), ic.Inst.Location())
	p.Today = today.String()
	p.Overdue, p.DueSoon = domain.IsOverdue(&ic.Item, today), domain.IsDueSoon(&ic.Item, today, 7)
	p.CanWork, p.CanEdit = ic.can(c, domain.ActWorkItem), ic.can(c, domain.ActEditPlan)
	for _, t := range allTransitions {
		if _, err := t.Apply(ic.Item.Status); err == nil && ic.can(c, transitionAction(t)) {
			p.Actions = append(p.Actions, t)
		}
	}
	if form == nil {
		p.Form = map[string]string{"completed_on": p.Today}
	}
	if errs != nil && len(errs) == 0 {
		p.FormError = "error.invalid"
	}
	return a.render(c, status, "item", p)
}

// Field returns a kept form value.
func (p itemPage) Field(name string) string { return p.Form[name] }

// Err returns the error key of a field ("" for none).
func (p itemPage) Err(name string) string { return p.Errors[name] }

// Name returns a member's name.
func (p itemPage) Name(id int64) string { return p.name(id) }

// changeStatus performs one workflow step from the item page, the board's
// plain forms or a drag-and-drop (field "to": the target column). The step
// is authorised for what it does, whatever column it came from.
func (a *App) changeStatus(c *fiber.Ctx) error {
	ic, err := a.itemInScope(c, domain.ActView)
	if err != nil {
		return err
	}
	t := domain.Transition(c.FormValue("transition"))
	if to := domain.ItemStatus(c.FormValue("to")); to != "" {
		var ok bool
		if t, ok = domain.TransitionTo(ic.Item.Status, to); !ok || t == domain.TrReopen {
			return &domain.Error{Code: domain.EConflict, Message: "status.transition_not_allowed"}
		}
	}
	if err := authorize(c, transitionAction(t), ic.Inst, ic.Item.Assignees()...); err != nil {
		return err
	}
	if v := formVersion(c); v != ic.Item.Version {
		return a.staleItem(c, ic)
	}
	cur := ic.Item
	on, _ := domain.ParseISODate(formText(c, "completed_on"))
	if err := cur.Apply(t, formText(c, "reason"), formText(c, "implemented"), on); err != nil {
		return a.itemFormError(c, ic, err, string(t), "reason", "implemented", "completed_on")
	}
	ev, err := a.readEvidence(c)
	if err != nil {
		return a.itemFormError(c, ic, err, string(t), "reason", "implemented", "completed_on", "link")
	}
	u := domain.ItemUpdate{Old: ic.Item, New: cur, By: currentUser(c), Names: ic.name, Note: formText(c, "reason"), Evidence: ev}
	if u.Notices, err = a.statusNotices(c, ic, t, cur); err != nil {
		return err
	}
	if err := a.store.UpdateItem(c.UserContext(), u); err != nil {
		if domain.ErrorCode(err) == domain.EConflict {
			return a.staleItem(c, ic)
		}
		return err
	}
	if c.Get("X-Requested-With") == "fetch" {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(itemURL(ic.Item.ID), fiber.StatusSeeOther)
}

// itemFormError re-renders the item page with the typed values kept and the
// errors next to their fields (422), or passes other errors on.
func (a *App) itemFormError(c *fiber.Ctx, ic *itemCtx, err error, tr string, keep ...string) error {
	fe := fieldErrors(err)
	if fe == nil {
		return err
	}
	if c.Get("X-Requested-With") == "fetch" {
		return c.Status(fiber.StatusUnprocessableEntity).SendString(itemURL(ic.Item.ID))
	}
	form := map[string]string{}
	for _, k := range keep {
		form[k] = c.FormValue(k)
	}
	return a.renderItem(c, ic, fiber.StatusUnprocessableEntity, fe, form, tr)
}

// staleItem answers a form opened on an older version: 409 with the
// current item and a message, nothing saved.
func (a *App) staleItem(c *fiber.Ctx, ic *itemCtx) error {
	fresh, err := a.itemInScope(c, domain.ActView)
	if err != nil {
		return err
	}
	if c.Get("X-Requested-With") == "fetch" {
		return c.Status(fiber.StatusConflict).SendString(itemURL(ic.Item.ID))
	}
	c.Locals(localFlash, "error.stale")
	return a.renderItem(c, fresh, fiber.StatusConflict, nil, nil, "")
}

const localFlash = "flash"

func currentUser(c *fiber.Ctx) domain.User {
	u, _ := c.Locals(localUser).(domain.User)
	return u
}

// When formats a moment in the institution's time zone.
func (p itemPage) When(t time.Time) string { return p.Page.When(t.In(p.Inst.Location())) }

// HistValue shows a history value for people: statuses in words, deadlines
// and dates as the locale writes them.
func (p itemPage) HistValue(field, v string) string {
	switch field {
	case "deadline":
		if d, err := domain.ParseDeadline(v); err == nil && d.Kind != domain.DeadlineNone {
			return p.Deadline(d)
		}
	case "completed_on":
		if d, err := domain.ParseISODate(v); err == nil {
			return p.Date(d)
		}
	}
	return p.Page.HistValue(field, v)
}
