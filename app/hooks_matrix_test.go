package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"planboard/domain"
)

// matrixHooks are the webhook endpoints and deliveries the matrix asks about.
type matrixHooks struct {
	founder                 int64 // the founder of the museum and the library
	museumHook, libraryHook int64
	founderHook             int64
	museumDelivery          int64
	libraryDelivery         int64
	founderDelivery         int64
	staff2Token             int64 // revoked by the rows that revoke it; asking again changes nothing
}

// setupHooks registers an endpoint on the museum, the library and the
// founder, and plans a delivery of a museum and a library event.
func setupHooks(m *matrix) matrixHooks {
	ctx := context.Background()
	inst, err := m.e.store.Institution(ctx, domain.Scope{All: true}, m.museum)
	if err != nil {
		m.e.t.Fatal(err)
	}
	h := matrixHooks{founder: inst.FounderID}
	tok, err := m.e.store.CreateAPIToken(ctx, m.libStaffID, "pbt_matrix-staff2", domain.NewAPIToken{Name: "Матрица", Scope: domain.APIRead, Days: 30})
	if err != nil {
		m.e.t.Fatal(err)
	}
	h.staff2Token = tok.ID
	for _, ep := range []struct {
		id   *int64
		inst int64
		fnd  int64
	}{{&h.museumHook, m.museum, 0}, {&h.libraryHook, m.library, 0}, {&h.founderHook, 0, h.founder}} {
		e := domain.WebhookEndpoint{InstitutionID: ep.inst, FounderID: ep.fnd, URL: "https://93.184.216.34/hook",
			Events: domain.WebhookEventKinds, Enabled: true, Secret: "whsec_bWF0cml4LW1hdHJpeC1tYXRyaXgtbWF0cml4"}
		if err := m.e.store.CreateWebhookEndpoint(ctx, &e); err != nil {
			m.e.t.Fatal(err)
		}
		*ep.id = e.ID
	}
	for _, inst := range []int64{m.museum, m.library} {
		if _, err := m.e.store.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventPlanApproved, InstitutionID: inst, PlanID: 1}); err != nil {
			m.e.t.Fatal(err)
		}
	}
	var rows []struct {
		ID         int64 `bun:"id"`
		EndpointID int64 `bun:"endpoint_id"`
	}
	if err := m.e.store.DB().NewRaw("SELECT id, endpoint_id FROM webhook_deliveries ORDER BY id").Scan(ctx, &rows); err != nil {
		m.e.t.Fatal(err)
	}
	for _, r := range rows {
		switch r.EndpointID {
		case h.museumHook:
			h.museumDelivery = r.ID
		case h.libraryHook:
			h.libraryDelivery = r.ID
		case h.founderHook:
			h.founderDelivery = r.ID
		}
	}
	return h
}

func hookForm(m *matrix) url.Values {
	return url.Values{"url": {"https://93.184.216.34/" + m.unique("hook")}, "events": {"item.created", "plan.approved"},
		"enabled": {"on"}, "founder_id": {fmt.Sprint(m.hooks.founder)}}
}

