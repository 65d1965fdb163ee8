package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// The region's recommendations (docs/regions.md): recorded by the region,
// answered by the items of each plan, shown as a matrix recommendation ×
// founder with the institutions that answer none listed.

type recsPage struct {
	regionPage
	Matrix   service.RecommendationMatrix
	Rows     []recRow
	Sections []domain.Section
	Form     domain.RecommendationInput
	Errs     formErrs
}

// recRow is one recommendation's line of the matrix.
type recRow struct {
	Rec      domain.Recommendation
	Founders []recFounderCell
	Gaps     []*domain.InstitutionStat // institutions whose plan answers it with no item
	Covered  int
	Complete int
	Total    int
}

// recFounderCell sums one founder's institutions for a recommendation.
type recFounderCell struct {
	Founder                  domain.RegionFounder
	Institutions             int
	Covered, Complete, Total int
}

// Summary lists the form's errors for the summary at the top.
func (p recsPage) Summary() []*fieldErr { return p.Errs.sorted() }

// Checked reports whether criterion s is ticked in the form.
func (p recsPage) Checked(s domain.Section) bool {
	for _, c := range p.Form.Criteria {
		if c == string(s) {
			return true
		}
	}
	return false
}

func (a *App) recsData(c *fiber.Ctx) (recsPage, error) {
	rp, err := a.regionData(c)
	if err != nil {
		return recsPage{}, err
	}
	p := recsPage{regionPage: rp, Sections: domain.Sections[1:], Errs: formErrs{}}
	p.Title, p.Nav = p.T("rec.title"), "region"
	all := rp.founderPage.Rows // every institution shown, unpaged
	if p.Matrix, err = a.svc.RecommendationMatrix(c.UserContext(), caller(c), rp.Dash, rp.Year); err != nil {
		return p, err
	}
	for _, rec := range p.Matrix.Recommendations {
		row := recRow{Rec: rec}
		idx := map[int64]int{}
		for _, f := range rp.Founders {
			idx[f.Founder.ID] = len(row.Founders)
			row.Founders = append(row.Founders, recFounderCell{Founder: f.Founder})
		}
		for _, inst := range all {
			cell := p.Matrix.Cell(rec.ID, inst.Institution.ID)
			fc := &row.Founders[idx[inst.Institution.FounderID]]
			fc.Institutions++
			row.Total++
			if cell.Covered() {
				fc.Covered++
				row.Covered++
			} else {
				row.Gaps = append(row.Gaps, inst)
			}
			if cell.Complete() {
				fc.Complete++
				row.Complete++
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// regionRecommendations renders /region/recommendations.
func (a *App) regionRecommendations(c *fiber.Ctx) error {
	p, err := a.recsData(c)
	if err != nil {
		return err
	}
	return a.render(c, fiber.StatusOK, "region_recommendations", p)
}

// createRecommendation records a recommendation of the chosen node.
func (a *App) createRecommendation(c *fiber.Ctx) error {
	in := domain.RecommendationInput{OverseerID: formID(c, "region_id"), Title: c.FormValue("title"), Text: c.FormValue("text")}
	args := c.Context().PostArgs()
	for _, v := range args.PeekMulti("criteria") {
		in.Criteria = append(in.Criteria, string(v))
	}
	r, err := a.svc.Recommend(c.UserContext(), caller(c), in)
	if err == nil {
		return a.done(c, "/region/recommendations", "rec.flash.created", r.Title)
	}
	if domain.ErrorCode(err) != domain.EInvalid {
		return err // a node outside the caller's subtree is 404 before anything else is read
	}
	p, lerr := a.recsData(c)
	if lerr != nil {
		return lerr
	}
	errs, ok := formErrors(p.Page, err)
	if !ok {
		return err
	}
	p.Errs, p.Form = errs, in
	return a.render(c, fiber.StatusUnprocessableEntity, "region_recommendations", p)
}

// Gap lists at most ten institutions of a recommendation's gaps.
func (r recRow) Gap() []*domain.InstitutionStat {
	if len(r.Gaps) > 10 {
		return r.Gaps[:10]
	}
	return r.Gaps
}

// More is how many gaps Gap leaves out.
func (r recRow) More() int { return len(r.Gaps) - len(r.Gap()) }

// CriteriaText writes the criteria as people do: «I, II».
func (p recsPage) CriteriaText(r domain.Recommendation) string {
	var out []string
	for _, s := range r.Criteria {
		out = append(out, s.Roman())
	}
	return strings.Join(out, ", ")
}

// planRecsPage is a plan's recommendations: which items answer which.
type planRecsPage struct {
	Page
	service.PlanRecommendations
	Fresh bool // nothing marked yet: the proposals are ticked
}

// Ticked reports whether the box of item for rec starts ticked.
func (p planRecsPage) Ticked(item, rec int64) bool {
	if p.Fresh {
		return p.IsProposed(item, rec)
	}
	return p.Answers(item, rec)
}

func (a *App) planRecsData(c *fiber.Ctx) (planRecsPage, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return planRecsPage{}, err
	}
	pr, err := a.svc.PlanRecommendations(c.UserContext(), caller(c), id)
	if err != nil {
		return planRecsPage{}, err
	}
	return planRecsPage{Page: a.page(c, "rec.plan_title"), PlanRecommendations: pr, Fresh: len(pr.Marked) == 0}, nil
}

// planRecommendations renders /plans/:id/recommendations.
func (a *App) planRecommendations(c *fiber.Ctx) error {
	p, err := a.planRecsData(c)
	if err != nil {
		return err
	}
	return a.render(c, fiber.StatusOK, "plan_recommendations", p)
}

// savePlanRecommendations saves the director's marks: boxes named
// "a" with values "item:recommendation".
func (a *App) savePlanRecommendations(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	answers := map[int64][]int64{}
	for _, v := range c.Context().PostArgs().PeekMulti("a") {
		item, rec, ok := strings.Cut(string(v), ":")
		i, e1 := strconv.ParseInt(item, 10, 64)
		r, e2 := strconv.ParseInt(rec, 10, 64)
		if ok && e1 == nil && e2 == nil {
			answers[i] = append(answers[i], r)
		}
	}
	if err := a.svc.SavePlanAnswers(c.UserContext(), caller(c), id, answers); err != nil {
		return err
	}
	return a.done(c, "/plans/"+itoa64(id)+"/recommendations", "rec.flash.saved")
}

// missingAnswers are the warnings of a plan's send confirmation: each
// recommendation that concerns the plan and that no item answers.
func (a *App) missingAnswers(c *fiber.Ctx, p Page, planID int64) ([]string, error) {
	pr, err := a.svc.PlanRecommendations(c.UserContext(), caller(c), planID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range pr.Missing() {
		out = append(out, p.T("rec.missing", r.Title))
	}
	return out, nil
}
