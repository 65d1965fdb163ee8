package web

import (
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/nokimport"
	"planboard/app/service"
	"planboard/domain"
)

// The founder's НОК pages (docs/score.md): the operator's table imported through
// a preview, one institution's assessment entered by hand, thresholds and
// the institutions' ИНН.

// fieldLink is one error of a form, listed at the top with a link to its field.
type fieldLink struct{ ID, Text string }

// errorLinks lists a form's errors in the order of fields (the order the
// form shows them), each linking to its input.
func errorLinks(p Page, fe domain.FieldErrors, order []string, anchor func(string) string) []fieldLink {
	rank := map[string]int{}
	for i, f := range order {
		rank[f] = i + 1
	}
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank[keys[i]], rank[keys[j]]
		if ri == 0 {
			ri = len(order) + 1
		}
		if rj == 0 {
			rj = len(order) + 1
		}
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	out := make([]fieldLink, len(keys))
	for i, k := range keys {
		id := k
		if anchor != nil {
			id = anchor(k)
		}
		out[i] = fieldLink{ID: id, Text: p.TE(fe[k])}
	}
	return out
}

// --- /founder/assessments: the list, the upload and its preview ---

type nokListRow struct {
	Inst     domain.Institution
	Year     int
	Score    string // «83,76», "" when none
	Partial  bool   // incomplete data
	EntryURL string // the assessment page of the latest year (or of this year)
}

type nokListPage struct {
	Page
	Year     int
	Form     map[string]string
	Errors   domain.FieldErrors
	Summary  []fieldLink
	Rows     []nokListRow
	Founders []domain.Founder
	MaxMB    int
}

// Err returns the error key of a field ("" for none).
func (p nokListPage) Err(name string) string { return p.Errors[name] }

var importFields = []string{"year", "operator", "decision_date", "decision_number", "file"}

// showAssessments renders /founder/assessments: the upload form, every
// institution of the caller with its latest assessment, the thresholds.
func (a *App) showAssessments(c *fiber.Ctx) error {
	form := map[string]string{"year": strconv.Itoa(a.now().Year())}
	if y, err := strconv.Atoi(c.Query("year")); err == nil && y >= 2000 && y <= 2100 {
		form["year"] = strconv.Itoa(y)
	}
	p, err := a.assessmentsPage(c, form, nil)
	if err != nil {
		return err
	}
	return a.render(c, fiber.StatusOK, "nok_assessments", p)
}

func (a *App) assessmentsPage(c *fiber.Ctx, form map[string]string, fe domain.FieldErrors) (nokListPage, error) {
	ctx := c.UserContext()
	insts, err := a.svc.Assessable(ctx, caller(c))
	if err != nil {
		return nokListPage{}, err
	}
	p := nokListPage{Page: a.page(c, "nokweb.title"), Form: form, Errors: fe, MaxMB: int(nokimport.DefaultLimits().MaxBytes >> 20)}
	p.Nav = "founder"
	p.Year, _ = strconv.Atoi(form["year"])
	p.Summary = errorLinks(p.Page, fe, importFields, nil)
	if p.Founders, err = a.svc.AssessableFounders(ctx, caller(c)); err != nil {
		return p, err
	}
	list, err := a.store.ScopeAssessments(ctx, actor(c).Scope(), 2100)
	if err != nil {
		return p, err
	}
	latest := map[int64]domain.Assessment{}
	for _, as := range list { // newest year first
		if _, seen := latest[as.InstitutionID]; !seen {
			latest[as.InstitutionID] = as
		}
	}
	for _, in := range insts {
		r := nokListRow{Inst: in, EntryURL: assessmentURL(in.ID, a.now().Year())}
		if as, ok := latest[in.ID]; ok {
			sc := domain.Calculate(as)
			r.Year, r.EntryURL, r.Partial = as.Year, assessmentURL(in.ID, as.Year), !sc.Complete
			if sc.Known {
				r.Score = domain.FormatScore(sc.Total)
			}
		}
		p.Rows = append(p.Rows, r)
	}
	return p, nil
}

