package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/robfig/cron/v3"

	"planboard/app/service"
	"planboard/domain"
)

type itemFormPage struct {
	Page
	Plan     domain.Plan
	Item     domain.Item
	Members  []domain.Member
	Sections []domain.Section
	Form     map[string]string
	Co       map[int64]bool
	Errors   domain.FieldErrors
	Action   string
	// DeadlineNote flags a deadline on a non-working day (see deadlineNote).
	DeadlineNote string
	// AskReason: the deadline of an approved plan's item moves only with a
	// reason (docs/ux.md §4); a new item and a draft's items never ask.
	AskReason bool
	// PointConds is the НОК condition of each point as the form sent it
	// (nil: as the item has them); see nokplan.go.
	PointConds map[string]string
	Summary    []fieldLink // the errors at the top of the form, linked to their fields (docs/ux.md §3)
}

// Err returns the error key of a field ("" for none).
func (p itemFormPage) Err(name string) string { return p.Errors[name] }

// itemFields are the only fields the item form reads.
var itemFields = []string{"section", "indicator", "deficiency", "measure", "description", "checklist", "deadline",
	"deadline_kind", "deadline_reason", "assignee", "priority", "recur_kind", "recur_expr", "version", "add_condition"}

// parseCron reads a standard five-field cron expression (or a descriptor
// such as @monthly). Time zone prefixes are refused: the institution's day
// applies, and robfig/cron panics on "TZ=" with nothing after it. Any
// other panic of the parser is an invalid expression too, not a 500.
func parseCron(s string) (sched domain.Schedule, err error) {
	if strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ=") {
		return nil, errors.New("cron: time zone prefixes are not accepted")
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("cron: %v", r)
		}
	}()
	return cron.ParseStandard(s)
}

// readItemForm reads the item form's fields (and nothing else) as typed.
func readItemForm(c *fiber.Ctx) (map[string]string, domain.ItemInput) {
	form := map[string]string{}
	for _, k := range itemFields {
		form[k] = formText(c, k)
	}
	in := domain.ItemInput{Section: form["section"], Indicator: form["indicator"], Deficiency: form["deficiency"],
		Measure: form["measure"], Description: form["description"], Checklist: form["checklist"],
		Deadline: form["deadline"], DeadlineKind: form["deadline_kind"], DeadlineReason: form["deadline_reason"], Assignee: form["assignee"],
		Priority: form["priority"], RecurKind: form["recur_kind"], RecurExpr: form["recur_expr"]}
	for _, v := range c.Request().PostArgs().PeekMulti("co") {
		in.CoAssignees = append(in.CoAssignees, string(v))
	}
	readPointConditions(c, form, &in)
	args := c.Request().PostArgs()
	if args.Has("responsible_name") { // the form of an item kept with a person as text
		name, pos := formText(c, "responsible_name"), formText(c, "responsible_position")
		form["responsible_name"], form["responsible_position"] = name, pos
		in.ResponsibleName, in.ResponsiblePosition = &name, &pos
	}
	return form, in
}

// chosen is the set of co-assignees a form sent, to keep them ticked.
func chosen(ids []string) map[int64]bool {
	out := map[int64]bool{}
	for _, v := range ids {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			out[id] = true
		}
	}
	return out
}

// itemFormValues turns an item into form values.
func itemFormValues(it domain.Item) map[string]string {
	var pts []string
	for _, p := range it.Checklist {
		pts = append(pts, p.Text)
	}
	f := map[string]string{"section": string(it.Section), "indicator": it.Indicator, "deficiency": it.Deficiency,
		"measure": it.Measure, "description": it.Description, "checklist": strings.Join(pts, "\n"),
		"deadline": it.Deadline.OfficialText(), "deadline_kind": it.Deadline.FormKind(), // words, never a code (docs/ux.md §10)
		"assignee": strconv.FormatInt(it.AssigneeID, 10), "priority": strconv.Itoa(it.Priority),
		"recur_kind": string(it.Recurrence.Kind), "recur_expr": it.Recurrence.Expr, "version": strconv.Itoa(it.Version),
		"responsible_name": it.ResponsibleName, "responsible_position": it.ResponsiblePosition}
	if it.Deadline.Kind == domain.DeadlineOngoing {
		f["deadline"] = "" // the kind says it
	}
	return f
}

func (a *App) renderItemForm(c *fiber.Ctx, status int, p itemFormPage) error {
	p.Page, p.Sections = a.page(c, "itemform.title"), domain.Sections
	p.DeadlineNote = a.deadlineNote(c, p.Page, p.Plan.InstitutionID, p.Form["deadline"])
	p.AskReason = p.Item.ID != 0 && p.Plan.Status.DeadlinesFixed() && p.Item.Deadline.Kind != domain.DeadlineNone
	if c.Method() == fiber.MethodPost {
		var in domain.ItemInput
		readPointConditions(c, p.Form, &in)
		p.PointConds = in.PointConditions
	}
	p.Summary = errorLinks(p.Page, p.Errors, itemFields, func(f string) string {
		if f == "version" { // «Форма устарела»: the whole form
			return "item-form"
		}
		return f
	})
	if p.Co == nil {
		p.Co = map[int64]bool{}
		for _, id := range p.Item.CoAssignees {
			p.Co[id] = true
		}
	}
	return a.render(c, status, "item_form", p)
}

