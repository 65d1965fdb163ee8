// Package passhash hashes and checks passwords (bcrypt) within one limit
// for the whole process: the pages, the API's sign-in paths and the CLI
// share it, and it imports no surface.
package passhash

import (
	"context"
	"runtime"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// DefaultCost is the production work factor for password hashes (about
// 50 ms on an idle core, 170 ms on a busy one). Tests pass a cheaper one in
// (Limited.Cost, app.Deps.Passwords); TestProductionPasswordCost in app
// checks that the wiring without one hashes at this cost.
const DefaultCost = 11

// Hash returns a bcrypt hash of password at DefaultCost, outside the limit
// (the CLI, the demo data); requests use Limited.
func Hash(password string) (string, error) { return hashAt(password, DefaultCost) }

func hashAt(password string, cost int) (string, error) {
	b, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	return string(b), err
}

// dummyHashes hold, per cost, the hash compared against when the e-mail is
// unknown, so that a wrong e-mail takes as long as a wrong password and
// reveals nothing. Each is computed on first use, not at start-up.
var (
	dummyMu     sync.Mutex
	dummyHashes = map[int][]byte{}
)

func dummyHash(cost int) []byte {
	dummyMu.Lock()
	defer dummyMu.Unlock()
	h, ok := dummyHashes[cost]
	if !ok {
		h, _ = bcrypt.GenerateFromPassword([]byte("planboard-dummy-password"), cost)
		dummyHashes[cost] = h
	}
	return h
}

// hashLimit bounds how many bcrypt computations run at once. A bcrypt of
// cost 11 is tens of milliseconds of pure CPU: two hundred logins at the
// same instant, unbounded, leave no CPU to anything else for seconds. With
// one slot per CPU the logins queue and the rest of the site keeps answering.
type hashLimit chan struct{}

// passwordWork is the limit shared by every request of the process.
var passwordWork = make(hashLimit, runtime.GOMAXPROCS(0))

// do runs f in a slot, waiting for one as long as ctx allows.
func (l hashLimit) do(ctx context.Context, f func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case l <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l }()
	f()
	return nil
}

// passwordMatches compares password with a bcrypt hash within the limit.
func passwordMatches(ctx context.Context, hash []byte, password string) (bool, error) {
	var ok bool
	err := passwordWork.do(ctx, func() { ok = bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil })
	return ok, err
}

// hashPassword is hashAt within the limit, for requests.
func hashPassword(ctx context.Context, password string, cost int) (string, error) {
	var (
		h   string
		err error
	)
	if werr := passwordWork.do(ctx, func() { h, err = hashAt(password, cost) }); werr != nil {
		return "", werr
	}
	return h, err
}

// Limited is the service's password hashing (service.Passwords): bcrypt
// within the process's limit, with the dummy hash for accounts without one.
// Cost is the work factor of the hashes it makes (0: DefaultCost); a hash
// is compared at the cost it was made with, whatever Cost says.
type Limited struct{ Cost int }

func (l Limited) cost() int {
	if l.Cost == 0 {
		return DefaultCost
	}
	return l.Cost
}

// Matches compares password with hash within the limit; an empty hash is
// compared against the dummy one of the same cost (as long, never a match).
func (l Limited) Matches(ctx context.Context, hash []byte, password string) (bool, error) {
	if len(hash) == 0 {
		_, err := passwordMatches(ctx, dummyHash(l.cost()), password)
		return false, err
	}
	return passwordMatches(ctx, hash, password)
}

// Hash makes a hash at the cost within the limit, for requests.
func (l Limited) Hash(ctx context.Context, password string) (string, error) {
	return hashPassword(ctx, password, l.cost())
}

// HashNow is Hash outside the limit, for tests and their fixtures.
func (l Limited) HashNow(password string) (string, error) { return hashAt(password, l.cost()) }
