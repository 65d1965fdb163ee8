package app

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

type mailRulesPage struct {
	Page
	Institution domain.Institution
	Form        mailRulesForm
	Errors      domain.FieldErrors
}

// mailRulesForm is the rules as typed, so a refused form shows them again.
type mailRulesForm struct {
	Offsets, OverdueEvery, EscalateDirector, EscalateFounder string
	Weekends                                                 bool
	RemindUnit, EscalateUnit                                 string // dayUnits
}

// dayUnits are how "N days" may be counted: in calendar or in working days.
var dayUnits = []string{"calendar", "working"}

// workingUnit reads a unit field; anything but the two units is the default.
func workingUnit(v string, def bool) bool {
	switch v {
	case "working":
		return true
	case "calendar":
		return false
	}
	return def
}

func unitOf(working bool) string {
	if working {
		return "working"
	}
	return "calendar"
}

// showMailRules shows an institution's reminder rules (a director's, or
// the admin's).
func (a *App) showMailRules(c *fiber.Ctx) error {
	inst, r, err := a.svc.MailRules(c.UserContext(), caller(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	p := a.page(c, "mail.rules.title")
	p.Nav = "settings"
	f := mailRulesForm{Offsets: domain.FormatRemindOffsets(r.RemindOffsets), OverdueEvery: strconv.Itoa(r.OverdueEvery),
		EscalateDirector: strconv.Itoa(r.EscalateDirector), EscalateFounder: strconv.Itoa(r.EscalateFounder), Weekends: r.Weekends,
		RemindUnit: unitOf(r.RemindWorkingDays), EscalateUnit: unitOf(r.EscalateWorkingDays)}
	return a.render(c, fiber.StatusOK, "institution_mail_rules", mailRulesPage{Page: p, Institution: inst, Form: f})
}

// saveMailRules stores the rules; anything invalid is refused with 422,
// the typed values kept and each error next to its field.
func (a *App) saveMailRules(c *fiber.Ctx) error {
	f := mailRulesForm{Offsets: strings.TrimSpace(c.FormValue("offsets")), OverdueEvery: strings.TrimSpace(c.FormValue("overdue_every")),
		EscalateDirector: strings.TrimSpace(c.FormValue("escalate_director")), EscalateFounder: strings.TrimSpace(c.FormValue("escalate_founder")),
		Weekends: c.FormValue("weekends") == "on"}
	in := service.MailRulesForm{Institution: idParam(c, "id"), Offsets: f.Offsets, OverdueEvery: f.OverdueEvery,
		EscalateDirector: f.EscalateDirector, EscalateFounder: f.EscalateFounder, Weekends: f.Weekends,
		RemindWorkingDays: workingUnit(c.FormValue("remind_unit"), false), EscalateWorkingDays: workingUnit(c.FormValue("escalate_unit"), true)}
	f.RemindUnit, f.EscalateUnit = unitOf(in.RemindWorkingDays), unitOf(in.EscalateWorkingDays)
	inst, err := a.svc.SaveMailRules(c.UserContext(), caller(c), in)
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		p := a.page(c, "mail.rules.title")
		p.Nav = "settings"
		return a.render(c, fiber.StatusUnprocessableEntity, "institution_mail_rules", mailRulesPage{Page: p, Institution: inst, Form: f, Errors: ve.Fields})
	}
	if err != nil {
		return err
	}
	return a.done(c, "/institutions/"+strconv.FormatInt(inst.ID, 10)+"/mail-rules", "mail.settings.saved")
}

// ruleField is what the page template needs to draw one labelled input.
type ruleField struct {
	Page
	Name, Value, Label, Hint, Error string
}

// unitField is what the page template needs to draw a unit select.
type unitField struct {
	Page
	Name, Value, Label string
	Units              []string
}

// UnitField describes the named unit select with its chosen unit.
func (p mailRulesPage) UnitField(name, value string) unitField {
	return unitField{Page: p.Page, Name: name, Value: value, Label: "mail.rules." + name, Units: dayUnits}
}

// Field describes the named input of the form with its value and error.
func (p mailRulesPage) Field(name string) ruleField {
	values := map[string]string{"offsets": p.Form.Offsets, "overdue_every": p.Form.OverdueEvery,
		"escalate_director": p.Form.EscalateDirector, "escalate_founder": p.Form.EscalateFounder}
	f := ruleField{Page: p.Page, Name: name, Value: values[name], Label: "mail.rules." + name, Error: p.Errors[name]}
	if name == "offsets" {
		f.Hint = "mail.rules.offsets_hint"
	}
	return f
}