func assessmentURL(instID int64, year int) string {
	return "/institutions/" + itoa64(instID) + "/assessments/" + strconv.Itoa(year)
}

// previewRow is one row of the import preview, ready to print.
type previewRow struct {
	Line     int
	Key      string // as the file names the institution
	Matched  string // the institution found, "" when none
	Total    string // the file's total, else what its figures give
	Values   int    // indicators with a value
	Problems []string
}

type nokPreviewPage struct {
	Page
	Preview  *service.AssessmentPreview
	Columns  []string
	Rows     []previewRow
	Problems int
	Summary  []fieldLink
	Decision string
}

// previewImport reads the upload and shows the preview: 200 when clean
// (with the button that saves), 422 with every row's problems otherwise.
func (a *App) previewImport(c *fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range []string{"year", "operator", "decision_date", "decision_number"} {
		form[k] = formText(c, k)
	}
	in := service.ResultsForm{Year: form["year"], Operator: form["operator"], DecisionDate: form["decision_date"], DecisionNumber: form["decision_number"]}
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		if fh.Size > nokimport.DefaultLimits().MaxBytes {
			return a.renderAssessments(c, form, domain.FieldErrors{"file": "nokimport.too_large"})
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		in.Data, err = io.ReadAll(io.LimitReader(f, nokimport.DefaultLimits().MaxBytes+1))
		f.Close()
		if err != nil {
			return err
		}
		in.Filename = fh.Filename
	}
	pv, err := a.svc.PreviewAssessments(c.UserContext(), caller(c), in)
	if fe := fieldErrors(err); fe != nil {
		return a.renderAssessments(c, form, fe)
	}
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if !pv.Clean {
		status = fiber.StatusUnprocessableEntity
	}
	return a.render(c, status, "nok_preview", a.previewPage(c, pv))
}

func (a *App) renderAssessments(c *fiber.Ctx, form map[string]string, fe domain.FieldErrors) error {
	p, err := a.assessmentsPage(c, form, fe)
	if err != nil {
		return err
	}
	return a.render(c, fiber.StatusUnprocessableEntity, "nok_assessments", p)
}

func (a *App) previewPage(c *fiber.Ctx, pv *service.AssessmentPreview) nokPreviewPage {
	p := nokPreviewPage{Page: a.page(c, "nokweb.preview.title"), Preview: pv}
	p.Nav = "founder"
	for _, col := range pv.Table.Columns {
		p.Columns = append(p.Columns, col.Header)
	}
	up := pv.Upload
	if !up.DecisionDate.IsZero() || up.DecisionNumber != "" {
		p.Decision = strings.TrimSpace(p.T("nokweb.decision", p.Date(up.DecisionDate), up.DecisionNumber))
	}
	for _, r := range pv.Table.Rows {
		pr := previewRow{Line: r.Line, Key: r.Key(), Matched: pv.Names[r.InstitutionID], Values: len(r.Values)}
		if r.Name != "" && r.Name != pr.Key {
			pr.Key += " (" + r.Name + ")"
		}
		if r.Total != nil {
			pr.Total = domain.FormatScore(*r.Total)
		} else if sc := domain.Calculate(r.Assessment(up.Year)); sc.Known {
			pr.Total = domain.FormatScore(sc.Total)
		}
		for _, pb := range r.Problems {
			msg := p.T(pb.Message)
			if strings.Contains(msg, "%s") {
				msg = p.T(pb.Message, pb.Detail)
			}
			if pb.Field != "" {
				msg = p.T("nokweb.preview.column", columnHeader(pv.Table, pb.Field)) + " " + msg
			}
			pr.Problems = append(pr.Problems, msg)
		}
		p.Problems += len(r.Problems)
		p.Rows = append(p.Rows, pr)
	}
	for _, r := range p.Rows {
		if len(r.Problems) > 0 {
			p.Summary = append(p.Summary, fieldLink{ID: "line-" + strconv.Itoa(r.Line), Text: p.T("nokweb.preview.line", r.Line) + " " + r.Problems[0]})
		}
	}
	return p
}

// columnHeader is a field's column as the file prints it.
func columnHeader(t *nokimport.Table, field string) string {
	for _, c := range t.Columns {
		if c.Field == field {
			return c.Header
		}
	}
	return field
}

