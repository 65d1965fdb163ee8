package app_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"planboard/app"
	"planboard/app/passhash"
)

// productionCost is the bcrypt work factor Planboard's passwords are
// hashed with: changing it is a decision about every account's safety and
// every login's CPU, not a side effect of making tests faster.
const productionCost = 11

// TestProductionPasswordCost: the tests hash at the cheapest cost (the
// harness passes app.Deps.Passwords), but an app wired as cmd/planboard
// wires it (no Passwords) hashes a changed password at the production cost,
// and so do the account commands and the demo data (app.HashPassword).
func TestProductionPasswordCost(t *testing.T) {
	t.Parallel()
	if passhash.DefaultCost != productionCost {
		t.Fatalf("passhash.DefaultCost = %d, want %d", passhash.DefaultCost, productionCost)
	}
	h, err := app.HashPassword("demo-password")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := bcrypt.Cost([]byte(h)); c != productionCost {
		t.Errorf("app.HashPassword hashes at cost %d, want %d", c, productionCost)
	}

	changedCost := func(e *env) int {
		t.Helper()
		c := e.login("staff@example.org")
		r := c.post("/profile/password", url.Values{"current": {"demo-password"}, "password": {"очень-надёжный"}, "confirm": {"очень-надёжный"}})
		if r.Status != 303 {
			t.Fatalf("change password = %d\n%s", r.Status, r.Body)
		}
		u, err := e.store.UserByEmail(context.Background(), "staff@example.org")
		if err != nil {
			t.Fatal(err)
		}
		cost, err := bcrypt.Cost([]byte(u.PasswordHash))
		if err != nil {
			t.Fatal(err)
		}
		return cost
	}

	// The tests' harness: the cheap cost passed in.
	if c := changedCost(newEnv(t)); c != bcrypt.MinCost {
		t.Errorf("the tests' app hashes at cost %d, want %d", c, bcrypt.MinCost)
	}

	// The production wiring: no Passwords passed in.
	e := newEnv(t)
	a, err := app.New(app.Deps{Store: e.store, Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	if c := changedCost(e); c != productionCost {
		t.Errorf("the production wiring hashes at cost %d, want %d", c, productionCost)
	}
}
