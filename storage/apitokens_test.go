package storage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// clockStore is a store over a fresh database whose clock the test moves.
func clockStore(t *testing.T) (*storage.Store, *time.Time) {
	now := demoNow
	return storage.New(pgtest.DB(t)).WithClock(func() time.Time { return now }), &now
}

func newUser(t *testing.T, s *storage.Store, email string) domain.User {
	t.Helper()
	u := domain.User{Email: email, FullName: "Пользователь " + email}
	if err := s.CreateUser(context.Background(), &u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestTokenLifecycle(t *testing.T) {
	s, now := clockStore(t)
	ctx := context.Background()
	u := newUser(t, s, "owner@example.org")
	other := newUser(t, s, "other@example.org")
	const value = "pbt_storage-test-token-0000000000000000000000001"
	tok, err := s.CreateAPIToken(ctx, u.ID, value, domain.NewAPIToken{Name: "Интеграция", Scope: domain.APIWrite, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Hint != "0001" || !tok.ExpiresAt.Equal(demoNow.AddDate(0, 0, 30)) {
		t.Errorf("token = %+v", tok)
	}
	// Only the SHA-256 hash is stored.
	var stored []byte
	if err := s.DB().NewRaw("SELECT token_hash FROM api_tokens WHERE id = ?", tok.ID).Scan(ctx, &stored); err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256([]byte(value)); !bytes.Equal(stored, sum[:]) {
		t.Errorf("stored %x, want the SHA-256 of the token", stored)
	}
	var clear int
	if err := s.DB().NewRaw("SELECT count(*) FROM api_tokens WHERE position(convert_to(?, 'UTF8') in token_hash) > 0 OR name = ?", value, value).Scan(ctx, &clear); err != nil || clear != 0 {
		t.Errorf("token stored in clear: %d %v", clear, err)
	}

	got, err := s.APITokenByValue(ctx, value, demoNow)
	if err != nil || got.UserID != u.ID || got.Scope != domain.APIWrite || !got.LastUsedAt.Equal(demoNow) {
		t.Fatalf("lookup = %+v, %v", got, err)
	}
	// Last use is written at most once a minute.
	got, _ = s.APITokenByValue(ctx, value, demoNow.Add(30*time.Second))
	if again, _ := s.APIToken(ctx, u.ID, tok.ID); !again.LastUsedAt.Equal(demoNow) || !got.LastUsedAt.Equal(demoNow) {
		t.Errorf("last use after 30 s = %v (returned %v), want unchanged %v", again.LastUsedAt, got.LastUsedAt, demoNow)
	}
	s.APITokenByValue(ctx, value, demoNow.Add(61*time.Second))
	if again, _ := s.APIToken(ctx, u.ID, tok.ID); !again.LastUsedAt.Equal(demoNow.Add(61 * time.Second)) {
		t.Errorf("last use after 61 s = %v", again.LastUsedAt)
	}

	if _, err := s.APITokenByValue(ctx, "pbt_unknown", demoNow); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("unknown token: %v", err)
	}
	if _, err := s.APITokenByValue(ctx, value, demoNow.AddDate(0, 0, 30)); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("expired token: %v", err)
	}
	// Another user cannot see or revoke it; its owner can.
	if _, err := s.RevokeAPIToken(ctx, other.ID, tok.ID, other.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("foreign revoke: %v", err)
	}
	*now = demoNow.Add(time.Hour)
	r, err := s.RevokeAPIToken(ctx, u.ID, tok.ID, u.ID)
	if err != nil || !r.RevokedAt.Equal(*now) || r.RevokedBy != u.ID {
		t.Fatalf("revoke = %+v, %v", r, err)
	}
	if _, err := s.APITokenByValue(ctx, value, demoNow.Add(2*time.Hour)); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("revoked token: %v", err)
	}
	if list, _ := s.UserAPITokens(ctx, u.ID); len(list) != 1 || list[0].RevokedAt.IsZero() {
		t.Errorf("list = %+v", list)
	}
}

func TestTokenNeverExpiresAndAdminRevokes(t *testing.T) {
	s, _ := clockStore(t)
	ctx := context.Background()
	u := newUser(t, s, "owner@example.org")
	adm := newUser(t, s, "root@example.org")
	tok, err := s.CreateAPIToken(ctx, u.ID, "pbt_forever", domain.NewAPIToken{Name: "Навсегда", Scope: domain.APIRead, Days: 0})
	if err != nil || !tok.ExpiresAt.IsZero() {
		t.Fatalf("create = %+v, %v", tok, err)
	}
	if got, err := s.APITokenByValue(ctx, "pbt_forever", demoNow.AddDate(10, 0, 0)); err != nil || got.CanWrite() {
		t.Errorf("ten years later = %+v, %v", got, err)
	}
	all, err := s.AllAPITokens(ctx)
	if err != nil || len(all) != 1 || all[0].UserEmail != "owner@example.org" {
		t.Fatalf("all = %+v, %v", all, err)
	}
	if _, err := s.RevokeAPIToken(ctx, 0, tok.ID, adm.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.APITokenByValue(ctx, "pbt_forever", demoNow); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("revoked by the admin: %v", err)
	}
	for _, bad := range []domain.NewAPIToken{{Name: "", Scope: domain.APIRead}, {Name: "x", Scope: "admin"}, {Name: "x", Scope: domain.APIRead, Days: 7}} {
		if _, err := s.CreateAPIToken(ctx, u.ID, "pbt_bad", bad); domain.ErrorCode(err) != domain.EInvalid {
			t.Errorf("%+v: %v, want invalid", bad, err)
		}
	}
}