// planForItems loads the plan of :id for adding items (the director's) with
// the institution's people, who may be made responsible.
func (a *App) planForItems(c *fiber.Ctx) (domain.Plan, domain.Institution, []domain.Member, error) {
	plan, inst, err := a.planInScope(c, domain.ActEditPlan)
	if err != nil {
		return plan, inst, nil, err
	}
	members, err := a.store.InstitutionMembers(c.UserContext(), inst.ID)
	return plan, inst, members, err
}

// newItem shows the empty item form of a plan.
func (a *App) newItem(c *fiber.Ctx) error {
	plan, _, members, err := a.planForItems(c)
	if err != nil {
		return err
	}
	return a.renderItemForm(c, fiber.StatusOK, itemFormPage{Plan: plan, Members: members,
		Form: map[string]string{"priority": "2", "section": "1", "deadline_kind": "quarter"}, Action: "/plans/" + itoa64(plan.ID) + "/items"})
}

// createItem adds an item to a plan.
func (a *App) createItem(c *fiber.Ctx) error {
	planID, err := paramID(c, "id")
	if err != nil {
		return err
	}
	form, in := readItemForm(c)
	it, err := a.svc.CreateItem(c.UserContext(), caller(c), planID, in, parseCron)
	if fe := fieldErrors(err); fe != nil {
		plan, _, members, err := a.planForItems(c)
		if err != nil {
			return err
		}
		return a.renderItemForm(c, fiber.StatusUnprocessableEntity, itemFormPage{Plan: plan, Members: members, Form: form,
			Errors: fe, Co: chosen(in.CoAssignees), Action: "/plans/" + itoa64(plan.ID) + "/items"})
	}
	if err != nil {
		return err
	}
	return a.done(c, itemURL(it.ID), "flash.item_created")
}

// editItem shows the item form filled in.
func (a *App) editItem(c *fiber.Ctx) error {
	ic, err := a.itemInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	return a.renderItemForm(c, fiber.StatusOK, itemFormPage{Plan: ic.Plan, Item: ic.Item, Members: ic.Members,
		Form: itemFormValues(ic.Item), Action: itemURL(ic.Item.ID) + "/edit"})
}

// updateItem saves the item form: refused when stale, history per field.
func (a *App) updateItem(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	form, in := readItemForm(c)
	err = a.svc.UpdateItem(c.UserContext(), caller(c), id, formVersion(c), in, parseCron)
	if err == nil {
		return a.done(c, itemURL(id), "flash.item_saved")
	}
	fe, status := fieldErrors(err), fiber.StatusUnprocessableEntity
	if err == domain.ErrStale {
		fe, status = domain.FieldErrors{"version": "error.stale"}, fiber.StatusConflict
	}
	if fe == nil {
		return err
	}
	ic, err := a.itemInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	if status == fiber.StatusConflict {
		form["version"] = strconv.Itoa(ic.Item.Version)
	}
	return a.renderItemForm(c, status, itemFormPage{Plan: ic.Plan, Item: ic.Item, Members: ic.Members, Form: form, Errors: fe,
		Co: chosen(in.CoAssignees), Action: itemURL(ic.Item.ID) + "/edit"})
}

// deleteItem removes an item; the history keeps the deletion.
func (a *App) deleteItem(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ic, err := a.svc.DeleteItem(c.UserContext(), caller(c), id, formVersion(c))
	if err != nil {
		return err
	}
	return a.done(c, "/plans/"+itoa64(ic.Plan.ID), "flash.item_deleted", ic.Item.Measure)
}

// moveItem moves an item up or down within its section.
func (a *App) moveItem(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	dir := 1
	if c.FormValue("dir") == "up" {
		dir = -1
	}
	ic, err := a.svc.MoveItem(c.UserContext(), caller(c), id, dir)
	if err != nil {
		return err
	}
	back := "/plans/" + itoa64(ic.Plan.ID)
	if n, err := strconv.Atoi(c.Query("page")); err == nil && n > 1 {
		back += "?page=" + strconv.Itoa(n) // the table page the buttons were on
	}
	return a.done(c, back+"#item-"+itoa64(ic.Item.ID), "flash.item_moved")
}

// closeOccurrence assigns or closes one occurrence of a recurring item,
// loaded through the item in the URL.
func (a *App) closeOccurrence(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	oid, err := paramID(c, "oid")
	if err != nil {
		return err
	}
	in := service.OccurrenceChange{ItemID: id, OccurrenceID: oid, Implemented: c.FormValue("implemented")}
	if v, err := strconv.ParseInt(c.FormValue("assignee"), 10, 64); err == nil {
		in.Assignee = &v
	}
	if err := a.svc.ChangeOccurrence(c.UserContext(), caller(c), in); err != nil {
		return err
	}
	return a.done(c, itemURL(id)+"#occurrences", "flash.saved")
}

// DeadlineKinds are the deadline kinds the form offers (docs/ux.md §10).
func (p itemFormPage) DeadlineKinds() []domain.DeadlineKind { return domain.DeadlineKinds }

// RecurKinds are the recurrence rules in the order the form offers them;
// the expression («cron») comes last, as the advanced choice.
func (p itemFormPage) RecurKinds() []string {
	return []string{"", "monthly", "quarterly", "halfyearly", "yearly", "cron"}
}
