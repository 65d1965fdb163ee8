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
	return a.render(c, fiber.StatusOK, "settings_notifications", mailSettingsPage{Page: p, Digests: s.Digests,
		Offsets: domain.FormatRemindOffsets(s.RemindOffsets)})
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
