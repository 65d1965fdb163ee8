package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/robfig/cron/v3"

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
}

// Err returns the error key of a field ("" for none).
func (p itemFormPage) Err(name string) string { return p.Errors[name] }

// itemFields are the only fields the item form reads.
var itemFields = []string{"section", "indicator", "deficiency", "measure", "description", "checklist", "deadline",
	"deadline_reason", "assignee", "priority", "recur_kind", "recur_expr", "version"}

// itemMultiline are the item form's textareas (the rest are one-line inputs).
var itemMultiline = map[string]bool{"deficiency": true, "measure": true, "description": true, "checklist": true}

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

// readItemForm applies the form to it, collecting every field error.
func readItemForm(c *fiber.Ctx, it *domain.Item, members []domain.Member) (map[string]string, []string, []int64, domain.FieldErrors) {
	form := map[string]string{}
	var fe domain.FieldErrors
	for _, k := range itemFields {
		if itemMultiline[k] {
			form[k] = domain.CleanMultiline(c.FormValue(k))
		} else {
			form[k] = fe.Line(k, c.FormValue(k))
		}
	}
	it.Section = domain.Section(form["section"])
	if !it.Section.Valid() {
		fe.Add("section", "item.section_required")
	}
	it.Indicator = form["indicator"]
	if it.Indicator != "" {
		if s, ok := domain.IndicatorSection(it.Indicator); !ok || s != it.Section {
			fe.Add("indicator", "item.indicator_invalid")
		}
	}
	it.Deficiency, it.Measure, it.Description = form["deficiency"], form["measure"], form["description"]
	if it.Measure == "" || len(it.Measure) > 5000 {
		fe.Add("measure", "item.measure_required")
	}
	if utf8.RuneCountInString(it.Deficiency) > 5000 {
		fe.Add("deficiency", "item.deficiency_too_long")
	}
	if utf8.RuneCountInString(it.Description) > 10000 {
		fe.Add("description", "item.description_too_long")
	}
	if dl, err := domain.ParseDeadline(form["deadline"]); err != nil {
		fe.Add("deadline", "deadline.invalid")
	} else if err := it.MoveDeadline(dl, form["deadline_reason"]); err != nil {
		fe.Add("deadline_reason", "item.deadline_reason_required")
	}
	it.AssigneeID, _ = strconv.ParseInt(form["assignee"], 10, 64)
	if it.AssigneeID != 0 && domain.MemberName(members, it.AssigneeID) == "" {
		fe.Add("assignee", "item.assignee_unknown")
	}
	it.Priority, _ = strconv.Atoi(form["priority"])
	if it.Priority < 1 || it.Priority > 3 {
		it.Priority = 2
	}
	rec, err := domain.ParseRecurrence(form["recur_kind"], form["recur_expr"], parseCron)
	if err != nil {
		fe.Add(fieldErrorField(err), "recur.invalid")
	}
	it.Recurrence = rec
	var points []string
	for _, l := range strings.Split(form["checklist"], "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(l, "-•*☐☑ ")); l != "" {
			points = append(points, l)
		}
		if utf8.RuneCountInString(l) > 2000 {
			fe.Add("checklist", "item.checklist_too_long")
		}
	}
	var co []int64
	for _, v := range c.Request().PostArgs().PeekMulti("co") {
		if id, err := strconv.ParseInt(string(v), 10, 64); err == nil && domain.MemberName(members, id) != "" && id != it.AssigneeID {
			co = append(co, id)
		}
	}
	return form, points, co, fe
}

func fieldErrorField(err error) string {
	for f := range fieldErrors(err) {
		return f
	}
	return "recur_kind"
}

// itemFormValues turns an item into form values.
func itemFormValues(it domain.Item) map[string]string {
	var pts []string
	for _, p := range it.Checklist {
		pts = append(pts, p.Text)
	}
	f := map[string]string{"section": string(it.Section), "indicator": it.Indicator, "deficiency": it.Deficiency,
		"measure": it.Measure, "description": it.Description, "checklist": strings.Join(pts, "\n"),
		"deadline": it.Deadline.Spec(), "assignee": strconv.FormatInt(it.AssigneeID, 10), "priority": strconv.Itoa(it.Priority),
		"recur_kind": string(it.Recurrence.Kind), "recur_expr": it.Recurrence.Expr, "version": strconv.Itoa(it.Version)}
	if it.Deadline.Kind == domain.DeadlineNone {
		f["deadline"] = ""
	}
	return f
}

func (a *App) renderItemForm(c *fiber.Ctx, status int, p itemFormPage) error {
	p.Page, p.Sections = a.page(c, "itemform.title"), domain.Sections
	p.DeadlineNote = a.deadlineNote(c, p.Page, p.Plan.InstitutionID, p.Form["deadline"])
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
		Form: map[string]string{"priority": "2", "section": "1"}, Action: "/plans/" + itoa64(plan.ID) + "/items"})
}

