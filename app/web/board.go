package web

import (
	"html/template"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/i18n"
	"planboard/app/service"
	"planboard/domain"
)

type boardColumn struct {
	Status domain.ItemStatus
	Title  string // the status in the page's language
	Cards  []boardCard
	HTML   []template.HTML // the cards printed (renderCards)
}

// boardCard is a card ready to print: every text is computed here, so the
// template only copies fields (template method calls per card cost more
// than everything else on the page).
type boardCard struct {
	ID, Version string
	Class       string // " is-overdue", " is-soon" or ""
	Measure     string
	Section     string
	Assignee    string // "—" for none
	Deadline    string
	Overdue     bool
	DueSoon     bool
	PlanYear    int
	Moves       []boardMove // plain-form moves needing no text
}

// A move with a Link is a link, not a button: «Принять» leads to the
// item's report (docs/ux.md §7), the director accepts there, not blind.
type boardMove struct{ Name, Label, Link string }

// boardLabels are the texts every card repeats, looked up once per page.
type boardLabels struct {
	Section, Assignee, Deadline, Plan, Overdue, DueSoon string
}
type boardPage struct {
	Page
	Plan        domain.Plan
	Institution domain.Institution
	Members     []domain.Member
	Columns     []boardColumn
	Filter      domain.BoardFilter
	Mine        bool
	CanMove     bool // some card offers the viewer a move (the drag hint)
	Sections    []domain.Section
	L           boardLabels
}

// showBoard renders a plan's board: status columns with filters. Cards come
// from one query; the page runs a constant number of queries, and while
// nothing in the institution changed it is served as kept (viewcache.go)
// after one read of the change counter.
func (a *App) showBoard(c *fiber.Ctx) error {
	st, err := a.planStamp(c, domain.ActView)
	if err != nil {
		return err
	}
	return a.keptPage(c, "board.title", "board", a.dayStamp(st), func(pg Page) (any, error) {
		plan, inst, err := a.planInScope(c, domain.ActView)
		if err != nil {
			return nil, err
		}
		members, err := a.store.InstitutionMembers(c.UserContext(), inst.ID)
		if err != nil {
			return nil, err
		}
		today := domain.Today(a.now(), inst.Location())
		f := domain.BoardFilter{PlanID: plan.ID, Today: today, Section: domain.Section(c.Query("section")),
			Overdue: c.Query("overdue") == "1", DueWeek: c.Query("week") == "1"}
		if !f.Section.Valid() {
			f.Section = ""
		}
		f.AssigneeID, _ = strconv.ParseInt(c.Query("assignee"), 10, 64)
		p := boardPage{Page: pg, Plan: plan, Institution: inst, Members: members, Filter: f, Sections: domain.Sections}
		p.Title = plan.Title
		return p, a.fillBoard(c, &p, f, func(domain.Card) domain.Institution { return inst })
	})
}

// myTasks shows the current user's open items across all plans (kept while
// nothing in the user's institutions changed, for a quarter of an hour at
// most: the urgency order counts days).
func (a *App) myTasks(c *fiber.Ctx) error {
	stamp, err := a.scopeStamp(c, actor(c).Scope())
	if err != nil {
		return err
	}
	return a.keptPage(c, "board.my", "board", stamp, func(pg Page) (any, error) {
		insts, err := a.store.Institutions(c.UserContext(), actor(c).Scope())
		if err != nil {
			return nil, err
		}
		byID := map[int64]domain.Institution{}
		for _, in := range insts {
			byID[in.ID] = in
		}
		f := domain.BoardFilter{Mine: actor(c).UserID, OpenOnly: true}
		p := boardPage{Page: pg, Mine: true, Filter: f}
		p.Nav = "my"
		return p, a.fillBoard(c, &p, f, func(cd domain.Card) domain.Institution { return byID[cd.Item.InstitutionID] })
	})
}

// fillBoard reads the cards of f into the board and prints them.
func (a *App) fillBoard(c *fiber.Ctx, p *boardPage, f domain.BoardFilter, instOf func(domain.Card) domain.Institution) error {
	cards, err := a.store.BoardCards(c.UserContext(), actor(c).Scope(), f)
	if err != nil {
		return err
	}
	if p.Mine {
		sortByUrgency(cards, a.now(), instOf) // ux_board.go
	}
	buildBoard(p, cards, actor(c), a.now(), f.OpenOnly, instOf)
	p.CanMove = anyMoves(p.Columns)
	return a.renderCards(p)
}

// boardMoves are the moves a card offers as plain buttons.
var boardMoves = []domain.Transition{domain.TrStart, domain.TrUnstart, domain.TrAccept}

