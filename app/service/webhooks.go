package service

import (
	"context"

	"planboard/app/webhook"
	"planboard/domain"
)

// WebhookStore is what managing webhook endpoints needs: the owner through
// the caller's scope, and the endpoints of an owner (every statement keeps
// to the owner).
type WebhookStore interface {
	Institution(ctx context.Context, sc domain.Scope, id int64) (domain.Institution, error)
	Founders(ctx context.Context, sc domain.Scope) ([]domain.Founder, error)
	CreateWebhookEndpoint(ctx context.Context, ep *domain.WebhookEndpoint) error
	WebhookEndpoint(ctx context.Context, o domain.WebhookOwner, id int64) (domain.WebhookEndpoint, error)
	UpdateWebhookEndpoint(ctx context.Context, o domain.WebhookOwner, ep domain.WebhookEndpoint) error
	RotateWebhookSecret(ctx context.Context, o domain.WebhookOwner, id int64, secret string) (domain.WebhookEndpoint, error)
	ResendWebhookDelivery(ctx context.Context, o domain.WebhookOwner, endpointID, deliveryID int64) error
}

// HookOwner is whose endpoints an operation manages, resolved through the
// caller's scope.
type HookOwner struct {
	Owner       domain.WebhookOwner
	Institution domain.Institution // an institution's endpoints
	Founders    []domain.Founder   // the founders' endpoints: those the caller may register endpoints for
}

// founderScope is the founders the caller oversees (every one for the
// admin). Errors: EForbidden for anyone else.
func (c Caller) founderScope() (domain.Scope, error) {
	a := c.Actor
	sc := domain.Scope{All: a.IsAdmin}
	for _, m := range a.Memberships {
		if m.Role == domain.RoleFounder && domain.Can(a, domain.ActViewFounder, domain.Resource{FounderID: m.FounderID}) {
			sc.FounderIDs = append(sc.FounderIDs, m.FounderID)
		}
	}
	if sc.Empty() {
		return sc, ErrForbidden
	}
	return sc, nil
}

// WebhookOwner resolves an institution's endpoints (institutionID > 0:
// the institution through the caller's scope, then the right to manage
// its endpoints: its director, the admin) or, with 0, the endpoints of the
// founders the caller may manage them for. Errors: ENotFound, EForbidden.
func (s *Service) WebhookOwner(ctx context.Context, who Caller, institutionID int64) (HookOwner, error) {
	if institutionID > 0 {
		inst, err := s.store.Institution(ctx, who.Scope(), institutionID)
		if err != nil {
			return HookOwner{}, err
		}
		if err := who.authorize(domain.ActManageWebhooks, inst); err != nil {
			return HookOwner{}, err
		}
		return HookOwner{Owner: domain.WebhookOwner{InstitutionID: inst.ID}, Institution: inst}, nil
	}
	if institutionID < 0 {
		return HookOwner{}, domain.ErrNotFound
	}
	sc, err := who.founderScope()
	if err != nil {
		return HookOwner{}, err
	}
	founders, err := s.store.Founders(ctx, sc)
	if err != nil {
		return HookOwner{}, err
	}
	var mine []domain.Founder
	for _, f := range founders {
		if domain.Can(who.Actor, domain.ActManageWebhooks, domain.Resource{FounderID: f.ID}) {
			mine = append(mine, f)
		}
	}
	if len(mine) == 0 {
		return HookOwner{}, ErrForbidden
	}
	return HookOwner{Owner: domain.WebhookOwner{FounderIDs: sc.FounderIDs, AnyFounder: sc.All}, Founders: mine}, nil
}

// Webhook is an endpoint's form. Institution names the owner as for
// WebhookOwner; Endpoint is the endpoint edited (0 when registering one).
type Webhook struct {
	Institution, Endpoint int64
	URL                   string
	Events                []string // as sent: checked, then kept in the catalogue's order
	Enabled               bool
	FounderID             int64 // registering for founders: which of them
}

// WebhookResult is the owner and the endpoint as saved, or as it would have
// been saved (a refused form is shown again with the cleaned URL).
type WebhookResult struct {
	Owner    HookOwner
	Endpoint domain.WebhookEndpoint
}

