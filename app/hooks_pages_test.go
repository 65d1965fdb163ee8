package app_test

import (
	"context"
	"fmt"
	"net/url"
	"planboard/app/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"planboard/app"
	"planboard/app/apiauth"
	"planboard/domain"
	"planboard/storage"
)

// renderHooks gives the director of inst a token and the institution a
// webhook with one delivery, for TestEveryPageRenders; it returns the
// webhook's page and the token's revocation page.
func renderHooks(t *testing.T, e *env, inst int64) (hookPath, tokenPath string) {
	t.Helper()
	ctx := context.Background()
	dir := e.userID("director@example.org")
	tok, err := e.store.CreateAPIToken(ctx, dir, "pbt_render-token", domain.NewAPIToken{Name: "Отчёты", Scope: domain.APIRead, Days: 90})
	if err != nil {
		t.Fatal(err)
	}
	ep := domain.WebhookEndpoint{InstitutionID: inst, URL: "https://93.184.216.34/render", Events: domain.WebhookEventKinds,
		Enabled: true, Secret: "whsec_cmVuZGVyLXJlbmRlci1yZW5kZXItcmVuZGVy", CreatedBy: dir}
	if err := e.store.CreateWebhookEndpoint(ctx, &ep); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventItemCreated, InstitutionID: inst, ItemID: 1}); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("/institutions/%d/webhooks/%d", inst, ep.ID), fmt.Sprintf("/settings/tokens/%d/revoke", tok.ID)
}

var createdTokenRe = regexp.MustCompile(`id="created-token" readonly value="(pbt_[A-Za-z0-9_-]+)"`)

// TestTokenPages: a token is shown once, with a status message; only its
// hash is stored; it authenticates; the list shows its last use; the
// owner revokes it after a confirmation; the admin revokes anyone's; both
// are in the audit log.
func TestTokenPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	staff := e.login("staff@example.org")
	r := staff.post("/settings/tokens", url.Values{"name": {"Выгрузка"}, "scope": {"write"}, "days": {"365"}})
	m := createdTokenRe.FindStringSubmatch(r.Body)
	if r.Status != 200 || m == nil || !strings.Contains(r.Body, `<p class="flash" role="status">Токен создан.`) {
		t.Fatalf("create: %d\n%s", r.Status, r.Body)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the page showing the token may be cached: %q", r.Header.Get("Cache-Control"))
	}
	token := m[1]
	if !apiauth.WellFormed(token) {
		t.Errorf("token %q", token)
	}
	if again := staff.get("/settings/tokens"); strings.Contains(again.Body, token) || !strings.Contains(again.Body, "Выгрузка") {
		t.Error("the token is shown again, or not listed")
	}
	var n int
	if err := e.store.DB().NewRaw("SELECT count(*) FROM api_tokens WHERE token_hash = ?", apiauth.Hash(token)).Scan(ctx, &n); err != nil || n != 1 {
		t.Fatalf("hash stored: %d, %v", n, err)
	}
	auth := &apiauth.Authenticator{Store: e.store, Now: e.clock}
	p, err := auth.Authenticate(ctx, "Bearer "+token)
	if err != nil || p.User.Email != "staff@example.org" || !p.Token.CanWrite() {
		t.Fatalf("authenticate: %+v, %v", p, err)
	}
	if list := staff.get("/settings/tokens"); !strings.Contains(list.Body, dmyTime(e.now)) {
		t.Errorf("last use %s not shown", dmyTime(e.now))
	}

	// Errors: a summary at the top with links, what was typed kept.
	r = staff.post("/settings/tokens", url.Values{"name": {""}, "scope": {"write"}, "days": {"7"}})
	if r.Status != 422 || !strings.Contains(r.Body, `class="error-summary" role="alert"`) || !strings.Contains(r.Body, `href="#name"`) ||
		!strings.Contains(r.Body, `href="#days"`) || !strings.Contains(r.Body, `<option value="write" selected>`) {
		t.Errorf("bad form: %d\n%s", r.Status, r.Body)
	}

	// Revocation asks first (a page, no JavaScript), then revokes.
	path := fmt.Sprintf("/settings/tokens/%d/revoke", p.Token.ID)
	if c := staff.get(path); c.Status != 200 || !strings.Contains(c.Body, `action="`+path+`"`) {
		t.Fatalf("confirmation: %d", c.Status)
	}
	if other := e.login("staff2@example.org").get(path); other.Status != 404 {
		t.Errorf("another user's confirmation: %d", other.Status)
	}
	if r := staff.post(path, nil); r.Status != 303 || r.Location != "/settings/tokens" {
		t.Fatalf("revoke: %d %s", r.Status, r.Location)
	}
	if _, err := auth.Authenticate(ctx, "Bearer "+token); err != apiauth.ErrInvalid {
		t.Errorf("revoked token authenticates: %v", err)
	}

	// The admin sees and revokes anyone's token.
	second, _ := apiauth.NewToken()
	t2, err := e.store.CreateAPIToken(ctx, e.userID("staff@example.org"), second, domain.NewAPIToken{Name: "Второй", Scope: domain.APIRead, Days: 0})
	if err != nil {
		t.Fatal(err)
	}
	adm := e.login("admin@example.org")
	if list := adm.get("/admin/tokens"); !strings.Contains(list.Body, "staff@example.org") || !strings.Contains(list.Body, "Второй") {
		t.Errorf("admin list:\n%s", list.Body)
	}
	if r := adm.post(fmt.Sprintf("/admin/tokens/%d/revoke", t2.ID), nil); r.Status != 303 {
		t.Fatalf("admin revoke: %d", r.Status)
	}
	if _, err := auth.Authenticate(ctx, "Bearer "+second); err != apiauth.ErrInvalid {
		t.Errorf("token revoked by the admin authenticates: %v", err)
	}
	log, err := e.store.AuditLog(ctx, 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, a := range log {
		seen[a.Action]++
	}
	if seen[domain.AuditAPITokenCreated] != 1 || seen[domain.AuditAPITokenRevoked] != 2 {
		t.Errorf("audit = %v", seen)
	}
	if audit := adm.get("/admin/audit"); !strings.Contains(audit.Body, "создан токен API") {
		t.Error("audit page does not name the action")
	}
}

