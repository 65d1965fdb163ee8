package apiauth_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"planboard/app/apiauth"
	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// t0 is a fixed moment: the limiter's rules do not depend on the date.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestTokenFormat(t *testing.T) {
	a, err := apiauth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := apiauth.NewToken()
	if !strings.HasPrefix(a, "pbt_") || len(a) != 47 || a == b || !apiauth.WellFormed(a) {
		t.Fatalf("tokens %q, %q", a, b)
	}
	for header, want := range map[string]bool{
		"Bearer " + a:            true,
		"bearer " + a:            true,
		"  BEARER   " + a:        true,
		"Basic " + a:             false,
		a:                        false,
		"Bearer":                 false,
		"Bearer pbt_short":       false,
		"Bearer " + a + "x":      false,
		"Bearer " + a[:46] + "=": false,
		"Bearer xyz_" + a[4:]:    false,
	} {
		if _, ok := apiauth.ParseBearer(header); ok != want {
			t.Errorf("ParseBearer(%q) = %v, want %v", header, ok, want)
		}
	}
}

func TestTokenBucketRetryAfter(t *testing.T) {
	l := apiauth.NewLimiter(10, 30)
	for i := 0; i < 30; i++ {
		if ok, _ := l.Allow(1, t0); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	if ok, wait := l.Allow(1, t0); ok || wait != 1 {
		t.Errorf("31st request = %v, Retry-After %d; want refused, 1", ok, wait)
	}
	if ok, _ := l.Allow(2, t0); !ok {
		t.Error("another token shares the bucket")
	}
	if ok, _ := l.Allow(1, t0.Add(100*time.Millisecond)); !ok {
		t.Error("one request refilled after 100 ms is refused")
	}
	if ok, _ := l.Allow(1, t0.Add(100*time.Millisecond)); ok {
		t.Error("bucket should be empty again")
	}
	if ok, _ := l.Allow(1, t0.Add(time.Hour)); !ok {
		t.Error("refilled bucket refuses")
	}
	slow := apiauth.NewLimiter(0.2, 1) // one request per five seconds
	slow.Allow(1, t0)
	if ok, wait := slow.Allow(1, t0.Add(time.Second)); ok || wait != 4 {
		t.Errorf("slow limiter: %v, Retry-After %d; want refused, 4", ok, wait)
	}
}

func TestTokenAuthenticate(t *testing.T) {
	now := t0
	s := storage.New(pgtest.DB(t)).WithClock(func() time.Time { return now })
	ctx := context.Background()
	u := domain.User{Email: "api@example.org", FullName: "API"}
	if err := s.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	token, _ := apiauth.NewToken()
	tok, err := s.CreateAPIToken(ctx, u.ID, token, domain.NewAPIToken{Name: "CI", Scope: domain.APIRead, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	var stored []byte
	if err := s.DB().NewRaw("SELECT token_hash FROM api_tokens WHERE id = ?", tok.ID).Scan(ctx, &stored); err != nil || !bytes.Equal(stored, apiauth.Hash(token)) {
		t.Fatalf("storage keeps %x, apiauth.Hash says %x (%v)", stored, apiauth.Hash(token), err)
	}
	a := &apiauth.Authenticator{Store: s, Now: func() time.Time { return now }, Limiter: apiauth.NewLimiter(10, 2)}
	p, err := a.Authenticate(ctx, "Bearer "+token)
	if err != nil || p.User.ID != u.ID || p.Token.CanWrite() || p.Actor.UserID != u.ID {
		t.Fatalf("principal = %+v, %v", p, err)
	}
	a.Authenticate(ctx, "Bearer "+token)
	var limited *apiauth.RateLimitedError
	if _, err := a.Authenticate(ctx, "Bearer "+token); !errors.As(err, &limited) || limited.RetryAfter != 1 {
		t.Errorf("third request in a burst of 2: %v", err)
	}
	other, _ := apiauth.NewToken()
	for name, tc := range map[string]struct {
		header string
		want   error
	}{
		"none":    {"", apiauth.ErrNoToken},
		"garbage": {"Bearer nonsense", apiauth.ErrInvalid},
		"unknown": {"Bearer " + other, apiauth.ErrInvalid},
	} {
		if _, err := a.Authenticate(ctx, tc.header); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
	now = t0.AddDate(0, 0, 30)
	if _, err := a.Authenticate(ctx, "Bearer "+token); !errors.Is(err, apiauth.ErrInvalid) {
		t.Errorf("expired: %v", err)
	}
	now = t0.Add(time.Hour)
	if _, err := s.RevokeAPIToken(ctx, u.ID, tok.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(ctx, "Bearer "+token); !errors.Is(err, apiauth.ErrInvalid) {
		t.Errorf("revoked: %v", err)
	}
}
