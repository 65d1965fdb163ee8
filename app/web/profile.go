package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

type profilePage struct {
	Page
	FullName, Position, Locale string
	Locales                    []string
	Current, Password, Confirm string
	Errs                       formErrs
}

func (a *App) profilePage(c *fiber.Ctx) profilePage {
	p := a.page(c, "profile.title")
	p.Nav = "profile"
	return profilePage{Page: p, FullName: p.User.FullName, Position: p.User.Position, Locale: p.User.Locale,
		Locales: domain.Locales, Errs: formErrs{}}
}

func (a *App) showProfile(c *fiber.Ctx) error {
	return a.render(c, fiber.StatusOK, "profile", a.profilePage(c))
}

// saveProfile changes the name and position (printed in the official report
// as «Ответственный исполнитель») and the interface language.
func (a *App) saveProfile(c *fiber.Ctx) error {
	p := a.profilePage(c)
	p.FullName = strings.TrimSpace(c.FormValue("full_name"))
	p.Position = strings.TrimSpace(c.FormValue("position"))
	p.Locale = c.FormValue("locale")
	err := a.svc.UpdateProfile(c.UserContext(), caller(c), service.Profile{FullName: p.FullName, Position: p.Position, Locale: p.Locale})
	if errs, ok := formErrors(p.Page, err); ok {
		p.Errs = errs
		return a.render(c, fiber.StatusUnprocessableEntity, "profile", p)
	}
	if err != nil {
		return err
	}
	return a.done(c, "/profile", "profile.saved")
}

// changePassword checks the current password, sets the new one and ends
// every other session of the user ("log out everywhere"); this one stays.
func (a *App) changePassword(c *fiber.Ctx) error {
	p := a.profilePage(c)
	p.Current, p.Password, p.Confirm = c.FormValue("current"), c.FormValue("password"), c.FormValue("confirm")
	err := checkNewPassword(p.Password, p.Confirm, p.User.Email)
	ok, werr := a.svc.Passwords().Matches(c.UserContext(), []byte(p.User.PasswordHash), p.Current)
	if werr != nil {
		return werr
	}
	if !ok {
		err = domain.FieldError("current", "profile.current_wrong")
	}
	if err != nil {
		p.Errs, _ = formErrors(p.Page, err)
		return a.render(c, fiber.StatusUnprocessableEntity, "profile", p)
	}
	hash, err := a.svc.Passwords().Hash(c.UserContext(), p.Password)
	if err != nil {
		return err
	}
	token, _ := c.Locals(localToken).(string)
	if err := a.store.ChangePassword(c.UserContext(), p.User.ID, hash, token); err != nil {
		return err
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditPasswordChange, TargetUserID: p.User.ID, TargetEmail: p.User.Email})
	return a.done(c, "/profile", "profile.password_saved")
}
