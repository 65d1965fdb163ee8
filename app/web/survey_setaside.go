package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// Setting answers aside and back (docs/survey.md «Отложенные ответы»): the
// form and the list live on the results page; restoring asks first.

// setAsideFields are the set-aside form's fields, in the order of its
// error summary.
var setAsideFields = []string{"reason", "source", "from", "to", "batch"}

// setAside answers POST /institutions/{id}/survey/set-aside.
func (a *App) setAside(c *fiber.Ctx) error {
	id := idParam(c, "id")
	form := map[string]string{}
	for _, f := range setAsideFields {
		form[f] = c.FormValue(f)
	}
	n, err := a.svc.SetAsideSurveys(c.UserContext(), caller(c), service.SetAsideInput{InstitutionID: id,
		Source: form["source"], From: form["from"], To: form["to"], Batch: form["batch"], Reason: form["reason"]})
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return a.renderSurveyResults(c, fiber.StatusUnprocessableEntity, surveyResultsPage{SetAsideErrors: ve.Fields, SetAsideForm: form})
	}
	if err != nil {
		return err
	}
	return a.done(c, fmt.Sprintf("/institutions/%d/survey#set-aside", id), "survey.setaside.done", n)
}

// confirmRestore answers GET /institutions/{id}/survey/set-aside/{sid}/restore.
func (a *App) confirmRestore(c *fiber.Ctx) error {
	inst, sa, err := a.svc.SurveySetAside(c.UserContext(), caller(c), idParam(c, "id"), idParam(c, "sid"))
	if err != nil {
		return err
	}
	back := fmt.Sprintf("/institutions/%d/survey", inst.ID)
	p := confirmPage{Page: a.page(c, "survey.setaside.restore_title"), Action: fmt.Sprintf("%s/set-aside/%d/restore", back, sa.ID), Back: back + "#set-aside"}
	p.Nav = "institutions"
	p.Heading, p.BackLabel = p.Title, p.T("survey.results.title")
	p.What = p.T("survey.setaside.restore_what", sa.Answers, p.When(sa.At), sa.Reason)
	p.Note, p.Button = p.T("survey.setaside.restore_note"), p.T("survey.setaside.restore")
	return a.render(c, fiber.StatusOK, "confirm", p)
}

// restoreSetAside answers POST /institutions/{id}/survey/set-aside/{sid}/restore.
func (a *App) restoreSetAside(c *fiber.Ctx) error {
	id := idParam(c, "id")
	if err := a.svc.RestoreSetAside(c.UserContext(), caller(c), id, idParam(c, "sid")); err != nil {
		return err
	}
	return a.done(c, fmt.Sprintf("/institutions/%d/survey#set-aside", id), "survey.setaside.restored")
}
