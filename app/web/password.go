package web

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/i18n"
	"planboard/app/service"
	"planboard/domain"
)

type forgotPage struct {
	Page
	Email   string
	Sent    bool
	Errs    formErrs
	Minutes int // when a limit refused the request: minutes to wait
}

// TooMany is the limit's message with the minutes to wait.
func (p forgotPage) TooMany() string { return p.T("forgot.too_many", p.Page.MinutesText(p.Minutes)) }

func (a *App) showForgot(c *fiber.Ctx) error {
	return a.render(c, fiber.StatusOK, "password_forgot", forgotPage{Page: a.page(c, "forgot.title")})
}

// forgot asks the use case for a reset mail, which answers exactly the
// same, after the same work, whether the address belongs to someone or
// not; the audit log notes every request.
func (a *App) forgot(c *fiber.Ctx) error {
	email := normEmail(c.FormValue("email"))
	p := forgotPage{Page: a.page(c, "forgot.title"), Email: email}
	res, err := a.svc.RequestPasswordReset(c.UserContext(), service.PasswordReset{Email: email, IP: c.IP(), Lang: p.Lang,
		Host: a.mailHost(), Mail: a.resetMail})
	if domain.ErrorCode(err) == domain.EInvalid {
		p.Errs, _ = formErrors(p.Page, err)
		return a.render(c, fiber.StatusUnprocessableEntity, "password_forgot", p)
	}
	if err != nil {
		return err
	}
	if until := res.BlockedUntil; !until.IsZero() {
		p.Minutes = int((until.Sub(a.now()) + time.Minute - 1) / time.Minute)
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(p.Minutes*60))
		return a.render(c, fiber.StatusTooManyRequests, "password_forgot", p)
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditResetRequested, TargetUserID: res.User.ID, TargetEmail: email})
	p.Sent, p.Email = true, ""
	return a.render(c, fiber.StatusOK, "password_forgot", p)
}

type setPasswordPage struct {
	Page
	Token      string
	Invitation bool
	Email      string
	Password   string
	Confirm    string
	Errs       formErrs
}

// linkGone answers a used, expired or unknown link: 410 and a way to ask for a new one.
func (a *App) linkGone(c *fiber.Ctx) error {
	return a.render(c, fiber.StatusGone, "link_gone", a.page(c, "link_gone.title"))
}

// setPasswordForm is the page for a live link.
func (a *App) setPasswordForm(c *fiber.Ctx, token string, link service.PasswordLink) setPasswordPage {
	p := setPasswordPage{Page: a.page(c, "setpw.title"), Token: token, Invitation: link.Token.Kind == domain.TokenInvitation, Email: link.User.Email}
	if c.Locals(localUser) == nil {
		p.Lang = i18n.Pick(link.User.Locale)
		p.Title = p.T("setpw.title")
	}
	return p
}

func (a *App) showSetPassword(c *fiber.Ctx) error {
	token := c.Params("token")
	c.Set(fiber.HeaderCacheControl, "no-store")
	link, err := a.svc.PasswordLink(c.UserContext(), token)
	if err != nil {
		return orGone(a, c, err)
	}
	return a.render(c, fiber.StatusOK, "password_set", a.setPasswordForm(c, token, link))
}

// setPassword spends the link through the use case: the password is set,
// every session of the user ends, and the user goes to the login page.
func (a *App) setPassword(c *fiber.Ctx) error {
	token := c.Params("token")
	c.Set(fiber.HeaderCacheControl, "no-store")
	in := service.NewPassword{Token: token, Password: c.FormValue("password"), Confirm: c.FormValue("confirm")}
	link, err := a.svc.SetPassword(c.UserContext(), in)
	if domain.ErrorCode(err) == domain.EInvalid {
		p := a.setPasswordForm(c, token, link)
		p.Password, p.Confirm = in.Password, in.Confirm
		p.Errs, _ = formErrors(p.Page, err)
		return a.render(c, fiber.StatusUnprocessableEntity, "password_set", p)
	}
	if err != nil {
		return orGone(a, c, err)
	}
	action := domain.AuditPasswordReset
	if link.Token.Kind == domain.TokenInvitation {
		action = domain.AuditInviteAccepted
	}
	a.audit(c, domain.AuditEntry{Action: action, TargetUserID: link.Token.UserID, TargetEmail: link.User.Email})
	return c.Redirect("/login?done=password", fiber.StatusSeeOther)
}

// orGone answers a dead link (not found) with the link-gone page, any
// other error as it is.
func orGone(a *App, c *fiber.Ctx, err error) error {
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return err
	}
	return a.linkGone(c)
}

// checkNewPassword applies the password rule and the confirmation.
func checkNewPassword(password, confirm, email string) error {
	return service.CheckNewPassword(password, confirm, email)
}
