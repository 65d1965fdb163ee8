package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/webhook"
	"planboard/domain"
)

// hookScope is whose endpoints a webhook page manages and where its URLs live.
type hookScope struct {
	Owner       domain.WebhookOwner
	Base        string             // /institutions/{id}/webhooks or /founder/webhooks
	Institution domain.Institution // institution pages
	Founders    []domain.Founder   // founder pages: those the user may register endpoints for
}

// institutionHooks resolves /institutions/:id/webhooks: the institution
// through the caller's scope (foreign: 404), then the right to manage its
// endpoints (its director, the admin; others 403).
func (a *App) institutionHooks(c *fiber.Ctx) (hookScope, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return hookScope{}, err
	}
	inst, err := a.store.Institution(c.UserContext(), actor(c).Scope(), id)
	if err != nil {
		return hookScope{}, err
	}
	if err := authorize(c, domain.ActManageWebhooks, inst); err != nil {
		return hookScope{}, err
	}
	return hookScope{Owner: domain.WebhookOwner{InstitutionID: inst.ID}, Base: fmt.Sprintf("/institutions/%d/webhooks", inst.ID),
		Institution: inst}, nil
}

// founderHooks resolves /founder/webhooks: the founders the user belongs
// to (every founder for the admin); anyone else 403.
func (a *App) founderHooks(c *fiber.Ctx) (hookScope, error) {
	sc, err := founderScope(c)
	if err != nil {
		return hookScope{}, err
	}
	founders, err := a.store.Founders(c.UserContext(), sc)
	if err != nil {
		return hookScope{}, err
	}
	var mine []domain.Founder
	for _, f := range founders {
		if domain.Can(actor(c), domain.ActManageWebhooks, domain.Resource{FounderID: f.ID}) {
			mine = append(mine, f)
		}
	}
	if len(mine) == 0 {
		return hookScope{}, &domain.Error{Code: domain.EForbidden, Message: "error.forbidden"}
	}
	return hookScope{Owner: domain.WebhookOwner{FounderIDs: sc.FounderIDs, AnyFounder: sc.All}, Base: "/founder/webhooks", Founders: mine}, nil
}

type hookForm struct {
	URL       string
	Events    map[string]bool
	Enabled   bool
	FounderID int64
}

type webhooksPage struct {
	Page
	Scope     hookScope
	Endpoints []domain.WebhookEndpoint
	Kinds     []string
	Form      hookForm
	Errs      formErrs
	Summary   []*fieldErr
}

type webhookPage struct {
	webhooksPage
	Endpoint   domain.WebhookEndpoint
	Deliveries []domain.WebhookDelivery
	Now        time.Time
}

// Moment formats a time of the log (UTC: endpoints span time zones).
func (p webhooksPage) Moment(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05") + " UTC"
}

// Rotating reports whether the previous secret still signs.
func (p webhookPage) Rotating() bool {
	return p.Endpoint.PrevSecret != "" && p.Now.Before(p.Endpoint.PrevUntil)
}

func (a *App) hookGuard() webhook.Guard {
	return webhook.Guard{AllowPrivate: a.cfg.WebhookAllowPrivate}
}

func (a *App) webhooksPage(c *fiber.Ctx, s hookScope) webhooksPage {
	p := webhooksPage{Page: a.page(c, "webhooks.title"), Scope: s, Kinds: domain.WebhookEventKinds, Errs: formErrs{},
		Form: hookForm{Events: map[string]bool{}, Enabled: true}}
	p.Nav = "institutions"
	if s.Institution.ID == 0 {
		p.Nav = "founder"
	}
	if len(s.Founders) > 0 {
		p.Form.FounderID = s.Founders[0].ID
	}
	return p
}

func (a *App) renderWebhooks(c *fiber.Ctx, status int, p webhooksPage) error {
	eps, err := a.store.WebhookEndpoints(c.UserContext(), p.Scope.Owner)
	if err != nil {
		return err
	}
	p.Endpoints = eps
	return a.render(c, status, "webhooks", p)
}