// buildBoard sorts cards into the status columns with their texts in the
// page's language ("my tasks", openOnly, leaves out the done column).
func buildBoard(p *boardPage, cards []domain.Card, who domain.Actor, now time.Time, openOnly bool, instOf func(domain.Card) domain.Institution) {
	p.L = boardLabels{Section: p.T("board.section"), Assignee: p.T("board.assignee"), Deadline: p.T("board.deadline"),
		Plan: p.T("board.plan"), Overdue: p.T("item.overdue"), DueSoon: p.T("item.due_soon")}
	col := map[domain.ItemStatus]int{}
	for _, s := range domain.BoardColumns {
		if !(openOnly && s == domain.StatusDone) { // "my tasks" lists open work only
			col[s] = len(p.Columns)
			p.Columns = append(p.Columns, boardColumn{Status: s, Title: p.T("item.status." + string(s))})
		}
	}
	moveLabel := map[domain.Transition]string{}
	for _, t := range boardMoves {
		moveLabel[t] = p.T("tr." + string(t))
	}
	moveLabel[domain.TrAccept] = p.T("board.review_report")
	sections := map[domain.Section]string{}
	var today domain.Date
	var zone string
	for _, cd := range cards {
		i, ok := col[cd.Item.Status]
		if !ok {
			continue
		}
		inst := instOf(cd)
		if inst.TimeZone != zone || today.IsZero() {
			today, zone = domain.Today(now, inst.Location()), inst.TimeZone
		}
		it := &cd.Item
		sec, ok := sections[it.Section]
		if !ok {
			sec = p.SectionTitle(it.Section)
			sections[it.Section] = sec
		}
		bc := boardCard{ID: itoa64(it.ID), Version: itoa(it.Version), Measure: it.Measure, Section: sec, Assignee: cd.AssigneeName,
			Deadline: p.Deadline(it.Deadline), Overdue: domain.IsOverdue(it, today), DueSoon: domain.IsDueSoon(it, today, 7), PlanYear: cd.PlanYear}
		if bc.Assignee == "" {
			bc.Assignee = p.Unlinked(it.ResponsibleText())
		}
		if bc.Overdue {
			bc.Class = " is-overdue"
		} else if bc.DueSoon {
			bc.Class = " is-soon"
		}
		r := domain.Resource{InstitutionID: inst.ID, FounderID: inst.FounderID, AssigneeIDs: it.Assignees()}
		for _, t := range boardMoves {
			if _, err := t.Apply(it.Status); err == nil && domain.Can(who, service.TransitionAction(t), r) {
				m := boardMove{Name: string(t), Label: moveLabel[t]}
				if t == domain.TrAccept {
					m.Link = itemURL(it.ID) + "#report"
				}
				bc.Moves = append(bc.Moves, m)
			}
		}
		p.Columns[i].Cards = append(p.Columns[i].Cards, bc)
	}
}

// bulkAssign sets the responsible person and/or the deadline of the
// selected items of a plan at once: one transaction, history per item. A
// form with errors re-renders the plan with the selection and values kept.
func (a *App) bulkAssign(c *fiber.Ctx) error {
	planID, err := paramID(c, "id")
	if err != nil {
		return err
	}
	form := map[string]string{"assignee": formText(c, "assignee"), "deadline": formText(c, "deadline"), "reason": formText(c, "reason")}
	in := service.BulkAssign{PlanID: planID, Assignee: form["assignee"], Deadline: form["deadline"], Reason: form["reason"]}
	selected := map[int64]bool{}
	for _, v := range c.Request().PostArgs().PeekMulti("ids") {
		if id, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			in.ItemIDs, selected[id] = append(in.ItemIDs, id), true
		}
	}
	n, err := a.svc.BulkAssign(c.UserContext(), caller(c), in)
	if fe := fieldErrors(err); fe != nil {
		plan, inst, err := a.planInScope(c, domain.ActEditPlan)
		if err != nil {
			return err
		}
		p, err := a.planView(c, plan, inst, selected)
		if err != nil {
			return err
		}
		p.Errors, p.Form = fe, form
		p.Summary = errorLinks(p.Page, fe, []string{"ids", "assignee", "deadline", "reason"}, func(f string) string {
			if f == "ids" {
				return "bulk-bar"
			}
			return "bulk-" + f
		})
		return a.render(c, fiber.StatusUnprocessableEntity, "plan", p)
	}
	if err != nil {
		return err
	}
	back := "/plans/" + itoa64(planID)
	if n, err := strconv.Atoi(c.Query("page")); err == nil && n > 1 { // back to the page the selection was made on
		back += "?page=" + strconv.Itoa(n)
	}
	return a.done(c, back, "bulk.done", strconv.Itoa(n))
}

// setLang stores the user's UI language and goes back.
func (a *App) setLang(c *fiber.Ctx) error {
	lang := c.FormValue("lang")
	if i18n.Pick(lang) != lang {
		return domain.FieldError("lang", "error.invalid_value")
	}
	if err := a.store.SetUserLocale(c.UserContext(), actor(c).UserID, lang); err != nil {
		return err
	}
	a.flashIn(c, lang, "flash.lang_saved") // in the language just chosen
	return c.Redirect(safeNext(c.FormValue("back")), fiber.StatusSeeOther)
}