func dmyTime(t time.Time) string { return t.UTC().Format("02.01.2006 15:04") + " UTC" }

// TestWebhookPages: a director registers an endpoint (private addresses
// refused with the Russian message, what was typed kept), sees its secret,
// rotates it, and resends a delivery; a founder registers one for all
// institutions.
func TestWebhookPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	inst := e.institutionID(museum)
	dir := e.login("director@example.org")
	base := fmt.Sprintf("/institutions/%d/webhooks", inst)
	r := dir.post(base, url.Values{"url": {"http://10.0.0.5/hook"}, "events": {"item.created", "plan.approved"}, "enabled": {"on"}})
	if r.Status != 422 || !strings.Contains(r.Body, "Этот адрес ведёт во внутреннюю сеть") || !strings.Contains(r.Body, `href="#url"`) ||
		!strings.Contains(r.Body, `value="http://10.0.0.5/hook"`) || !strings.Contains(r.Body, `id="event-plan.approved" name="events" value="plan.approved" checked`) {
		t.Fatalf("private address: %d\n%s", r.Status, r.Body)
	}
	if r := dir.post(base, url.Values{"url": {"https://93.184.216.34/in"}}); r.Status != 422 || !strings.Contains(r.Body, "Выберите хотя бы одно событие") {
		t.Errorf("no events: %d", r.Status)
	}
	r = dir.post(base, url.Values{"url": {"https://93.184.216.34/in"}, "events": {"item.created"}, "enabled": {"on"}})
	if r.Status != 303 {
		t.Fatalf("create: %d\n%s", r.Status, r.Body)
	}
	page := dir.get(r.Location)
	secret := regexp.MustCompile(`<code id="secret">(whsec_[^<]+)</code>`).FindStringSubmatch(page.Body)
	if secret == nil || !strings.Contains(page.Body, "Вебхук добавлен") {
		t.Fatalf("endpoint page:\n%s", page.Body)
	}
	hookPath := strings.TrimSuffix(r.Location, "?created=1")
	if r := dir.post(hookPath+"/rotate", nil); r.Status != 303 {
		t.Fatalf("rotate: %d", r.Status)
	}
	page = dir.get(hookPath)
	if strings.Contains(page.Body, `<code id="secret">`+secret[1]) || !strings.Contains(page.Body, "<code>"+secret[1]+"</code>") {
		t.Errorf("after rotation the old secret should be shown as the previous one")
	}
	// An event (as the service layer will enqueue it) shows in the log and can be resent.
	if err := e.store.InTx(ctx, func(tx *storage.Store) error {
		_, err := tx.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventItemCreated, InstitutionID: inst, PlanID: e.planID(museum), ItemID: 1})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	page = dir.get(hookPath)
	did := regexp.MustCompile(`/deliveries/(\d+)/resend`).FindStringSubmatch(page.Body)
	if did == nil || !strings.Contains(page.Body, "item.created") {
		t.Fatalf("delivery log:\n%s", page.Body)
	}
	if r := dir.post(hookPath+"/deliveries/"+did[1]+"/resend", nil); r.Status != 303 || !strings.Contains(dir.get(r.Location).Body, "Доставка поставлена в очередь") {
		t.Errorf("resend: %d", r.Status)
	}
	// Switching it off keeps it, off.
	if r := dir.post(hookPath, url.Values{"url": {"https://93.184.216.34/in"}, "events": {"item.created", "plan.published"}}); r.Status != 303 {
		t.Fatalf("save: %d", r.Status)
	}
	if page := dir.get(hookPath); !strings.Contains(page.Body, "Выключен вручную") {
		t.Error("not shown as disabled")
	}

	founder := e.login("founder@example.org")
	r = founder.get("/founder/webhooks")
	fid := regexp.MustCompile(`name="founder_id" value="(\d+)"`).FindStringSubmatch(r.Body)
	if r.Status != 200 || fid == nil {
		t.Fatalf("founder page: %d", r.Status)
	}
	if r := founder.post("/founder/webhooks", url.Values{"url": {"https://93.184.216.34/all"}, "events": {"plan.submitted"}, "enabled": {"on"}, "founder_id": {fid[1]}}); r.Status != 303 {
		t.Fatalf("founder create: %d", r.Status)
	}
	// An event of the museum goes to the founder's endpoint too.
	n, err := e.store.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventPlanSubmitted, InstitutionID: inst, PlanID: 1})
	if err != nil || n != 1 {
		t.Errorf("plan.submitted planned %d, %v (the founder's endpoint)", n, err)
	}
}