// hookMatrixCases are the rows of the token and webhook routes: own and
// foreign tenants, and ids of another tenant addressed through one's own URL.
func hookMatrixCases() []matrixCase {
	const ok, see, bad, forbid, missing = 200, 303, 422, 403, 404
	get, post := http.MethodGet, http.MethodPost
	adminOnly := func(method string, code int) want {
		w := exp(see, code, missing, missing, missing, missing, missing, missing)
		if method == post {
			w[anon] = unauth
		}
		return w
	}
	tokenPath := func(format string) func(*matrix) string {
		return func(m *matrix) string { return fmt.Sprintf(format, m.hooks.staff2Token) }
	}
	inst := func(format string, args ...func(*matrix) int64) func(*matrix) string {
		return func(m *matrix) string {
			vals := make([]any, len(args))
			for i, a := range args {
				vals[i] = a(m)
			}
			return fmt.Sprintf(format, vals...)
		}
	}
	museumHook := func(m *matrix) int64 { return m.hooks.museumHook }
	libraryHook := func(m *matrix) int64 { return m.hooks.libraryHook }
	founderHook := func(m *matrix) int64 { return m.hooks.founderHook }
	museumDelivery := func(m *matrix) int64 { return m.hooks.museumDelivery }
	libraryDelivery := func(m *matrix) int64 { return m.hooks.libraryDelivery }
	founderDelivery := func(m *matrix) int64 { return m.hooks.founderDelivery }
	founderOnly := func(code, anonCode int) want {
		return exp(anonCode, code, code, missing, forbid, forbid, forbid, forbid)
	}
	return []matrixCase{
		{get, "/settings/tokens", "own tokens", fixed("/settings/tokens"), nil, signedIn(get, ok), false},
		{post, "/settings/tokens", "create a token", fixed("/settings/tokens"), func(*matrix) url.Values {
			return url.Values{"name": {"Матрица"}, "scope": {"read"}, "days": {"30"}}
		}, signedIn(post, ok), false},
		{post, "/settings/tokens", "empty token form", fixed("/settings/tokens"), nil, signedIn(post, bad), false},
		{get, "/settings/tokens/:id/revoke", "staff2's token", tokenPath("/settings/tokens/%d/revoke"), nil,
			exp(see, missing, missing, missing, missing, missing, missing, ok), false},
		{post, "/settings/tokens/:id/revoke", "staff2's token", tokenPath("/settings/tokens/%d/revoke"), nil,
			exp(unauth, missing, missing, missing, missing, missing, missing, see), false},
		{get, "/admin/tokens", "everyone's tokens", fixed("/admin/tokens"), nil, adminOnly(get, ok), false},
		{get, "/admin/tokens/:id/revoke", "staff2's token", tokenPath("/admin/tokens/%d/revoke"), nil, adminOnly(get, ok), false},
		{post, "/admin/tokens/:id/revoke", "staff2's token", tokenPath("/admin/tokens/%d/revoke"), nil, adminOnly(post, see), false},

		{get, "/institutions/:id/webhooks", "museum webhooks", inst("/institutions/%d/webhooks", museumOf), nil, museumWrite(ok, see), false},
		{get, "/institutions/:id/webhooks", "library webhooks", inst("/institutions/%d/webhooks", libraryOf), nil,
			exp(see, ok, forbid, missing, missing, missing, ok, forbid), false},
		{post, "/institutions/:id/webhooks", "museum webhook", inst("/institutions/%d/webhooks", museumOf), hookForm, museumWrite(see, unauth), false},
		{post, "/institutions/:id/webhooks", "museum webhook to 127.0.0.1", inst("/institutions/%d/webhooks", museumOf), func(*matrix) url.Values {
			return url.Values{"url": {"http://127.0.0.1:8080/hook"}, "events": {"item.created"}}
		}, museumWrite(bad, unauth), false},
		{get, "/institutions/:id/webhooks/:wid", "museum webhook", inst("/institutions/%d/webhooks/%d", museumOf, museumHook), nil, museumWrite(ok, see), false},
		{get, "/institutions/:id/webhooks/:wid", "library webhook through the museum URL", inst("/institutions/%d/webhooks/%d", museumOf, libraryHook), nil,
			exp(see, missing, forbid, missing, missing, forbid, missing, missing), false},
		{get, "/institutions/:id/webhooks/:wid", "founder webhook through the museum URL", inst("/institutions/%d/webhooks/%d", museumOf, founderHook), nil,
			exp(see, missing, forbid, missing, missing, forbid, missing, missing), false},
		{post, "/institutions/:id/webhooks/:wid", "save museum webhook", inst("/institutions/%d/webhooks/%d", museumOf, museumHook), hookForm, museumWrite(see, unauth), false},
		{post, "/institutions/:id/webhooks/:wid", "library webhook through the museum URL", inst("/institutions/%d/webhooks/%d", museumOf, libraryHook), hookForm,
			exp(unauth, missing, forbid, missing, missing, forbid, missing, missing), false},
		{post, "/institutions/:id/webhooks/:wid/rotate", "museum webhook", inst("/institutions/%d/webhooks/%d/rotate", museumOf, museumHook), nil, museumWrite(see, unauth), false},
		{post, "/institutions/:id/webhooks/:wid/rotate", "library webhook through the museum URL", inst("/institutions/%d/webhooks/%d/rotate", museumOf, libraryHook), nil,
			exp(unauth, missing, forbid, missing, missing, forbid, missing, missing), false},
		{post, "/institutions/:id/webhooks/:wid/deliveries/:did/resend", "museum delivery", inst("/institutions/%d/webhooks/%d/deliveries/%d/resend", museumOf, museumHook, museumDelivery), nil,
			museumWrite(see, unauth), false},
		{post, "/institutions/:id/webhooks/:wid/deliveries/:did/resend", "library delivery through the museum webhook", inst("/institutions/%d/webhooks/%d/deliveries/%d/resend", museumOf, museumHook, libraryDelivery), nil,
			exp(unauth, missing, forbid, missing, missing, forbid, missing, missing), false},

		{get, "/founder/webhooks", "founder webhooks", fixed("/founder/webhooks"), nil, exp(see, ok, ok, ok, forbid, forbid, forbid, forbid), false},
		{post, "/founder/webhooks", "founder webhook", fixed("/founder/webhooks"), hookForm, founderOnly(see, unauth), false},
		{get, "/founder/webhooks/:wid", "founder webhook", inst("/founder/webhooks/%d", founderHook), nil, founderOnly(ok, see), false},
		{get, "/founder/webhooks/:wid", "museum webhook through the founder URL", inst("/founder/webhooks/%d", museumHook), nil,
			exp(see, missing, missing, missing, forbid, forbid, forbid, forbid), false},
		{post, "/founder/webhooks/:wid", "save founder webhook", inst("/founder/webhooks/%d", founderHook), hookForm, founderOnly(see, unauth), false},
		{post, "/founder/webhooks/:wid/rotate", "founder webhook", inst("/founder/webhooks/%d/rotate", founderHook), nil, founderOnly(see, unauth), false},
		{post, "/founder/webhooks/:wid/deliveries/:did/resend", "founder delivery", inst("/founder/webhooks/%d/deliveries/%d/resend", founderHook, founderDelivery), nil,
			founderOnly(see, unauth), false},
		{post, "/founder/webhooks/:wid/deliveries/:did/resend", "museum delivery through the founder webhook", inst("/founder/webhooks/%d/deliveries/%d/resend", founderHook, museumDelivery), nil,
			exp(unauth, missing, missing, missing, forbid, forbid, forbid, forbid), false},
	}
}
