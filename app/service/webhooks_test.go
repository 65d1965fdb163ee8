package service_test

import (
	"testing"

	"planboard/app/service"
	"planboard/app/webhook"
	"planboard/domain"
)

func privateHooks(d *service.Deps) { d.WebhookGuard = webhook.Guard{AllowPrivate: true} }

// Webhook endpoints: the owner through the caller's scope (another
// tenant's institution is not found, its staff are forbidden), the form
// validated, and every endpoint reached only through its owner.
func TestWebhookEndpoints(t *testing.T) {
	t.Parallel()
	e := newEnv(t, privateHooks)
	director, staff, other := e.as("director@example.org"), e.as("staff@example.org"), e.as("director2@example.org")
	if _, err := e.svc.WebhookOwner(e.ctx, director, e.museum.ID); err != nil {
		t.Fatalf("own institution: %v", err)
	}
	if _, err := e.svc.WebhookOwner(e.ctx, director, e.library.ID); code(err) != domain.ENotFound {
		t.Errorf("foreign institution: %v", err)
	}
	if _, err := e.svc.WebhookOwner(e.ctx, staff, e.museum.ID); code(err) != domain.EForbidden {
		t.Errorf("staff: %v", err)
	}
	if _, err := e.svc.WebhookOwner(e.ctx, director, 0); code(err) != domain.EForbidden {
		t.Errorf("a director on the founders' endpoints: %v", err)
	}

	in := service.Webhook{Institution: e.museum.ID, URL: "ftp://example.org/x", Events: []string{"no.such.event"}, Enabled: true}
	res, err := e.svc.CreateWebhook(e.ctx, director, in)
	var ve *domain.ValidationError
	if !asValidation(err, &ve) || ve.Fields["url"] == "" || ve.Fields["events"] == "" || res.Owner.Institution.ID != e.museum.ID {
		t.Fatalf("bad form: %+v %v", res, err)
	}
	in.URL, in.Events = " http://127.0.0.1:9/hook ", []string{domain.WebhookEventKinds[1], domain.WebhookEventKinds[0]}
	if _, err := e.svc.CreateWebhook(e.ctx, other, in); code(err) != domain.ENotFound {
		t.Errorf("created for a foreign institution: %v", err)
	}
	in.URL = "http://127.0.0.1:9/hook"
	res, err = e.svc.CreateWebhook(e.ctx, director, in)
	ep := res.Endpoint
	if err != nil || ep.ID == 0 || ep.Secret == "" || ep.InstitutionID != e.museum.ID || ep.CreatedBy != director.User.ID ||
		len(ep.Events) != 2 || ep.Events[0] != domain.WebhookEventKinds[0] {
		t.Fatalf("create: %+v %v", ep, err)
	}
	if _, err := e.svc.Webhook(e.ctx, other, e.museum.ID, ep.ID); code(err) != domain.ENotFound {
		t.Errorf("read through a foreign institution: %v", err)
	}
	if _, err := e.svc.Webhook(e.ctx, other, e.library.ID, ep.ID); code(err) != domain.ENotFound {
		t.Errorf("read through the other's own institution: %v", err)
	}
	up := service.Webhook{Institution: e.library.ID, Endpoint: ep.ID, URL: "http://127.0.0.1:9/evil", Events: in.Events}
	if _, err := e.svc.UpdateWebhook(e.ctx, other, up); code(err) != domain.ENotFound {
		t.Errorf("update through a foreign owner: %v", err)
	}
	if _, err := e.svc.RotateWebhookSecret(e.ctx, other, e.library.ID, ep.ID); code(err) != domain.ENotFound {
		t.Errorf("rotate through a foreign owner: %v", err)
	}
	up.Institution, up.URL = e.museum.ID, "javascript:alert(1)"
	if _, err := e.svc.UpdateWebhook(e.ctx, director, up); code(err) != domain.EInvalid {
		t.Errorf("bad update: %v", err)
	}
	up.URL, up.Enabled = "http://127.0.0.1:9/other", false
	if res, err := e.svc.UpdateWebhook(e.ctx, director, up); err != nil || res.Endpoint.URL != up.URL || res.Endpoint.Enabled {
		t.Fatalf("update: %+v %v", res.Endpoint, err)
	}
	if res, err := e.svc.RotateWebhookSecret(e.ctx, director, e.museum.ID, ep.ID); err != nil || res.Endpoint.ID != ep.ID {
		t.Fatalf("rotate: %v", err)
	}
	got, err := e.svc.Webhook(e.ctx, director, e.museum.ID, ep.ID)
	if err != nil || got.Endpoint.Secret == ep.Secret || got.Endpoint.PrevSecret != ep.Secret || got.Endpoint.URL != up.URL {
		t.Errorf("after rotation: %+v %v", got.Endpoint, err)
	}
	if _, err := e.svc.ResendWebhook(e.ctx, director, e.museum.ID, ep.ID, 424242); code(err) != domain.ENotFound {
		t.Errorf("resend of no delivery: %v", err)
	}
	if _, err := e.svc.Webhook(e.ctx, director, e.museum.ID, 0); code(err) != domain.ENotFound {
		t.Errorf("no id: %v", err)
	}
}

// The founders' endpoints: for the founders the caller oversees only.
func TestFounderWebhooks(t *testing.T) {
	t.Parallel()
	e := newEnv(t, privateHooks)
	founder := e.as("founder@example.org")
	o, err := e.svc.WebhookOwner(e.ctx, founder, 0)
	if err != nil || len(o.Founders) == 0 {
		t.Fatalf("founder: %+v %v", o, err)
	}
	in := service.Webhook{URL: "http://127.0.0.1:9/f", Events: domain.WebhookEventKinds[:1], FounderID: o.Founders[0].ID + 1000}
	if _, err := e.svc.CreateWebhook(e.ctx, founder, in); code(err) != domain.ENotFound {
		t.Errorf("another founder's: %v", err)
	}
	in.FounderID = o.Founders[0].ID
	res, err := e.svc.CreateWebhook(e.ctx, founder, in)
	if err != nil || res.Endpoint.FounderID != in.FounderID || res.Endpoint.InstitutionID != 0 {
		t.Fatalf("create: %+v %v", res.Endpoint, err)
	}
	if _, err := e.svc.Webhook(e.ctx, e.as("director@example.org"), e.museum.ID, res.Endpoint.ID); code(err) != domain.ENotFound {
		t.Errorf("the founder's endpoint through an institution: %v", err)
	}
}
