package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// Paper questionnaires typed in by staff (docs/survey.md): one row per
// form, one short field per question («д»/«н», «1»/«0», «+»/«-»), Tab
// from field to field; the filters apply as on the web form.

const paperRows = 10 // empty rows a page offers (up to paperRowsMax with ?rows=)

const paperRowsMax = 50

type paperPage struct {
	Page
	Inst      domain.Institution
	Questions []paperQuestion
	Rows      []paperRow
	Batch     string
	Recent    []paperRecent
	Errors    domain.FieldErrors
	Notice    []string
	Edit      *paperRow // the one form being corrected or removed
	EditID    int64
	Reason    string
}

// paperQuestion is a question with its filter's number, for the legend.
type paperQuestion struct {
	domain.SurveyQuestion
	FilterNumber int
}

func paperQuestions() []paperQuestion {
	num := map[string]int{}
	var out []paperQuestion
	for _, q := range domain.SurveyQuestions() {
		num[q.Key] = q.Number
		out = append(out, paperQuestion{SurveyQuestion: q, FilterNumber: num[q.Filter]})
	}
	return out
}

type paperRow struct {
	N          int
	Answers    []paperCell
	Suggestion string
	Sex, Age   string
	Errors     []string
}

type paperCell struct {
	Key, Value, Label string
	Bad               bool
}

type paperRecent struct {
	ID      int64
	When    string
	Batch   string
	Answers string
	Text    string
}

// Summary lists the errors at the top, each linking to its field.
func (p paperPage) Summary() []fieldLink {
	var out []fieldLink
	keys := make([]string, 0, len(p.Errors))
	for k := range p.Errors {
		keys = append(keys, k)
	}
	sortPaperKeys(keys)
	for _, k := range keys {
		out = append(out, fieldLink{ID: strings.ReplaceAll(k, ".", "_"), Text: p.paperMessage(k, p.Errors[k])})
	}
	return out
}

func (p paperPage) paperMessage(field, key string) string {
	row, name, _ := strings.Cut(field, ".")
	if name == "" {
		return p.T(key)
	}
	num := 0
	for _, q := range domain.SurveyQuestions() {
		if q.Key == name {
			num = q.Number
		}
	}
	msg := p.T(key)
	if key == "survey.error.required" {
		msg = p.T(key, num)
	}
	return p.T("survey.paper.row_error", strings.TrimPrefix(row, "r"), msg)
}

func sortPaperKeys(k []string) {
	rank := func(s string) (int, int) {
		row, name, _ := strings.Cut(s, ".")
		n, _ := strconv.Atoi(strings.TrimPrefix(row, "r"))
		q := 99
		for _, x := range domain.SurveyQuestions() {
			if x.Key == name {
				q = x.Number
			}
		}
		return n, q
	}
	for i := 1; i < len(k); i++ {
		for j := i; j > 0; j-- {
			a1, a2 := rank(k[j-1])
			b1, b2 := rank(k[j])
			if a1 < b1 || (a1 == b1 && a2 <= b2) {
				break
			}
			k[j-1], k[j] = k[j], k[j-1]
		}
	}
}

// showPaper answers GET /institutions/{id}/survey/paper.
func (a *App) showPaper(c *fiber.Ctx) error {
	n, _ := strconv.Atoi(c.Query("rows"))
	if n < 1 || n > paperRowsMax {
		n = paperRows
	}
	rows := make([]domain.SurveyForm, n)
	return a.renderPaper(c, fiber.StatusOK, rows, "", nil, nil)
}

