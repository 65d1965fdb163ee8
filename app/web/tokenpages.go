package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/apiauth"
	"planboard/domain"
)

type tokenForm struct {
	Name  string
	Scope string
	Days  string
}

type tokensPage struct {
	Page
	Tokens    []domain.APIToken
	Form      tokenForm
	Errs      formErrs
	Summary   []*fieldErr
	Created   string // the new token, shown this once
	Lifetimes []int
	Admin     bool      // the admin's list of everyone's tokens
	Now       time.Time // expiry is judged at this moment
	MaxTokens int       // live tokens one person may have (domain.MaxAPITokensPerUser)
}

// Moment formats a token's time in UTC, to the minute: tokens belong to
// users, who have no time zone of their own.
func (p tokensPage) Moment(t time.Time) string { return p.When(t.UTC()) + " UTC" }

// TokenState is "live", "expired" or "revoked" at the page's moment.
func (p tokensPage) TokenState(t domain.APIToken) string {
	switch {
	case !t.RevokedAt.IsZero():
		return "revoked"
	case !t.Live(p.Now):
		return "expired"
	}
	return "live"
}

// showTokens lists the user's personal access tokens and the form for a new one.
func (a *App) showTokens(c *fiber.Ctx) error {
	return a.renderTokens(c, fiber.StatusOK, a.tokensPage(c))
}

func (a *App) tokensPage(c *fiber.Ctx) tokensPage {
	p := tokensPage{Page: a.page(c, "tokens.title"), Errs: formErrs{}, Lifetimes: domain.APITokenLifetimes,
		Form: tokenForm{Scope: string(domain.APIRead), Days: "90"}}
	p.Nav = "profile"
	p.Now = a.now()
	p.MaxTokens = domain.MaxAPITokensPerUser
	return p
}

func (a *App) renderTokens(c *fiber.Ctx, status int, p tokensPage) error {
	var err error
	if p.Admin {
		p.Tokens, err = a.store.AllAPITokens(c.UserContext())
	} else {
		p.Tokens, err = a.store.UserAPITokens(c.UserContext(), p.User.ID)
	}
	if err != nil {
		return err
	}
	name := "tokens"
	if p.Admin {
		name = "admin_tokens"
	}
	return a.render(c, status, name, p)
}

// createToken makes a token and shows it once, in this response (not
// after a redirect: it is stored nowhere else), which no cache may keep.
func (a *App) createToken(c *fiber.Ctx) error {
	p := a.tokensPage(c)
	p.Form = tokenForm{Name: strings.TrimSpace(c.FormValue("name")), Scope: c.FormValue("scope"), Days: c.FormValue("days")}
	days, err := strconv.Atoi(p.Form.Days)
	if err != nil {
		days = -1
	}
	req := domain.NewAPIToken{Name: p.Form.Name, Scope: domain.APIScope(p.Form.Scope), Days: days}
	token, err := apiauth.NewToken()
	if err != nil {
		return err
	}
	t, err := a.svc.CreateAPIToken(c.UserContext(), caller(c), req, token)
	if errs, ok := formErrors(p.Page, err); ok {
		p.Errs, p.Summary = errs, summary(errs, "name", "scope", "days")
		return a.renderTokens(c, fiber.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditAPITokenCreated, TargetUserID: p.User.ID, TargetEmail: p.User.Email,
		Detail: t.Name + " (" + string(t.Scope) + ")"})
	c.Set(fiber.HeaderCacheControl, "no-store")
	p.Created = token
	p.Flash = p.T("tokens.created")
	p.Form = tokenForm{Scope: string(domain.APIRead), Days: "90"}
	return a.renderTokens(c, fiber.StatusOK, p)
}

type tokenRevokePage struct {
	Page
	Token  domain.APIToken
	Action string // where the confirmation posts
	Back   string
}

// tokenOwner is whose tokens a revocation URL may reach: the user's own
// under /settings, anyone's (0) under /admin (only the admin gets there).
func tokenOwner(c *fiber.Ctx, adminPath bool) int64 {
	if adminPath {
		return 0
	}
	return c.Locals(localUser).(domain.User).ID
}

// confirmRevoke asks before revoking: a page with one button, so the step
// works without JavaScript.
func (a *App) confirmRevoke(adminPath bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c, "id")
		if err != nil {
			return err
		}
		t, err := a.store.APIToken(c.UserContext(), tokenOwner(c, adminPath), id)
		if err != nil {
			return err
		}
		p := tokenRevokePage{Page: a.page(c, "tokens.revoke_title"), Token: t, Action: c.Path(), Back: "/settings/tokens"}
		p.Nav = "profile"
		if adminPath {
			p.Back, p.Nav = "/admin/tokens", "admin"
		}
		return a.render(c, fiber.StatusOK, "token_revoke", p)
	}
}

// revokeToken revokes a token (the user's own, or anyone's for the admin)
// and records it in the audit log.
func (a *App) revokeToken(adminPath bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c, "id")
		if err != nil {
			return err
		}
		t, err := a.svc.RevokeAPIToken(c.UserContext(), caller(c), id, adminPath)
		if err != nil {
			return err
		}
		a.audit(c, domain.AuditEntry{Action: domain.AuditAPITokenRevoked, TargetUserID: t.UserID, TargetEmail: t.UserEmail,
			Detail: t.Name})
		back := "/settings/tokens"
		if adminPath {
			back = "/admin/tokens"
		}
		return a.done(c, back, "tokens.revoked")
	}
}

// adminTokens lists every user's tokens for the admin.
func (a *App) adminTokens(c *fiber.Ctx) error {
	p := a.tokensPage(c)
	p.Title, p.Nav, p.Admin = p.T("tokens.admin_title"), "admin", true
	return a.renderTokens(c, fiber.StatusOK, p)
}
