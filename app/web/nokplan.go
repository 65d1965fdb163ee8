package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// The НОК on the director's side (docs/score.md): the plan's section «Оценка
// качества (НОК)», a plan drafted from the assessment, and the condition a
// checklist point provides on the item form.

// points prints a score difference as people write it: «+2,00».
func points(v float64) string {
	switch r := domain.RoundScore(v); {
	case r > 0:
		return "+" + domain.FormatScore(v)
	case r < 0:
		return "−" + domain.FormatScore(-v)
	}
	return domain.FormatScore(0)
}

type nokScoreRow struct {
	Code, Title               string
	Assessed, Today, Forecast string
	Partial                   bool
	TodayGain, ForecastGain   string // against the assessment, «+2,00»; "" for none
}

type nokItemPoints struct {
	ID, Measure, Status, Points string
	Conditions                  []string
}

// planNok is the section «Оценка качества (НОК)» of a plan page.
type planNok struct {
	Missing       bool
	EnterURL      string // the founder's link to enter the assessment
	Year          int
	Operator      string
	AssessmentURL string
	Rows          []nokScoreRow
	Total         nokScoreRow
	Open          []nokItemPoints // open items that add points, in plan order
}

// planNok measures the plan against its assessment (service.PlanScore).
func (a *App) planNok(c *fiber.Ctx, plan domain.Plan, inst domain.Institution, p Page) (*planNok, error) {
	ps, err := a.svc.PlanScore(c.UserContext(), caller(c), plan.ID)
	if err != nil {
		return nil, err
	}
	if ps.Assessment == nil {
		n := &planNok{Missing: true}
		if ps.CanAssess {
			n.EnterURL = assessmentURL(inst.ID, plan.Year-1)
		}
		return n, nil
	}
	as, pr := ps.Assessment, ps.Projection
	n := &planNok{Year: as.Year, Operator: as.Operator, AssessmentURL: assessmentURL(inst.ID, as.Year)}
	cell := func(s domain.Score, code string) (string, float64, bool, bool) {
		if code == "" {
			return domain.FormatScore(s.Total), s.Total, s.Known, !s.Complete
		}
		cs := s.Criterion(code)
		return domain.FormatScore(cs.Value), cs.Value, cs.Known, !cs.Complete
	}
	row := func(code, title string) nokScoreRow {
		r := nokScoreRow{Code: code, Title: title}
		var base, today, fc float64
		var known bool
		if r.Assessed, base, known, r.Partial = cell(pr.Assessed, code); !known {
			return nokScoreRow{Code: code, Title: title, Assessed: "—", Today: "—", Forecast: "—"}
		}
		r.Today, today, _, _ = cell(pr.Today, code)
		r.Forecast, fc, _, _ = cell(pr.Forecast, code)
		if domain.RoundScore(today-base) != 0 {
			r.TodayGain = points(today - base)
		}
		if domain.RoundScore(fc-base) != 0 {
			r.ForecastGain = points(fc - base)
		}
		return r
	}
	for _, cr := range domain.NokCriteria() {
		n.Rows = append(n.Rows, row(cr.Code, cr.Code+". "+p.T("nok.criterion."+cr.Code)))
	}
	n.Total = row("", p.T("nokweb.plan.total"))
	for _, it := range ps.Items {
		w, open := pr.ItemPoints[it.ID]
		if !open || domain.RoundScore(w) <= 0 {
			continue
		}
		var conds []string
		for _, k := range domain.ItemConditions(it) {
			conds = append(conds, p.T("nok.condition."+k))
		}
		n.Open = append(n.Open, nokItemPoints{ID: itoa64(it.ID), Measure: it.Measure, Status: p.T("item.status." + string(it.Status)),
			Conditions: conds, Points: points(w)})
	}
	return n, nil
}

// --- /plans/new/proposal: a plan drafted from the assessment ---

type proposalPoint struct{ Text, Condition string }

type proposalItem struct {
	Pos                                  int
	ID                                   string
	Checked                              bool
	Section                              string
	Indicator                            string
	Urgent                               bool
	Deficiency, Measure, Deadline, Worth string
	Points                               []proposalPoint
}