func (a *App) renderPaper(c *fiber.Ctx, status int, rows []domain.SurveyForm, batch string, fe domain.FieldErrors, notice []string) error {
	ps, err := a.svc.PaperSurveyPage(c.UserContext(), caller(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	p := a.page(c, "survey.paper.title")
	p.Nav = "institutions"
	pg := paperPage{Page: p, Inst: ps.Institution, Questions: paperQuestions(), Batch: batch, Errors: fe, Notice: notice}
	for i, f := range rows {
		pg.Rows = append(pg.Rows, paperRowOf(p, i+1, f, fe))
	}
	for _, r := range ps.Recent {
		pg.Recent = append(pg.Recent, paperRecentOf(p, r))
	}
	return a.render(c, status, "survey_paper", pg)
}

func paperRowOf(p Page, n int, f domain.SurveyForm, fe domain.FieldErrors) paperRow {
	row := paperRow{N: n, Suggestion: f.Suggestion, Sex: f.Sex, Age: f.Age}
	for _, q := range domain.SurveyQuestions() {
		_, bad := fe[fmt.Sprintf("r%d.%s", n, q.Key)]
		v := f.Answers[q.Key]
		switch v { // shown as staff type them
		case "yes":
			v = "д"
		case "no":
			v = "н"
		}
		row.Answers = append(row.Answers, paperCell{Key: q.Key, Value: v, Bad: bad,
			Label: p.T("survey.paper.cell", n, q.Number)})
	}
	return row
}

func paperRecentOf(p Page, r domain.SurveyRecord) paperRecent {
	var b strings.Builder
	for _, q := range domain.SurveyQuestions() {
		yes, ok := r.Response.Answers[q.Key]
		switch {
		case !ok:
			b.WriteString("·")
		case yes:
			b.WriteString("д")
		default:
			b.WriteString("н")
		}
	}
	return paperRecent{ID: r.ID, When: p.When(r.At), Batch: r.Batch, Answers: b.String(), Text: r.Response.Suggestion}
}

// paperForm reads row i's fields (named r<i>_<key>).
func paperForm(c *fiber.Ctx, prefix string) domain.SurveyForm {
	f := domain.SurveyForm{Answers: map[string]string{}, Suggestion: c.FormValue(prefix + "suggestion"),
		Sex: paperSex(c.FormValue(prefix + "sex")), Age: c.FormValue(prefix + "age")}
	for _, q := range domain.SurveyQuestions() {
		f.Answers[q.Key] = domain.PaperAnswer(c.FormValue(prefix + q.Key))
	}
	return f
}

// paperSex reads the sex as typed: «м»/«ж» or the form's values.
func paperSex(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "м", "m", "male":
		return domain.SexMale
	case "ж", "f", "female":
		return domain.SexFemale
	case "":
		return ""
	}
	return s
}

// addPaper answers POST /institutions/{id}/survey/paper.
func (a *App) addPaper(c *fiber.Ctx) error {
	n, _ := strconv.Atoi(c.FormValue("rows"))
	if n < 1 || n > paperRowsMax {
		n = paperRows
	}
	rows := make([]domain.SurveyForm, n)
	for i := range rows {
		rows[i] = paperForm(c, fmt.Sprintf("r%d_", i+1))
	}
	batch := c.FormValue("batch")
	res, err := a.svc.AddPaperSurveys(c.UserContext(), caller(c), service.PaperEntry{InstitutionID: idParam(c, "id"), Batch: batch, Rows: rows})
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return a.renderPaper(c, fiber.StatusUnprocessableEntity, rows, batch, ve.Fields, nil)
	}
	if err != nil {
		return err
	}
	ignored := 0
	for _, keys := range res.Ignored {
		ignored += len(keys)
	}
	to := fmt.Sprintf("/institutions/%d/survey/paper", idParam(c, "id"))
	if ignored > 0 {
		return a.done(c, to, "survey.paper.added_ignored", res.Added, strings.TrimSpace(batch), ignored)
	}
	return a.done(c, to, "survey.paper.added", res.Added, strings.TrimSpace(batch))
}

// showPaperForm answers GET /institutions/{id}/survey/paper/{rid}: one
// form, to correct or to remove (with a reason: the step asks first).
func (a *App) showPaperForm(c *fiber.Ctx) error {
	return a.renderPaperForm(c, fiber.StatusOK, nil, "", nil)
}

func (a *App) renderPaperForm(c *fiber.Ctx, status int, f *domain.SurveyForm, reason string, fe domain.FieldErrors) error {
	ps, err := a.svc.PaperSurveyPage(c.UserContext(), caller(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	rid := idParam(c, "rid")
	var rec *domain.SurveyRecord
	for i := range ps.Recent {
		if ps.Recent[i].ID == rid {
			rec = &ps.Recent[i]
		}
	}
	if rec == nil {
		return domain.ErrNotFound
	}
	p := a.page(c, "survey.paper.edit_title")
	p.Nav = "institutions"
	if f == nil {
		f = &domain.SurveyForm{Answers: map[string]string{}, Suggestion: rec.Response.Suggestion, Sex: rec.Response.Sex}
		if rec.Response.Age > 0 {
			f.Age = strconv.Itoa(rec.Response.Age)
		}
		for k, yes := range rec.Response.Answers {
			f.Answers[k] = map[bool]string{true: "д", false: "н"}[yes]
		}
	}
	// Row errors of a correction are named as the single row's.
	rowErrs := domain.FieldErrors{}
	for k, v := range fe {
		if k == "reason" {
			rowErrs[k] = v
			continue
		}
		rowErrs["r1."+k] = v
	}
	row := paperRowOf(p, 1, *f, rowErrs)
	pg := paperPage{Page: p, Inst: ps.Institution, Questions: paperQuestions(), Edit: &row, EditID: rid, Reason: reason, Errors: rowErrs,
		Recent: []paperRecent{paperRecentOf(p, *rec)}}
	return a.render(c, status, "survey_paper_form", pg)
}

// correctPaper answers POST /institutions/{id}/survey/paper/{rid}: the
// button pressed says whether to correct or to remove.
func (a *App) correctPaper(c *fiber.Ctx) error {
	f := paperForm(c, "r1_")
	in := service.PaperWithdrawal{InstitutionID: idParam(c, "id"), ID: idParam(c, "rid"), Reason: c.FormValue("reason")}
	remove := c.FormValue("action") == "remove"
	if !remove {
		in.Replacement = &f
	}
	err := a.svc.WithdrawPaperSurvey(c.UserContext(), caller(c), in)
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		shown := f
		return a.renderPaperForm(c, fiber.StatusUnprocessableEntity, &shown, in.Reason, ve.Fields)
	}
	if err != nil {
		return err
	}
	key := "survey.paper.corrected"
	if remove {
		key = "survey.paper.removed"
	}
	return a.done(c, fmt.Sprintf("/institutions/%d/survey/paper", in.InstitutionID), key)
}
