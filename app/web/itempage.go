package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

type itemPage struct {
	Page
	*itemCtx
	// SurveyFrom is the day of the visitor's answer the item was made
	// from, «DD.MM.YYYY» ("" for none).
	SurveyFrom   string
	Assignee     string
	CoNames      []string
	History      []domain.HistoryEntry
	HistoryTotal int // how many entries the item's history has in all
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
	Summary      []fieldLink // the errors at the top of the page, linked to their fields (docs/ux.md §3)
	Pending      string      // the name of the file kept from the last try of the closing form
}

var allTransitions = []domain.Transition{domain.TrStart, domain.TrSubmit, domain.TrAccept, domain.TrReturn,
	domain.TrUnstart, domain.TrFail, domain.TrCancel, domain.TrReopen}

// historyShown is how many of an item's latest history entries its page
// shows unless the whole history is asked for: a busy item's runs to
// hundreds of rows, which a phone would scroll through to reach the forms
// below, and which the server would read and render on every view.
const historyShown = 10

// showItem renders an item with its workflow forms, evidence, comments and
// latest history (all of it with ?history=all).
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
	if c.Query("history") == "all" {
		p.History, err = a.store.ItemHistory(ctx, actor(c).Scope(), ic.Item.ID)
		p.HistoryTotal = len(p.History)
	} else {
		p.History, p.HistoryTotal, err = a.store.RecentItemHistory(ctx, actor(c).Scope(), ic.Item.ID, historyShown)
	}
	if err != nil {
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
	sug, fromSurvey, err := a.svc.ItemSurveyOrigin(ctx, caller(c), ic.Item)
	if err != nil {
		return err
	}
	if fromSurvey {
		p.SurveyFrom = domain.Today(sug.At, ic.Inst.Location()).Russian()
	}
	p.Assignee = ic.name(ic.Item.AssigneeID)
	if p.Assignee == "" && ic.Item.ResponsibleText() != "" {
		p.Assignee = p.Unlinked(ic.Item.ResponsibleText())
	}
	for _, id := range ic.Item.CoAssignees {
		p.CoNames = append(p.CoNames, ic.name(id))
	}
	today := domain.Today(a.now(), ic.Inst.Location())
	p.Today = today.String()
	p.Overdue, p.DueSoon = domain.IsOverdue(&ic.Item, today), domain.IsDueSoon(&ic.Item, today, 7)
	p.CanWork, p.CanEdit = ic.can(c, domain.ActWorkItem), ic.can(c, domain.ActEditPlan)
	for _, t := range allTransitions {
		if _, err := t.Apply(ic.Item.Status); err == nil && ic.can(c, service.TransitionAction(t)) {
			p.Actions = append(p.Actions, t)
		}
	}
	if form == nil {
		p.Form = map[string]string{"completed_on": p.Today}
	}
	if errs != nil && len(errs) == 0 {
		p.FormError = "error.invalid"
	}
	if len(errs) > 0 {
		p.Summary = errorLinks(p.Page, errs, itemPageFields, func(f string) string {
			if f == "reason" {
				return "reason-" + tr
			}
			return f
		})
		if att, err := a.store.PendingUpload(ctx, p.User.ID, ic.Item.ID); err == nil {
			p.Pending = att.Filename
		}
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
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in := service.StatusChange{ItemID: id, Transition: domain.Transition(c.FormValue("transition")), To: domain.ItemStatus(c.FormValue("to")),
		Version: formVersion(c), Reason: formText(c, "reason"), Implemented: formText(c, "implemented"),
		CompletedOn: formText(c, "completed_on"), Evidence: func() ([]domain.Attachment, error) { return a.closingEvidence(c, id) }}
	if in.Transition == domain.TrAccept && c.FormValue("confirm") != "1" && c.Get("X-Requested-With") != "fetch" {
		if done, err := a.confirmAccept(c); done || err != nil { // unticked points: ask first (ux_review.go)
			return err
		}
	}
	it, err := a.svc.ChangeStatus(c.UserContext(), caller(c), in)
	switch {
	case err == domain.ErrStale:
		return a.staleItem(c)
	case fieldErrors(err) != nil:
		ic, lerr := a.itemInScope(c, domain.ActView)
		if lerr != nil {
			return lerr
		}
		if in.Transition == domain.TrSubmit {
			if kerr := a.keepPendingUpload(c, id, fieldErrors(err)); kerr != nil {
				return kerr
			}
		}
		return a.itemFormError(c, ic, err, string(in.Transition), "reason", "implemented", "completed_on", "link")
	case err != nil:
		return err
	}
	if it.Status == domain.StatusReview {
		if err := a.dropPendingUpload(c, id); err != nil {
			return err
		}
	}
	if c.Get("X-Requested-With") == "fetch" {
		return c.SendStatus(fiber.StatusNoContent)
	}
	msg := "flash.to." + string(it.Status)
	if in.Transition != "" {
		msg = "flash.tr." + string(in.Transition)
	}
	return a.done(c, itemURL(id), msg)
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
func (a *App) staleItem(c *fiber.Ctx) error {
	fresh, err := a.itemInScope(c, domain.ActView)
	if err != nil {
		return err
	}
	if c.Get("X-Requested-With") == "fetch" {
		return c.Status(fiber.StatusConflict).SendString(itemURL(fresh.Item.ID))
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

// itemPageFields are the item page's form fields in the order it shows them.
var itemPageFields = []string{"implemented", "completed_on", "evidence", "link", "reason", "body"}

// dangerSteps are the workflow steps that undo or end work: the page keeps
// them in «Опасные действия» at its end, away from the main step.
var dangerSteps = map[domain.Transition]bool{domain.TrUnstart: true, domain.TrFail: true, domain.TrCancel: true}

// MainActions are the steps offered under «Действия».
func (p itemPage) MainActions() []domain.Transition { return p.steps(false) }

// DangerActions are the steps offered under «Опасные действия».
func (p itemPage) DangerActions() []domain.Transition { return p.steps(true) }

func (p itemPage) steps(danger bool) []domain.Transition {
	var out []domain.Transition
	for _, t := range p.Actions {
		if dangerSteps[t] == danger {
			out = append(out, t)
		}
	}
	return out
}

// itemAction is what the "item_action" template gets: the page and one step.
type itemAction struct {
	P itemPage
	T string
}

// Act pairs the page with one step for the "item_action" template.
func (p itemPage) Act(t domain.Transition) itemAction { return itemAction{P: p, T: string(t)} }
