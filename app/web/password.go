package web

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/i18n"
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
func (p forgotPage) TooMany() string { return p.T("forgot.too_many", minutesText(p.Page, p.Minutes)) }

// Password-reset limits (issue 13.2), counted in PostgreSQL so that every
// replica sees the same numbers, and the same for known and unknown
// addresses: one request per address per 5 minutes (a mail a person waits
// for arrives in that time), 20 per client address per 15 minutes.
const (
	resetAddressEvery = 5 * time.Minute
	resetClientWindow = 15 * time.Minute
	resetClientMax    = 20
)

func (a *App) showForgot(c *fiber.Ctx) error {
	return a.render(c, fiber.StatusOK, "password_forgot", forgotPage{Page: a.page(c, "forgot.title")})
}

// forgot plans a reset mail when the address belongs to someone and answers
// exactly the same, after the same work, whether it does or not: the
// limits count every address, the audit log notes every request, and
// storage does the same statements (see Store.RequestReset).
func (a *App) forgot(c *fiber.Ctx) error {
	email := normEmail(c.FormValue("email"))
	p := forgotPage{Page: a.page(c, "forgot.title"), Email: email}
	if err := checkEmail("email", email); err != nil {
		p.Errs, _ = formErrors(p.Page, err)
		return a.render(c, fiber.StatusUnprocessableEntity, "password_forgot", p)
	}
	ctx := c.UserContext()
	lang := p.Lang
	if u, err := a.store.UserByEmail(ctx, email); err == nil {
		lang = u.Locale
	}
	token := randomToken()
	now := a.now()
	req := domain.ResetRequest{Email: email, IP: c.IP(), At: now,
		AddressEvery: resetAddressEvery, ClientWindow: resetClientWindow, ClientMax: resetClientMax}
	res, err := a.store.RequestReset(ctx, req, token, a.resetMail(lang, token), a.mailHost())
	if err != nil {
		return err
	}
	if until := res.BlockedUntil; !until.IsZero() {
		p.Minutes = int((until.Sub(now) + time.Minute - 1) / time.Minute)
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

// setPasswordForm loads the page for a live link; ok is false when the link is dead.
func (a *App) setPasswordForm(c *fiber.Ctx) (setPasswordPage, bool, error) {
	token := c.Params("token")
	c.Set(fiber.HeaderCacheControl, "no-store")
	t, err := a.store.AccountToken(c.UserContext(), token, a.now())
	if domain.ErrorCode(err) == domain.ENotFound {
		return setPasswordPage{}, false, nil
	}
	if err != nil {
		return setPasswordPage{}, false, err
	}
	u, err := a.store.UserByID(c.UserContext(), t.UserID)
	if err != nil {
		return setPasswordPage{}, false, err
	}
	p := setPasswordPage{Page: a.page(c, "setpw.title"), Token: token, Invitation: t.Kind == domain.TokenInvitation, Email: u.Email}
	if c.Locals(localUser) == nil {
		p.Lang = i18n.Pick(u.Locale)
		p.Title = p.T("setpw.title")
	}
	return p, true, nil
}

func (a *App) showSetPassword(c *fiber.Ctx) error {
	p, ok, err := a.setPasswordForm(c)
	if err != nil || !ok {
		return orGone(a, c, err)
	}
	return a.render(c, fiber.StatusOK, "password_set", p)
}

// setPassword spends the link: the password is set, every session of the
// user ends, and the user goes to the login page.
func (a *App) setPassword(c *fiber.Ctx) error {
	p, ok, err := a.setPasswordForm(c)
	if err != nil || !ok {
		return orGone(a, c, err)
	}
	p.Password, p.Confirm = c.FormValue("password"), c.FormValue("confirm")
	if err := checkNewPassword(p.Password, p.Confirm, p.Email); err != nil {
		p.Errs, _ = formErrors(p.Page, err)
		return a.render(c, fiber.StatusUnprocessableEntity, "password_set", p)
	}
	hash, err := hashPassword(c.UserContext(), p.Password)
	if err != nil {
		return err
	}
	t, err := a.store.RedeemToken(c.UserContext(), p.Token, a.now(), hash)
	if domain.ErrorCode(err) == domain.ENotFound {
		return a.linkGone(c) // spent by a concurrent request
	}
	if err != nil {
		return err
	}
	action := domain.AuditPasswordReset
	if t.Kind == domain.TokenInvitation {
		action = domain.AuditInviteAccepted
	}
	a.audit(c, domain.AuditEntry{Action: action, TargetUserID: t.UserID, TargetEmail: p.Email})
	return c.Redirect("/login?done=password", fiber.StatusSeeOther)
}

func orGone(a *App, c *fiber.Ctx, err error) error {
	if err != nil {
		return err
	}
	return a.linkGone(c)
}

// checkNewPassword applies the password rule and the confirmation.
func checkNewPassword(password, confirm, email string) error {
	if err := domain.CheckPassword("password", password, email); err != nil {
		return err
	}
	if password != confirm {
		return domain.FieldError("confirm", "password.mismatch")
	}
	return nil
}