// confirmImport saves a held, clean table; a table that no longer matches
// comes back as its preview (422), nothing saved.
func (a *App) confirmImport(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	pv, created, updated, err := a.svc.ConfirmAssessments(c.UserContext(), caller(c), id)
	if err == service.ErrImportNotClean {
		return a.render(c, fiber.StatusUnprocessableEntity, "nok_preview", a.previewPage(c, pv))
	}
	if err != nil {
		return err
	}
	return a.done(c, "/founder/assessments", "nokweb.imported", strconv.Itoa(created), strconv.Itoa(updated))
}

// --- /institutions/:id/assessments/:year: one assessment by hand ---

type nokCondBox struct {
	ID, Name, Value, Label string
	Checked                bool
}

type nokSurveyPart struct {
	Label, Field, RID, SID, R, S, Error string
}

type nokEntryIndicator struct {
	Code, Title, Kind string
	ValueID, Value    string
	Error             string
	Computed          string // the value the saved assessment gives, «83,76»
	FromInputs        bool
	Conds             []nokCondBox
	CondsLegend       string
	KnownID           string
	Known             bool
	CondError         string
	Parts             []nokSurveyPart
	Info              bool
	InfoFields        []nokThresholdField // 1.1: found and required, on the stands and the site
}

type nokEntryCriterion struct {
	Code, Title string
	ValueID     string // the published criterion's field
	Value       string
	Error       string
	Score       string // the criterion as computed from the saved assessment
	Partial     bool
	Indicators  []nokEntryIndicator
}

type nokEntryPage struct {
	Page
	*service.AssessmentPage
	Year       int
	Form       map[string]string
	Errors     domain.FieldErrors
	Summary    []fieldLink
	Criteria   []nokEntryCriterion
	Total      string // the saved assessment's total, «83,76»
	Partial    bool
	ProposeURL string
	YearLinks  []nokYearLink
	INNError   string
}

type nokYearLink struct {
	Year    int
	URL     string
	Current bool
}

// Err returns the error key of a field ("" for none).
func (p nokEntryPage) Err(name string) string { return p.Errors[name] }

// entryAnchor is the input an error of the assessment links to.
func entryAnchor(field string) string {
	switch {
	case strings.HasPrefix(field, "survey."):
		return field + ".respondents"
	case strings.HasPrefix(field, "conditions."):
		return "known." + strings.TrimPrefix(field, "conditions.")
	}
	return field
}

// entryOrder is the order of the form's fields, for the error summary.
func entryOrder() []string {
	out := []string{"operator", "decision_date", "decision_number", "proposals"}
	for _, cr := range domain.NokCriteria() {
		for _, code := range cr.Indicators {
			out = append(out, "value."+code, "conditions."+code)
			if code == "1.1" {
				out = append(out, "info.stand_found", "info.stand_norm", "info.site_found", "info.site_norm")
			}
			in, _ := domain.LookupIndicator(code)
			for _, part := range in.Parts {
				out = append(out, "survey."+part)
			}
		}
		out = append(out, "criterion."+cr.Code)
	}
	return append(out, "total")
}

// assessmentForm turns a saved assessment into the form's values.
func assessmentForm(as domain.Assessment) (map[string]string, map[string][]string) {
	f := map[string]string{"operator": as.Operator, "decision_date": as.DecisionDate.String(), "decision_number": as.DecisionNumber,
		"proposals": as.Proposals, "version": strconv.Itoa(as.Version)}
	num := func(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1) }
	for code, v := range as.Values {
		f["value."+code] = num(v)
	}
	for code, v := range as.Criteria {
		f["criterion."+code] = num(v)
	}
	if as.Total != nil {
		f["total"] = num(*as.Total)
	}
	if in := as.Info; in != nil {
		f["info.stand_found"], f["info.stand_norm"] = strconv.Itoa(in.StandFound), strconv.Itoa(in.StandNorm)
		f["info.site_found"], f["info.site_norm"] = strconv.Itoa(in.SiteFound), strconv.Itoa(in.SiteNorm)
	}
	for part, s := range as.Surveys {
		f["survey."+part+".respondents"], f["survey."+part+".satisfied"] = strconv.Itoa(s.Respondents), strconv.Itoa(s.Satisfied)
	}
	conds := map[string][]string{}
	for code, keys := range as.Conditions {
		f["known."+code] = "on"
		conds[code] = keys
	}
	return f, conds
}