// createItem adds an item to a plan.
func (a *App) createItem(c *fiber.Ctx) error {
	plan, inst, members, err := a.planForItems(c)
	if err != nil {
		return err
	}
	it := domain.Item{PlanID: plan.ID, InstitutionID: inst.ID, Status: domain.StatusPlanned}
	form, points, _, fe := readItemForm(c, &it, members)
	if len(fe) > 0 {
		return a.renderItemForm(c, fiber.StatusUnprocessableEntity, itemFormPage{Plan: plan, Members: members, Form: form,
			Errors: fe, Action: "/plans/" + itoa64(plan.ID) + "/items"})
	}
	for i, p := range points {
		it.Checklist = append(it.Checklist, domain.ChecklistPoint{Position: i + 1, Text: p})
	}
	occ, err := occurrences(it, plan)
	if err != nil {
		return err
	}
	if err := a.store.AddItem(c.UserContext(), &it, currentUser(c), occ...); err != nil {
		return err
	}
	return c.Redirect(itemURL(it.ID), fiber.StatusSeeOther)
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
	ic, err := a.itemInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	cur := ic.Item
	form, points, co, fe := readItemForm(c, &cur, ic.Members)
	fp := itemFormPage{Plan: ic.Plan, Item: ic.Item, Members: ic.Members, Form: form, Errors: fe, Action: itemURL(ic.Item.ID) + "/edit"}
	if formVersion(c) != ic.Item.Version {
		fp.Form["version"] = strconv.Itoa(ic.Item.Version)
		fp.Errors = domain.FieldErrors{"version": "error.stale"}
		return a.renderItemForm(c, fiber.StatusConflict, fp)
	}
	if len(fe) > 0 {
		fp.Co = map[int64]bool{}
		for _, id := range co {
			fp.Co[id] = true
		}
		return a.renderItemForm(c, fiber.StatusUnprocessableEntity, fp)
	}
	u := domain.ItemUpdate{Scope: actor(c).Scope(), Old: ic.Item, New: cur, By: currentUser(c), Names: ic.name, Note: form["deadline_reason"],
		Checklist: points, CoAssignees: co, SetExtras: true}
	if u.Notices, err = a.assignmentNotices(c, ic, cur, co); err != nil {
		return err
	}
	if u.Occurrences, err = occurrences(cur, ic.Plan); err != nil {
		return err
	}
	if err := a.store.UpdateItem(c.UserContext(), u); err != nil {
		if err == domain.ErrStale {
			fp.Errors = domain.FieldErrors{"version": "error.stale"}
			return a.renderItemForm(c, fiber.StatusConflict, fp)
		}
		return err
	}
	return c.Redirect(itemURL(ic.Item.ID), fiber.StatusSeeOther)
}

// occurrences are a recurring item's dated occurrences through the end of
// its plan's period, saved with the item.
func occurrences(it domain.Item, plan domain.Plan) ([]domain.Date, error) {
	var sched domain.Schedule
	if it.Recurrence.Kind == domain.RecurCron {
		s, err := parseCron(it.Recurrence.Expr)
		if err != nil {
			return nil, err
		}
		sched = s
	}
	from, to := plan.PeriodStart, plan.PeriodEnd
	if from.IsZero() {
		from, to = domain.NewDate(plan.Year, 1, 1), domain.NewDate(plan.Year, 12, 31)
	}
	return it.Recurrence.Occurrences(from, to, sched), nil
}

// deleteItem removes an item; the history keeps the deletion.
func (a *App) deleteItem(c *fiber.Ctx) error {
	ic, err := a.itemInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	if formVersion(c) != ic.Item.Version {
		return domain.ErrStale
	}
	if err := a.store.DeleteItem(c.UserContext(), ic.Item, currentUser(c)); err != nil {
		return err
	}
	return c.Redirect("/plans/"+itoa64(ic.Plan.ID), fiber.StatusSeeOther)
}

// moveItem moves an item up or down within its section.
func (a *App) moveItem(c *fiber.Ctx) error {
	ic, err := a.itemInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	dir := 1
	if c.FormValue("dir") == "up" {
		dir = -1
	}
	if err := a.store.MoveItem(c.UserContext(), ic.Item, dir); err != nil {
		return err
	}
	back := "/plans/" + itoa64(ic.Plan.ID)
	if n, err := strconv.Atoi(c.Query("page")); err == nil && n > 1 {
		back += "?page=" + strconv.Itoa(n) // the table page the buttons were on
	}
	return c.Redirect(back+"#item-"+itoa64(ic.Item.ID), fiber.StatusSeeOther)
}

// closeOccurrence assigns or closes one occurrence of a recurring item,
// loaded through the item in the URL.
func (a *App) closeOccurrence(c *fiber.Ctx) error {
	ic, err := a.itemInScope(c, domain.ActWorkItem)
	if err != nil {
		return err
	}
	oid, err := paramID(c, "oid")
	if err != nil {
		return err
	}
	occs, err := a.store.Occurrences(c.UserContext(), ic.Item)
	if err != nil {
		return err
	}
	for _, o := range occs {
		if o.ID != oid {
			continue
		}
		if id, err := strconv.ParseInt(c.FormValue("assignee"), 10, 64); err == nil && (id == 0 || ic.name(id) != "") {
			o.AssigneeID = id
		}
		note := "assigned"
		if impl := domain.StripLine(c.FormValue("implemented")); impl != "" { // a one-line input beside the occurrence
			o.Done, o.Implemented, o.CompletedOn, note = true, impl, domain.Today(a.now(), ic.Inst.Location()), impl
		}
		if err := a.store.UpdateOccurrence(c.UserContext(), ic.Item, o, currentUser(c), note); err != nil {
			return err
		}
		return c.Redirect(itemURL(ic.Item.ID)+"#occurrences", fiber.StatusSeeOther)
	}
	return domain.ErrNotFound
}