// TestWebhookAllowPrivateConfig: with the allow flag the same private
// address is accepted.
func TestWebhookAllowPrivateConfig(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, err := app.New(app.Deps{Store: e.store, Now: e.clock, Config: app.Config{WebhookAllowPrivate: true}})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	dir := e.login("director@example.org")
	r := dir.post(fmt.Sprintf("/institutions/%d/webhooks", e.institutionID(museum)), url.Values{"url": {"http://127.0.0.1:9/hook"}, "events": {"item.created"}})
	if r.Status != 303 {
		t.Errorf("allowed private address: %d", r.Status)
	}
}

// TestWebhookDisabledMailText: the owner's mail in Russian and English
// names the URL and links to the endpoint's page.
func TestWebhookDisabledMailText(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m, err := mail.NewMailer(mail.MailerConfig{Store: e.store, BaseURL: "https://plan.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	d := domain.WebhookDelivery{EndpointID: 7, Endpoint: domain.WebhookEndpoint{ID: 7, InstitutionID: 3, URL: "https://hooks.example.org/in"},
		Owner: domain.MailRecipient{ID: 5, Email: "director@example.org", Name: "Иван Петров", Locale: "ru"}}
	for _, tc := range []struct{ locale, reason, want string }{
		{"ru", "failing", "перестал отправлять события"}, {"ru", "gone", "410 Gone"}, {"en", "failing", "stopped sending events"},
	} {
		d.Owner.Locale = tc.locale
		mail := m.WebhookDisabledMail(d, tc.reason, e.now)
		if mail.Kind != domain.MailWebhookDisabled || mail.To != "director@example.org" || mail.RecipientID != 5 ||
			!strings.Contains(mail.Text, tc.want) || !strings.Contains(mail.Text, "https://hooks.example.org/in") ||
			!strings.Contains(mail.Text, "https://plan.example.org/institutions/3/webhooks/7") || strings.Contains(mail.Subject, "mail.") {
			t.Errorf("%s/%s: %+v", tc.locale, tc.reason, mail)
		}
	}
	if m.Host() != "plan.example.org" {
		t.Errorf("host %q", m.Host())
	}
}
