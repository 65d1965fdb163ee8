package service_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"planboard/app/service"
	"planboard/domain"
)

func counterTokens(d *service.Deps) {
	n := 0
	d.Token = func() string { n++; return "token-" + strconv.Itoa(n) + "-0123456789abcdefghijklmnopqrstuvwxyz" }
}

// Signing in: the fields are required, a wrong password or an unknown
// address is refused alike (and counted), the right one starts a new
// session and ends the one the browser brought; too many failures lock
// the account out before any password is checked.
func TestLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t, counterTokens)
	in := service.Login{Email: "staff@example.org", Password: demoPassword, IP: "192.0.2.1", CSRFToken: "csrf", Lifetime: time.Hour}
	if _, err := e.svc.Login(e.ctx, service.Login{Email: in.Email}); err != service.ErrLoginRequired {
		t.Errorf("no password: %v", err)
	}
	first, err := e.svc.Login(e.ctx, in)
	if err != nil || first.Token == "" || first.User.Email != in.Email || first.Session.CSRFToken != "csrf" ||
		!first.Session.ExpiresAt.Equal(pgtest0(e).Add(time.Hour)) || first.Actor.UserID != 0 {
		t.Fatalf("login: %+v %v", first, err)
	}
	if _, _, _, err := e.store.SessionActor(e.ctx, first.Token, pgtest0(e), time.Hour); err != nil {
		t.Fatalf("the new session: %v", err)
	}
	in.OldSession, in.WithActor = first.Token, true
	second, err := e.svc.Login(e.ctx, in)
	if err != nil || second.Token == first.Token || second.Actor.UserID != second.User.ID {
		t.Fatalf("second login: %+v %v", second, err)
	}
	if _, _, _, err := e.store.SessionActor(e.ctx, first.Token, pgtest0(e), time.Hour); code(err) != domain.ENotFound {
		t.Errorf("the session the browser brought lives on: %v", err)
	}
	if err := e.svc.Logout(e.ctx, second.Token); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := e.store.SessionActor(e.ctx, second.Token, pgtest0(e), time.Hour); code(err) != domain.ENotFound {
		t.Errorf("logged out, the session lives on: %v", err)
	}
	if err := e.svc.Logout(e.ctx, ""); err != nil {
		t.Errorf("logout without a session: %v", err)
	}

	wrong := in
	wrong.Password = "wrong"
	if out, err := e.svc.Login(e.ctx, wrong); err != service.ErrLoginInvalid || out.User.ID == 0 || out.Token != "" {
		t.Errorf("wrong password: %+v %v", out, err)
	}
	unknown := wrong
	unknown.Email = "nobody@example.org"
	if out, err := e.svc.Login(e.ctx, unknown); err != service.ErrLoginInvalid || out.User.ID != 0 {
		t.Errorf("unknown address: %+v %v", out, err)
	}
	for i := 1; i < 10; i++ {
		if _, err := e.svc.Login(e.ctx, wrong); err != service.ErrLoginInvalid {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	var limited *service.LoginLimited
	if _, err := e.svc.Login(e.ctx, in); !errors.As(err, &limited) || !limited.Until.After(pgtest0(e)) {
		t.Errorf("the right password after ten failures: %v, want the limit", err)
	}
}

// pgtest0 is the moment the tests' service lives in.
func pgtest0(e *env) time.Time { return e.store.Now() }

// A reset link: the address is checked, the mail planned for a known and
// an unknown address alike (the limit counts both), and the link sets a
// password once, refusing a weak or unconfirmed one, ending the sessions.
func TestPasswordResetAndSet(t *testing.T) {
	t.Parallel()
	e := newEnv(t, counterTokens)
	mailFor := func(lang, token string) domain.Mail {
		return domain.Mail{Kind: string(domain.TokenReset), Day: domain.Today(e.store.Now(), time.UTC), Subject: "reset " + lang, Text: "/password/set/" + token}
	}
	req := service.PasswordReset{Email: "not an address", IP: "192.0.2.1", Lang: "ru", Host: "plan.example.org", Mail: mailFor}
	if _, err := e.svc.RequestPasswordReset(e.ctx, req); code(err) != domain.EInvalid {
		t.Errorf("bad address: %v", err)
	}
	req.Email = " Staff@Example.org "
	res, err := e.svc.RequestPasswordReset(e.ctx, req)
	if err != nil || res.User.Email != "staff@example.org" || !res.BlockedUntil.IsZero() {
		t.Fatalf("reset: %+v %v", res, err)
	}
	if res, err := e.svc.RequestPasswordReset(e.ctx, req); err != nil || res.BlockedUntil.IsZero() {
		t.Errorf("again at once: %+v %v, want the limit", res, err)
	}
	req.Email = "nobody@example.org"
	if res, err := e.svc.RequestPasswordReset(e.ctx, req); err != nil || res.User.ID != 0 || !res.BlockedUntil.IsZero() {
		t.Errorf("unknown address: %+v %v", res, err)
	}

	token := "token-1-0123456789abcdefghijklmnopqrstuvwxyz" // the first token made: the known address's link
	link, err := e.svc.PasswordLink(e.ctx, token)
	if err != nil || link.User.Email != "staff@example.org" || link.Token.Kind != domain.TokenReset {
		t.Fatalf("link: %+v %v", link, err)
	}
	if _, err := e.svc.PasswordLink(e.ctx, "no-such-link"); code(err) != domain.ENotFound {
		t.Errorf("unknown link: %v", err)
	}
	sess, err := e.svc.Login(e.ctx, service.Login{Email: "staff@example.org", Password: demoPassword, IP: "192.0.2.9", Lifetime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	const fresh = "Новый-пароль-2026!"
	if l, err := e.svc.SetPassword(e.ctx, service.NewPassword{Token: token, Password: fresh, Confirm: "other"}); code(err) != domain.EInvalid || l.User.Email != "staff@example.org" {
		t.Errorf("unconfirmed: %+v %v", l, err)
	}
	if _, err := e.svc.SetPassword(e.ctx, service.NewPassword{Token: token, Password: "123", Confirm: "123"}); code(err) != domain.EInvalid {
		t.Errorf("weak: %v", err)
	}
	if l, err := e.svc.SetPassword(e.ctx, service.NewPassword{Token: token, Password: fresh, Confirm: fresh}); err != nil || l.Token.UserID != l.User.ID {
		t.Fatalf("set: %+v %v", l, err)
	}
	if _, err := e.svc.SetPassword(e.ctx, service.NewPassword{Token: token, Password: fresh, Confirm: fresh}); code(err) != domain.ENotFound {
		t.Errorf("the spent link again: %v", err)
	}
	if _, _, _, err := e.store.SessionActor(e.ctx, sess.Token, e.store.Now(), time.Hour); code(err) != domain.ENotFound {
		t.Errorf("the old session lives on: %v", err)
	}
	if _, err := e.svc.Login(e.ctx, service.Login{Email: "staff@example.org", Password: fresh, IP: "192.0.2.9", Lifetime: time.Hour}); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
}

// The unsubscribe link switches its owner's digests off and nothing else;
// a forged one is not found.
func TestUnsubscribe(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *service.Deps) {
		d.UnsubscribeUser = func(_ context.Context, token string) (int64, error) {
			id, _ := strconv.ParseInt(strings.TrimPrefix(token, "mac."), 10, 64)
			if !strings.HasPrefix(token, "mac.") {
				return 0, nil
			}
			return id, nil
		}
	})
	staff := e.as("staff@example.org").User
	before, err := e.store.MailSettings(e.ctx, staff.ID)
	if err != nil || !before.Digests {
		t.Fatalf("digests off already: %+v %v", before, err)
	}
	if _, err := e.svc.Unsubscribe(e.ctx, "forged."+strconv.FormatInt(staff.ID, 10)); code(err) != domain.ENotFound {
		t.Errorf("forged: %v", err)
	}
	if u, err := e.svc.UnsubscribeTarget(e.ctx, "mac."+strconv.FormatInt(staff.ID, 10)); err != nil || u.ID != staff.ID {
		t.Errorf("target: %+v %v", u, err)
	}
	if after, _ := e.store.MailSettings(e.ctx, staff.ID); !after.Digests {
		t.Error("reading the target switched digests off")
	}
	if u, err := e.svc.Unsubscribe(e.ctx, "mac."+strconv.FormatInt(staff.ID, 10)); err != nil || u.ID != staff.ID {
		t.Fatalf("unsubscribe: %+v %v", u, err)
	}
	after, _ := e.store.MailSettings(e.ctx, staff.ID)
	want := before
	want.Digests = false
	if !reflect.DeepEqual(after, want) {
		t.Errorf("settings %+v, want %+v", after, want)
	}
}
