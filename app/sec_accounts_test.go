package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"planboard/domain"
)

// TestResetEndsOldLinksAndAPITokens: a new reset link ends the unused
// ones; the reset page says API tokens end, and after the reset they do.
func TestResetEndsOldLinksAndAPITokens(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	staff := e.login("staff@example.org")
	r := staff.post("/settings/tokens", url.Values{"name": {"Выгрузка"}, "scope": {"write"}, "days": {"365"}})
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "Токен создан") {
		t.Fatalf("make a token: %d %s", r.Status, r.Body)
	}
	anon := e.client()
	mustContain(t, "forgot page", anon.get("/password/forgot"), 200, "токены доступа к API перестанут действовать", "Новая ссылка отменяет прежние")
	var links []string
	for i := 0; i < 3; i++ {
		anon.post("/password/forgot", url.Values{"email": {"staff@example.org"}})
		ms := e.mails("password_reset")
		if len(ms) != i+1 {
			t.Fatalf("request %d: %d mails", i+1, len(ms))
		}
		links = append(links, e.linkIn(ms[i]))
		e.now = e.now.Add(6 * time.Minute)
	}
	for _, old := range links[:2] {
		if r := anon.get(old); r.Status != http.StatusGone {
			t.Errorf("an older reset link still works: %d", r.Status)
		}
	}
	last := links[2]
	mustContain(t, "set-password page", anon.get(last), 200, "токены доступа к API тоже перестанут действовать")
	live := func() int {
		var n int
		if err := e.store.DB().QueryRowContext(ctx, "SELECT count(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL",
			e.userID("staff@example.org")).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if live() != 1 {
		t.Fatalf("live tokens before the reset: %d", live())
	}
	if r := anon.post(last, url.Values{"password": {"новый-пароль-2026"}, "confirm": {"новый-пароль-2026"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d %s", r.Status, r.Body)
	}
	if n := live(); n != 0 {
		t.Errorf("%d API tokens survived the reset", n)
	}
}

// TestNewPasswordLinkEndsTheOld: a new password link of any kind ends the
// user's open ones; an unknown address ends nobody's.
func TestNewPasswordLinkEndsTheOld(t *testing.T) {
	e := newEnv(t)
	dir := e.login("director@example.org")
	members := fmt.Sprintf("/institutions/%d/members", e.institutionID(museum))
	if r := dir.post(members, url.Values{"email": {"new.person@example.org"}, "full_name": {"Новый Человек"}, "role": {"staff"}, "locale": {"ru"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.Status)
	}
	invite := e.linkIn(e.mails("invitation")[0])
	anon := e.client()
	anon.get("/password/forgot")
	anon.post("/password/forgot", url.Values{"email": {"nobody@example.org"}})
	if r := anon.get(invite); r.Status != http.StatusOK {
		t.Fatalf("a reset for an unknown address ended someone's link: %d", r.Status)
	}
	anon.post("/password/forgot", url.Values{"email": {"new.person@example.org"}})
	if r := anon.get(invite); r.Status != http.StatusGone {
		t.Errorf("the invitation's password link still works after a reset link was sent: %d", r.Status)
	}
	ms := e.mails("password_reset")
	if r := anon.get(e.linkIn(ms[len(ms)-1])); r.Status != http.StatusOK {
		t.Errorf("the new link: %d", r.Status)
	}
}

// TestTokenAndWebhookCaps: one person has at most MaxAPITokensPerUser live
// tokens and an institution MaxWebhooksPerOwner endpoints; the next is
// refused with the limit stated, the form keeps what was typed, nothing
// is made; a revoked token frees its place.
func TestTokenAndWebhookCaps(t *testing.T) {
	e := newEnv(t)
	staff := e.login("staff@example.org")
	for i := 0; i < domain.MaxAPITokensPerUser; i++ {
		if r := staff.post("/settings/tokens", url.Values{"name": {fmt.Sprintf("Токен %d", i)}, "scope": {"read"}, "days": {"30"}}); r.Status != http.StatusOK {
			t.Fatalf("token %d: %d", i, r.Status)
		}
	}
	mustContain(t, "tokens page", staff.get("/settings/tokens"), 200, fmt.Sprintf("не больше %d действующих токенов", domain.MaxAPITokensPerUser))
	r := staff.post("/settings/tokens", url.Values{"name": {"Лишний"}, "scope": {"read"}, "days": {"30"}})
	mustContain(t, "one token too many", r, 422, fmt.Sprintf("У вас уже %d действующих токенов", domain.MaxAPITokensPerUser),
		`value="Лишний"`, `href="#name"`)
	var n int
	if err := e.store.DB().QueryRowContext(context.Background(), "SELECT count(*) FROM api_tokens WHERE user_id = ?",
		e.userID("staff@example.org")).Scan(&n); err != nil || n != domain.MaxAPITokensPerUser {
		t.Fatalf("tokens stored: %d, %v", n, err)
	}
	if _, err := e.store.DB().ExecContext(context.Background(), "UPDATE api_tokens SET revoked_at = now() WHERE id = (SELECT max(id) FROM api_tokens WHERE user_id = ?)",
		e.userID("staff@example.org")); err != nil {
		t.Fatal(err)
	}
	if r := staff.post("/settings/tokens", url.Values{"name": {"Вместо отозванного"}, "scope": {"read"}, "days": {"30"}}); r.Status != http.StatusOK {
		t.Errorf("a revoked token's place: %d", r.Status)
	}

	dir := e.login("director@example.org")
	base := fmt.Sprintf("/institutions/%d/webhooks", e.institutionID(museum))
	for i := 0; i < domain.MaxWebhooksPerOwner; i++ {
		if r := dir.post(base, url.Values{"url": {fmt.Sprintf("https://93.184.216.34/hook%d", i)}, "events": {"item.created"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("webhook %d: %d %s", i, r.Status, r.Body)
		}
	}
	r = dir.post(base, url.Values{"url": {"https://93.184.216.34/extra"}, "events": {"item.created"}})
	mustContain(t, "one webhook too many", r, 422, fmt.Sprintf("уже %d адресов", domain.MaxWebhooksPerOwner), `value="https://93.184.216.34/extra"`, `href="#url"`)
	if err := e.store.DB().QueryRowContext(context.Background(), "SELECT count(*) FROM webhook_endpoints WHERE institution_id = ?",
		e.institutionID(museum)).Scan(&n); err != nil || n != domain.MaxWebhooksPerOwner {
		t.Errorf("endpoints stored: %d, %v", n, err)
	}
}