// checkWebhook applies the text rule, the address guard and the event
// list to the form, giving the URL as it is kept.
func (s *Service) checkWebhook(ctx context.Context, in Webhook) (string, []string, domain.FieldErrors) {
	var errs domain.FieldErrors
	url := errs.Line("url", in.URL) // the one text rule first: an address is one line
	if err := s.guard.CheckURL(ctx, url); err != nil {
		errs.Add("url", err.(*domain.Error).Message) // kept only when the text rule said nothing
	}
	if err := domain.CheckWebhookEvents(in.Events); err != nil {
		errs.Add("events", err.(*domain.Error).Message)
	}
	seen := map[string]bool{}
	for _, k := range in.Events {
		seen[k] = true
	}
	var kinds []string
	for _, k := range domain.WebhookEventKinds {
		if seen[k] {
			kinds = append(kinds, k)
		}
	}
	return url, kinds, errs
}

// CreateWebhook registers an endpoint with a fresh secret. Errors:
// ENotFound (the owner, or a founder not among the caller's), EForbidden,
// *domain.ValidationError ("url", "events").
func (s *Service) CreateWebhook(ctx context.Context, who Caller, in Webhook) (WebhookResult, error) {
	o, err := s.WebhookOwner(ctx, who, in.Institution)
	if err != nil {
		return WebhookResult{}, err
	}
	url, kinds, fe := s.checkWebhook(ctx, in)
	res := WebhookResult{Owner: o, Endpoint: domain.WebhookEndpoint{InstitutionID: o.Institution.ID, URL: url, Events: kinds,
		Enabled: in.Enabled, CreatedBy: who.User.ID}}
	if o.Institution.ID == 0 {
		if !founderIn(in.FounderID, o.Founders) {
			return res, domain.ErrNotFound
		}
		res.Endpoint.FounderID = in.FounderID
	}
	if err := fe.Err(); err != nil {
		return res, err
	}
	if res.Endpoint.Secret, err = webhook.NewSecret(); err != nil {
		return res, err
	}
	return res, s.store.CreateWebhookEndpoint(ctx, &res.Endpoint)
}

func founderIn(id int64, fs []domain.Founder) bool {
	for _, f := range fs {
		if f.ID == id {
			return true
		}
	}
	return false
}

// Webhook loads an endpoint of the owner (anyone else's: not found).
// Errors: as WebhookOwner, ENotFound.
func (s *Service) Webhook(ctx context.Context, who Caller, institutionID, id int64) (WebhookResult, error) {
	o, err := s.WebhookOwner(ctx, who, institutionID)
	if err != nil {
		return WebhookResult{}, err
	}
	if id <= 0 {
		return WebhookResult{Owner: o}, domain.ErrNotFound
	}
	ep, err := s.store.WebhookEndpoint(ctx, o.Owner, id)
	return WebhookResult{Owner: o, Endpoint: ep}, err
}

// UpdateWebhook saves an endpoint's URL, events and enabled flag. The
// result's Endpoint is the endpoint as loaded when the form is refused.
// Errors: as Webhook, *domain.ValidationError ("url", "events").
func (s *Service) UpdateWebhook(ctx context.Context, who Caller, in Webhook) (WebhookResult, error) {
	res, err := s.Webhook(ctx, who, in.Institution, in.Endpoint)
	if err != nil {
		return res, err
	}
	url, kinds, fe := s.checkWebhook(ctx, in)
	if err := fe.Err(); err != nil {
		return res, err
	}
	ep := res.Endpoint
	ep.URL, ep.Events, ep.Enabled = url, kinds, in.Enabled
	if err := s.store.UpdateWebhookEndpoint(ctx, res.Owner.Owner, ep); err != nil {
		return res, err
	}
	res.Endpoint = ep
	return res, nil
}

// RotateWebhookSecret gives the endpoint a new secret; the old one signs
// for a day more. Errors: as Webhook.
func (s *Service) RotateWebhookSecret(ctx context.Context, who Caller, institutionID, id int64) (WebhookResult, error) {
	res, err := s.Webhook(ctx, who, institutionID, id)
	if err != nil {
		return res, err
	}
	secret, err := webhook.NewSecret()
	if err != nil {
		return res, err
	}
	_, err = s.store.RotateWebhookSecret(ctx, res.Owner.Owner, res.Endpoint.ID, secret)
	return res, err
}

// ResendWebhook plans one delivery of the endpoint's log again, with the
// same webhook-id. Errors: as Webhook, ENotFound (the delivery).
func (s *Service) ResendWebhook(ctx context.Context, who Caller, institutionID, id, deliveryID int64) (WebhookResult, error) {
	res, err := s.Webhook(ctx, who, institutionID, id)
	if err != nil {
		return res, err
	}
	if deliveryID <= 0 {
		return res, domain.ErrNotFound
	}
	return res, s.store.ResendWebhookDelivery(ctx, res.Owner.Owner, res.Endpoint.ID, deliveryID)
}