// showAssessment renders an institution's assessment of a year: the form
// for the founder, the figures for the institution's people.
func (a *App) showAssessment(c *fiber.Ctx) error {
	ap, year, err := a.loadAssessment(c)
	if err != nil {
		return err
	}
	form, conds := assessmentForm(ap.Assessment)
	p := a.entryPage(c, ap, year, form, conds, nil)
	return a.render(c, fiber.StatusOK, "nok_assessment", p)
}

func (a *App) loadAssessment(c *fiber.Ctx) (*service.AssessmentPage, int, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, 0, err
	}
	year, err := strconv.Atoi(c.Params("year"))
	if err != nil {
		return nil, 0, domain.ErrNotFound
	}
	ap, err := a.svc.Assessment(c.UserContext(), caller(c), id, year)
	return ap, year, err
}

// saveAssessment saves the hand-entry form; errors re-render it with the
// values as typed and the errors at the top, linked to their fields.
func (a *App) saveAssessment(c *fiber.Ctx) error {
	ap, year, err := a.loadAssessment(c)
	if err != nil {
		return err
	}
	f := service.AssessmentForm{InstitutionID: ap.Institution.ID, Year: year, Version: formVersion(c),
		Values: map[string]string{}, ConditionsKnown: map[string]bool{}, Conditions: map[string][]string{}, Surveys: map[string][2]string{}}
	form := map[string]string{"version": formText(c, "version")}
	for _, k := range []string{"operator", "decision_date", "decision_number", "proposals", "total"} {
		form[k] = formText(c, k)
	}
	f.Operator, f.DecisionDate, f.DecisionNumber, f.Proposals, f.Total = form["operator"], form["decision_date"], form["decision_number"], form["proposals"], form["total"]
	for i, k := range []string{"info.stand_found", "info.stand_norm", "info.site_found", "info.site_norm"} {
		form[k] = formText(c, k)
		f.Info[i] = form[k]
	}
	conds := map[string][]string{}
	for _, in := range domain.NokIndicators() {
		k := "value." + in.Code
		form[k] = formText(c, k)
		f.Values[in.Code] = form[k]
		if in.Kind == domain.IndicatorConditions {
			for _, v := range c.Request().PostArgs().PeekMulti("cond." + in.Code) {
				conds[in.Code] = append(conds[in.Code], string(v))
			}
			f.Conditions[in.Code] = conds[in.Code]
			if formText(c, "known."+in.Code) != "" {
				form["known."+in.Code], f.ConditionsKnown[in.Code] = "on", true
			}
		}
		for _, part := range in.Parts {
			r, s := "survey."+part+".respondents", "survey."+part+".satisfied"
			form[r], form[s] = formText(c, r), formText(c, s)
			f.Surveys[part] = [2]string{form[r], form[s]}
		}
	}
	for _, cr := range domain.NokCriteria() {
		k := "criterion." + cr.Code
		form[k] = formText(c, k)
		f.Values[cr.Code] = form[k]
	}
	_, err = a.svc.SaveAssessment(c.UserContext(), caller(c), f)
	if err == domain.ErrStale {
		p := a.entryPage(c, ap, year, form, conds, domain.FieldErrors{"version": "nokweb.entry.stale"})
		form["version"] = strconv.Itoa(ap.Assessment.Version)
		return a.render(c, fiber.StatusConflict, "nok_assessment", p)
	}
	if fe := fieldErrors(err); fe != nil {
		return a.render(c, fiber.StatusUnprocessableEntity, "nok_assessment", a.entryPage(c, ap, year, form, conds, fe))
	}
	if err != nil {
		return err
	}
	return a.done(c, assessmentURL(ap.Institution.ID, year), "nokweb.entry.saved")
}