type nokProposalPage struct {
	Page
	Institutions  []domain.Institution
	Form          map[string]string
	Errors        domain.FieldErrors
	Summary       []fieldLink
	Proposal      *service.Proposal
	Items         []proposalItem
	Score         string
	Partial       bool
	AssessmentURL string
	Missing       string // why there is nothing to propose
}

// Err returns the error key of a field ("" for none).
func (p nokProposalPage) Err(name string) string { return p.Errors[name] }

// showProposal renders the proposal for ?institution=&year= (the
// director's): every proposed item ticked, to untick before creating.
func (a *App) showProposal(c *fiber.Ctx) error {
	form := map[string]string{"institution": c.Query("institution"), "year": c.Query("year")}
	if form["year"] == "" {
		form["year"] = strconv.Itoa(a.now().Year() + 1)
	}
	return a.renderProposal(c, fiber.StatusOK, form, nil, nil)
}

func (a *App) renderProposal(c *fiber.Ctx, status int, form map[string]string, keep map[int]bool, fe domain.FieldErrors) error {
	insts, err := a.editableInstitutions(c)
	if err != nil {
		return err
	}
	p := nokProposalPage{Page: a.page(c, "nokweb.proposal.title"), Institutions: insts, Form: form, Errors: fe}
	id, _ := strconv.ParseInt(form["institution"], 10, 64)
	if id == 0 && len(insts) == 1 {
		id = insts[0].ID
		form["institution"] = itoa64(id)
	}
	if id == 0 {
		if len(insts) == 0 {
			return service.ErrForbidden
		}
		p.Summary = errorLinks(p.Page, fe, []string{"institution", "year", "title", "keep"}, nil)
		return a.render(c, status, "nok_proposal", p)
	}
	year, _ := strconv.Atoi(form["year"])
	pr, err := a.svc.ProposePlan(c.UserContext(), caller(c), id, year)
	if pfe := fieldErrors(err); pfe != nil {
		if fe == nil {
			fe = domain.FieldErrors{}
		}
		for k, v := range pfe {
			fe.Add(k, v)
		}
		p.Errors = fe
		p.Missing = p.T(pfe["assessment"])
		if pfe["assessment"] == "" {
			p.Missing = ""
		}
	} else if err != nil {
		return err
	}
	p.Proposal = pr
	if form["title"] == "" && year >= 2000 {
		form["title"] = strings.TrimSpace(p.T("planform.default_title", year))
	}
	if pr != nil && pr.Assessment.ID != 0 {
		sc := domain.Calculate(pr.Assessment)
		if sc.Known {
			p.Score, p.Partial = domain.FormatScore(sc.Total), !sc.Complete
		}
		p.AssessmentURL = assessmentURL(pr.Institution.ID, pr.Assessment.Year)
		for _, it := range pr.Items {
			pi := proposalItem{Pos: it.Position, ID: "keep-" + strconv.Itoa(it.Position), Checked: keep == nil || keep[it.Position],
				Section: p.SectionTitle(it.Section), Indicator: it.Indicator, Urgent: it.Priority == 1,
				Deficiency: it.Deficiency, Measure: it.Measure, Deadline: p.Deadline(it.Deadline),
				Worth: points(domain.Worth(pr.Assessment, nil, domain.ItemConditions(it)))}
			for _, pt := range it.Checklist {
				pp := proposalPoint{Text: pt.Text}
				if pt.ConditionKey != "" {
					pp.Condition = pt.ConditionKey
				}
				pi.Points = append(pi.Points, pp)
			}
			p.Items = append(p.Items, pi)
		}
	}
	p.Summary = errorLinks(p.Page, p.Errors, []string{"institution", "year", "title", "keep"}, func(f string) string {
		if f == "keep" && len(p.Items) > 0 {
			return p.Items[0].ID
		}
		if f == "assessment" {
			return "prop-institution"
		}
		if f == "institution" || f == "year" {
			return "prop-" + f
		}
		return f
	})
	return a.render(c, status, "nok_proposal", p)
}

