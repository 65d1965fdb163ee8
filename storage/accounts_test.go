package storage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage/pgtest"
)

// TestTokenRedeemedOnce races two redemptions of one link: exactly one wins.
func TestTokenRedeemedOnce(t *testing.T) {
	s := pgtest.Store(t)
	loadDemo(t, s)
	ctx := context.Background()
	if res, err := s.RequestReset(ctx, domain.ResetRequest{Email: "staff@example.org", At: demoNow}, "race-token", domain.Mail{Kind: "password_reset", Subject: "s", Text: "t"}, "test"); err != nil || res.User.ID == 0 {
		t.Fatalf("RequestReset: %+v %v", res, err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = s.RedeemToken(ctx, "race-token", demoNow, "hash")
		}(i)
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch domain.ErrorCode(err) {
		case domain.ENotFound:
		default:
			if err != nil {
				t.Fatal(err)
			}
			wins++
		}
	}
	if wins != 1 {
		t.Errorf("%d redemptions succeeded, want 1", wins)
	}
	// Stored hashed: the token itself is nowhere in the table.
	var n int
	if err := s.DB().NewRaw("SELECT count(*) FROM account_tokens WHERE token_hash = convert_to('race-token', 'UTF8')").Scan(ctx, &n); err != nil || n != 0 {
		t.Errorf("token stored in clear: %d %v", n, err)
	}
}

func TestLoginBlockedUntil(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := s.RecordLoginFailure(ctx, "A@example.org", "10.0.0.1", demoNow.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	now := demoNow.Add(3 * time.Minute)
	until, err := s.LoginBlockedUntil(ctx, "a@example.org", "10.0.0.1", now, 15*time.Minute, 3, 50)
	if err != nil || !until.Equal(demoNow.Add(15*time.Minute)) {
		t.Errorf("by account and address: until %v, %v", until, err)
	}
	// The same account from another address is not blocked: failures never
	// lock an account for everyone.
	if until, err := s.LoginBlockedUntil(ctx, "a@example.org", "10.0.0.2", now, 15*time.Minute, 3, 50); err != nil || !until.IsZero() {
		t.Errorf("the account from another address: until %v, %v", until, err)
	}
	until, err = s.LoginBlockedUntil(ctx, "b@example.org", "10.0.0.1", now, 15*time.Minute, 10, 3)
	if err != nil || !until.Equal(demoNow.Add(15*time.Minute)) {
		t.Errorf("by address: until %v, %v", until, err)
	}
	if until, _ := s.LoginBlockedUntil(ctx, "a@example.org", "10.0.0.1", now, 15*time.Minute, 4, 4); !until.IsZero() {
		t.Errorf("below the limits: until %v", until)
	}
	// Failures older than a day are pruned at the next failure.
	if err := s.RecordLoginFailure(ctx, "c@example.org", "10.0.0.3", demoNow.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.DB().NewRaw("SELECT count(*) FROM login_failures").Scan(ctx, &n); err != nil || n != 1 {
		t.Errorf("after pruning %d rows, %v", n, err)
	}
}