func (a *App) entryPage(c *fiber.Ctx, ap *service.AssessmentPage, year int, form map[string]string, conds map[string][]string, fe domain.FieldErrors) nokEntryPage {
	p := nokEntryPage{Page: a.page(c, "nokweb.entry.title"), AssessmentPage: ap, Year: year, Form: form, Errors: fe}
	p.Title = p.T("nokweb.entry.heading", ap.Institution.Name, year)
	if isFounder(actor(c)) || p.User.IsAdmin {
		p.Nav = "founder"
	}
	p.Summary = errorLinks(p.Page, fe, entryOrder(), entryAnchor)
	sc := domain.Calculate(ap.Assessment)
	exists := ap.Assessment.ID != 0
	if exists && sc.Known {
		p.Total, p.Partial = domain.FormatScore(sc.Total), !sc.Complete
	}
	if ap.CanPropose && exists {
		p.ProposeURL = "/plans/new/proposal?institution=" + itoa64(ap.Institution.ID) + "&year=" + strconv.Itoa(year+1)
	}
	years := append([]int(nil), ap.Years...)
	if !containsInt(years, year) {
		years = append(years, year)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	for _, y := range years {
		p.YearLinks = append(p.YearLinks, nokYearLink{Year: y, URL: assessmentURL(ap.Institution.ID, y), Current: y == year})
	}
	if p.INNError = fe["inn"]; p.INNError != "" {
		p.INNError = p.T(p.INNError)
	}
	for _, cr := range domain.NokCriteria() {
		ec := nokEntryCriterion{Code: cr.Code, Title: p.T("nok.criterion." + cr.Code), ValueID: "criterion." + cr.Code,
			Value: form["criterion."+cr.Code], Error: p.Tr(fe["criterion."+cr.Code])}
		if cs := sc.Criterion(cr.Code); exists && cs.Known {
			ec.Score, ec.Partial = domain.FormatScore(cs.Value), !cs.Complete
		}
		for _, code := range cr.Indicators {
			in, _ := domain.LookupIndicator(code)
			ei := nokEntryIndicator{Code: code, Title: p.T("nok.indicator." + code), Kind: string(in.Kind), ValueID: "value." + code,
				Value: form["value."+code], Error: p.Tr(fe["value."+code]), Info: in.Kind == domain.IndicatorInfo}
			if is := sc.Indicator(code); exists && is.Known {
				ei.Computed, ei.FromInputs = domain.FormatScore(is.Value), is.FromInputs
			}
			if ei.Info {
				for _, f := range []string{"info.stand_found", "info.stand_norm", "info.site_found", "info.site_norm"} {
					ei.InfoFields = append(ei.InfoFields, nokThresholdField{ID: f, Label: p.T("nokweb.entry." + f), Value: form[f], Error: p.Tr(fe[f])})
				}
			}
			if in.Kind == domain.IndicatorConditions {
				ei.KnownID, ei.Known, ei.CondError = "known."+code, form["known."+code] != "", p.Tr(fe["conditions."+code])
				ei.CondsLegend = p.T("nokweb.entry.conditions." + code)
				for _, cd := range domain.Conditions(code) {
					ei.Conds = append(ei.Conds, nokCondBox{ID: "cond-" + cd.Key, Name: "cond." + code, Value: cd.Key, Label: p.T("nok.condition." + cd.Key),
						Checked: containsString(conds[code], cd.Key)})
				}
			}
			for _, part := range in.Parts {
				label := p.T("nokweb.entry.survey")
				if len(in.Parts) > 1 {
					label = p.T("nokweb.entry.survey." + part)
				}
				f := "survey." + part
				ei.Parts = append(ei.Parts, nokSurveyPart{Label: label, Field: f, RID: f + ".respondents", SID: f + ".satisfied",
					R: form[f+".respondents"], S: form[f+".satisfied"], Error: p.Tr(fe[f])})
			}
			ec.Indicators = append(ec.Indicators, ei)
		}
		p.Criteria = append(p.Criteria, ec)
	}
	return p
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func containsString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// saveINN records the institution's ИНН from its assessment page.
func (a *App) saveINN(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	back := formText(c, "year")
	year, yerr := strconv.Atoi(back)
	if yerr != nil || year < 2000 || year > 2100 {
		year = a.now().Year()
	}
	err = a.svc.SetINN(c.UserContext(), caller(c), id, formText(c, "inn"))
	if fe := fieldErrors(err); fe != nil {
		ap, aerr := a.svc.Assessment(c.UserContext(), caller(c), id, year)
		if aerr != nil {
			return aerr
		}
		form, conds := assessmentForm(ap.Assessment)
		p := a.entryPage(c, ap, year, form, conds, fe)
		p.Institution.INN = formText(c, "inn")
		return a.render(c, fiber.StatusUnprocessableEntity, "nok_assessment", p)
	}
	if err != nil {
		return err
	}
	return a.done(c, assessmentURL(id, year), "nokweb.inn.saved")
}

// --- /founders/:id/thresholds ---

type nokThresholdField struct {
	ID, Label, Value, Error string
}

type nokThresholdsPage struct {
	Page
	Founder    domain.Founder
	Default    nokThresholdField
	Criteria   []nokThresholdField
	Indicators []nokThresholdField
	Summary    []fieldLink
}

func (a *App) showThresholds(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	f, th, err := a.svc.FounderThresholds(c.UserContext(), caller(c), id)
	if err != nil {
		return err
	}
	form := map[string]string{"default": domain.FormatScore(th.Default)}
	for code, v := range th.Criteria {
		form["criterion."+code] = domain.FormatScore(v)
	}
	for code, v := range th.Indicators {
		form["indicator."+code] = domain.FormatScore(v)
	}
	p := a.thresholdsPage(c, f, form, nil)
	return a.render(c, fiber.StatusOK, "nok_thresholds", p)
}

func (a *App) thresholdsPage(c *fiber.Ctx, f domain.Founder, form map[string]string, fe domain.FieldErrors) nokThresholdsPage {
	p := nokThresholdsPage{Page: a.page(c, "nokweb.thresholds.title"), Founder: f}
	p.Nav = "founder"
	p.Default = nokThresholdField{ID: "default", Label: p.T("nokweb.thresholds.default"), Value: form["default"], Error: p.Tr(fe["default"])}
	order := []string{"default"}
	for _, cr := range domain.NokCriteria() {
		k := "criterion." + cr.Code
		order = append(order, k)
		p.Criteria = append(p.Criteria, nokThresholdField{ID: k, Label: cr.Code + ". " + p.T("nok.criterion."+cr.Code), Value: form[k], Error: p.Tr(fe[k])})
	}
	for _, in := range domain.NokIndicators() {
		k := "indicator." + in.Code
		order = append(order, k)
		p.Indicators = append(p.Indicators, nokThresholdField{ID: k, Label: in.Code + ". " + p.T("nok.indicator."+in.Code), Value: form[k], Error: p.Tr(fe[k])})
	}
	p.Summary = errorLinks(p.Page, fe, order, nil)
	return p
}

func (a *App) saveThresholds(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	form := map[string]string{"default": formText(c, "default")}
	in := service.ThresholdsForm{Default: form["default"], Criteria: map[string]string{}, Indicators: map[string]string{}}
	for _, cr := range domain.NokCriteria() {
		k := "criterion." + cr.Code
		form[k] = formText(c, k)
		in.Criteria[cr.Code] = form[k]
	}
	for _, ind := range domain.NokIndicators() {
		k := "indicator." + ind.Code
		form[k] = formText(c, k)
		in.Indicators[ind.Code] = form[k]
	}
	err = a.svc.SetThresholds(c.UserContext(), caller(c), id, in)
	if fe := fieldErrors(err); fe != nil {
		f, _, ferr := a.svc.FounderThresholds(c.UserContext(), caller(c), id)
		if ferr != nil {
			return ferr
		}
		return a.render(c, fiber.StatusUnprocessableEntity, "nok_thresholds", a.thresholdsPage(c, f, form, fe))
	}
	if err != nil {
		return err
	}
	return a.done(c, "/founders/"+itoa64(id)+"/thresholds", "nokweb.thresholds.saved")
}