// createFromProposal creates the plan with the ticked items.
func (a *App) createFromProposal(c *fiber.Ctx) error {
	form := map[string]string{"institution": formText(c, "institution"), "year": formText(c, "year"), "title": formText(c, "title")}
	in := service.ProposalInput{Title: form["title"]}
	in.InstitutionID, _ = strconv.ParseInt(form["institution"], 10, 64)
	in.Year, _ = strconv.Atoi(form["year"])
	keep := map[int]bool{}
	for _, v := range c.Request().PostArgs().PeekMulti("keep") {
		if n, err := strconv.Atoi(string(v)); err == nil {
			in.Keep, keep[n] = append(in.Keep, n), true
		}
	}
	if in.InstitutionID == 0 {
		insts, err := a.editableInstitutions(c)
		if err != nil {
			return err
		}
		if len(insts) == 0 {
			return service.ErrForbidden
		}
		return a.renderProposal(c, fiber.StatusUnprocessableEntity, form, keep, domain.FieldErrors{"institution": "planform.institution_required"})
	}
	plan, err := a.svc.CreatePlanFromProposal(c.UserContext(), caller(c), in)
	if fe := fieldErrors(err); fe != nil {
		return a.renderProposal(c, fiber.StatusUnprocessableEntity, form, keep, fe)
	}
	if err != nil {
		return err
	}
	return a.done(c, "/plans/"+itoa64(plan.ID), "nokweb.proposal.created", len(in.Keep))
}

// --- the item form: which condition a checklist point provides ---

type nokOption struct {
	Value, Label string
	Selected     bool
}

type nokOptGroup struct {
	Label   string
	Options []nokOption
}

type nokPointField struct {
	ID, Text string
	Groups   []nokOptGroup
}

// readPointConditions reads the item form's НОК fields: each listed
// point's condition (pairs of cond_text and cond), and a condition to add.
// Without the pairs the points keep their conditions by text.
func readPointConditions(c *fiber.Ctx, form map[string]string, in *domain.ItemInput) {
	args := c.Request().PostArgs()
	texts, keys := args.PeekMulti("cond_text"), args.PeekMulti("cond")
	if len(texts) > 0 && len(texts) == len(keys) {
		in.PointConditions = map[string]string{}
		for i := range texts {
			in.PointConditions[strings.TrimSpace(string(texts[i]))] = strings.TrimSpace(string(keys[i]))
		}
	}
	in.AddCondition = formText(c, "add_condition")
	form["add_condition"] = in.AddCondition
}

// conditionGroups are the conditions by indicator as select options, key selected.
func conditionGroups(p Page, selected string) []nokOptGroup {
	var out []nokOptGroup
	for _, in := range domain.NokIndicators() {
		conds := domain.Conditions(in.Code)
		if len(conds) == 0 {
			continue
		}
		g := nokOptGroup{Label: in.Code + ". " + p.T("nokweb.item.group."+in.Code)}
		for _, cd := range conds {
			g.Options = append(g.Options, nokOption{Value: cd.Key, Label: in.Code + " — " + p.T("nok.condition."+cd.Key), Selected: cd.Key == selected})
		}
		out = append(out, g)
	}
	return out
}

// NokPoints lists the form's checklist points with the condition each
// provides: as the form sent them, else as the item has them.
func (p itemFormPage) NokPoints() []nokPointField {
	kept := map[string]string{}
	for _, pt := range p.Item.Checklist {
		kept[pt.Text] = pt.ConditionKey
	}
	if p.PointConds != nil {
		kept = p.PointConds
	}
	var out []nokPointField
	seen := map[string]bool{}
	for _, l := range strings.Split(p.Form["checklist"], "\n") {
		l = strings.TrimSpace(strings.TrimLeft(l, "-•*☐☑ "))
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, nokPointField{ID: "cond-" + strconv.Itoa(len(out)+1), Text: l, Groups: conditionGroups(p.Page, kept[l])})
	}
	return out
}

// NokAddGroups are the options of «add a point for a condition».
func (p itemFormPage) NokAddGroups() []nokOptGroup {
	return conditionGroups(p.Page, p.Form["add_condition"])
}