// hookPages are the handlers of one kind of owner (institution or founder).
type hookPages struct {
	a     *App
	scope func(c *fiber.Ctx) (hookScope, error)
}

func (a *App) institutionHookPages() hookPages { return hookPages{a, a.institutionHooks} }
func (a *App) founderHookPages() hookPages     { return hookPages{a, a.founderHooks} }

// list shows the owner's endpoints and the form to register one.
func (h hookPages) list(c *fiber.Ctx) error {
	s, err := h.scope(c)
	if err != nil {
		return err
	}
	return h.a.renderWebhooks(c, fiber.StatusOK, h.a.webhooksPage(c, s))
}

// readHookForm reads the allow-listed fields of an endpoint form and
// validates them: the URL (scheme, private addresses) and the events.
func (a *App) readHookForm(c *fiber.Ctx) (hookForm, error) {
	f := hookForm{URL: strings.TrimSpace(c.FormValue("url")), Events: map[string]bool{}, Enabled: c.FormValue("enabled") == "on"}
	f.FounderID, _ = strconv.ParseInt(c.FormValue("founder_id"), 10, 64)
	var kinds []string
	for _, k := range c.Context().PostArgs().PeekMulti("events") {
		kinds = append(kinds, string(k))
		f.Events[string(k)] = true
	}
	var errs domain.FieldErrors
	f.URL = errs.Line("url", f.URL) // the one text rule first: an address is one line
	if err := a.hookGuard().CheckURL(c.UserContext(), f.URL); err != nil {
		errs.Add("url", err.(*domain.Error).Message) // kept only when the text rule said nothing
	}
	if err := domain.CheckWebhookEvents(kinds); err != nil {
		errs.Add("events", err.(*domain.Error).Message)
	}
	return f, errs.Err()
}

func (f hookForm) kinds() []string {
	var out []string
	for _, k := range domain.WebhookEventKinds {
		if f.Events[k] {
			out = append(out, k)
		}
	}
	return out
}

// create registers an endpoint with a fresh secret and opens its page.
func (h hookPages) create(c *fiber.Ctx) error {
	s, err := h.scope(c)
	if err != nil {
		return err
	}
	p := h.a.webhooksPage(c, s)
	f, ferr := h.a.readHookForm(c)
	p.Form = f
	ep := domain.WebhookEndpoint{InstitutionID: s.Institution.ID, URL: f.URL, Events: f.kinds(), Enabled: f.Enabled, CreatedBy: p.User.ID}
	if s.Institution.ID == 0 {
		if !founderIn(f.FounderID, s.Founders) {
			return domain.ErrNotFound
		}
		ep.FounderID = f.FounderID
	}
	if ferr == nil {
		if ep.Secret, ferr = webhook.NewSecret(); ferr != nil {
			return ferr
		}
		if ferr = h.a.store.CreateWebhookEndpoint(c.UserContext(), &ep); ferr == nil {
			h.a.audit(c, domain.AuditEntry{Action: domain.AuditWebhookCreated, InstitutionID: ep.InstitutionID,
				Detail: fmt.Sprintf("#%d %s", ep.ID, ep.URL)})
			return h.a.done(c, fmt.Sprintf("%s/%d", s.Base, ep.ID), "webhooks.done.created")
		}
	}
	errs, ok := formErrors(p.Page, ferr)
	if !ok {
		return ferr
	}
	p.Errs, p.Summary = errs, summary(errs, "url", "events")
	return h.a.renderWebhooks(c, fiber.StatusUnprocessableEntity, p)
}

func founderIn(id int64, fs []domain.Founder) bool {
	for _, f := range fs {
		if f.ID == id {
			return true
		}
	}
	return false
}

