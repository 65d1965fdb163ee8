package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type mailSettingsPage struct {
	Page
	Digests bool
	Offsets string // as typed
	Errors  domain.FieldErrors
	Rules   []domain.Institution // institutions whose reminder rules the user may set
}

// directedInstitutions lists the institutions the user directs (a handful).
func (a *App) directedInstitutions(c *fiber.Ctx) ([]domain.Institution, error) {
	var out []domain.Institution
	act := actor(c)
	for _, m := range act.Memberships {
		if m.Role != domain.RoleDirector {
			continue
		}
		inst, err := a.store.Institution(c.UserContext(), act.Scope(), m.InstitutionID)
		if err != nil {
			return nil, err
		}
		out = append(out, inst)
	}
	return out, nil
}

// showMailSettings shows the user's mail choices.
func (a *App) showMailSettings(c *fiber.Ctx) error {
	u := c.Locals(localUser).(domain.User)
	s, err := a.store.MailSettings(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	p := a.page(c, "mail.settings.title")
	p.Nav = "settings"
	if c.Query("saved") != "" {
		p.Flash = p.T("mail.settings.saved")
	}
	rules, err := a.directedInstitutions(c)
	if err != nil {
		return err
	}
	return a.render(c, fiber.StatusOK, "settings_notifications", mailSettingsPage{Page: p, Digests: s.Digests,
		Offsets: domain.FormatRemindOffsets(s.RemindOffsets), Rules: rules})
}

// saveMailSettings stores the choices; bad offsets re-render the form with
// 422, what was typed kept and the error next to the field.
func (a *App) saveMailSettings(c *fiber.Ctx) error {
	u := c.Locals(localUser).(domain.User)
	form := mailSettingsPage{Digests: c.FormValue("digests") == "on", Offsets: strings.TrimSpace(c.FormValue("offsets"))}
	s := domain.MailSettings{Digests: form.Digests}
	if form.Offsets != "" {
		offsets, err := domain.ParseRemindOffsets("offsets", form.Offsets)
		if err != nil {
			form.Page = a.page(c, "mail.settings.title")
			form.Nav = "settings"
			form.Errors = domain.FieldErrors{"offsets": "mail.offsets.invalid"}
			return a.render(c, fiber.StatusUnprocessableEntity, "settings_notifications", form)
		}
		s.RemindOffsets = offsets
	}
	if err := a.store.SaveMailSettings(c.UserContext(), u.ID, s); err != nil {
		return err
	}
	return c.Redirect("/settings/notifications?saved=1", fiber.StatusSeeOther)
}