// endpoint loads the :wid endpoint of the owner (anyone else's: 404).
func (h hookPages) endpoint(c *fiber.Ctx) (hookScope, domain.WebhookEndpoint, error) {
	s, err := h.scope(c)
	if err != nil {
		return s, domain.WebhookEndpoint{}, err
	}
	id, err := paramID(c, "wid")
	if err != nil {
		return s, domain.WebhookEndpoint{}, err
	}
	ep, err := h.a.store.WebhookEndpoint(c.UserContext(), s.Owner, id)
	return s, ep, err
}

func (h hookPages) page(c *fiber.Ctx, s hookScope, ep domain.WebhookEndpoint) webhookPage {
	p := webhookPage{webhooksPage: h.a.webhooksPage(c, s), Endpoint: ep, Now: h.a.now()}
	p.Title = p.T("webhooks.endpoint_title")
	p.Form = hookForm{URL: ep.URL, Events: map[string]bool{}, Enabled: ep.Enabled, FounderID: ep.FounderID}
	for _, k := range ep.Events {
		p.Form.Events[k] = true
	}
	return p
}

func (h hookPages) render(c *fiber.Ctx, status int, p webhookPage) error {
	ds, err := h.a.store.WebhookDeliveries(c.UserContext(), p.Scope.Owner, p.Endpoint.ID, 50)
	if err != nil {
		return err
	}
	p.Deliveries = ds
	return h.a.render(c, status, "webhook", p)
}

// show is an endpoint's page: its secret, settings and delivery log.
func (h hookPages) show(c *fiber.Ctx) error {
	s, ep, err := h.endpoint(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, h.page(c, s, ep))
}

// update saves the URL, events and enabled flag.
func (h hookPages) update(c *fiber.Ctx) error {
	s, ep, err := h.endpoint(c)
	if err != nil {
		return err
	}
	p := h.page(c, s, ep)
	f, ferr := h.a.readHookForm(c)
	p.Form = f
	if ferr == nil {
		ep.URL, ep.Events, ep.Enabled = f.URL, f.kinds(), f.Enabled
		if ferr = h.a.store.UpdateWebhookEndpoint(c.UserContext(), s.Owner, ep); ferr == nil {
			h.a.audit(c, domain.AuditEntry{Action: domain.AuditWebhookChanged, InstitutionID: ep.InstitutionID,
				Detail: fmt.Sprintf("#%d %s enabled=%v", ep.ID, ep.URL, ep.Enabled)})
			return h.a.done(c, fmt.Sprintf("%s/%d", s.Base, ep.ID), "webhooks.done.saved")
		}
	}
	errs, ok := formErrors(p.Page, ferr)
	if !ok {
		return ferr
	}
	p.Errs, p.Summary = errs, summary(errs, "url", "events")
	return h.render(c, fiber.StatusUnprocessableEntity, p)
}

// rotate gives the endpoint a new secret; the old one signs for a day more.
func (h hookPages) rotate(c *fiber.Ctx) error {
	s, ep, err := h.endpoint(c)
	if err != nil {
		return err
	}
	secret, err := webhook.NewSecret()
	if err != nil {
		return err
	}
	if _, err := h.a.store.RotateWebhookSecret(c.UserContext(), s.Owner, ep.ID, secret); err != nil {
		return err
	}
	h.a.audit(c, domain.AuditEntry{Action: domain.AuditWebhookRotated, InstitutionID: ep.InstitutionID, Detail: fmt.Sprintf("#%d", ep.ID)})
	return h.a.done(c, fmt.Sprintf("%s/%d", s.Base, ep.ID), "webhooks.done.rotated")
}

// resend plans one delivery of the log again, with the same webhook-id.
func (h hookPages) resend(c *fiber.Ctx) error {
	s, ep, err := h.endpoint(c)
	if err != nil {
		return err
	}
	did, err := paramID(c, "did")
	if err != nil {
		return err
	}
	if err := h.a.store.ResendWebhookDelivery(c.UserContext(), s.Owner, ep.ID, did); err != nil {
		return err
	}
	return h.a.done(c, fmt.Sprintf("%s/%d", s.Base, ep.ID), "webhooks.done.resent")
}
