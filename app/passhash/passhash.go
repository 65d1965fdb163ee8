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

// bcryptCost is the work factor for password hashes (about 50 ms here).
const bcryptCost = 11

// Hash returns a bcrypt hash of password, outside the limit (the CLI, the
// demo data, tests); requests use Limited.
func Hash(password string) (string, error) {
	b, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	return string(b), err
}

// dummyHash is compared against when the e-mail is unknown, so that a wrong
// e-mail takes as long as a wrong password and reveals nothing.
// It is computed on first use, not at start-up.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("planboard-dummy-password"), bcryptCost)
	return h
})

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

// hashPassword is Hash within the limit, for requests.
func hashPassword(ctx context.Context, password string) (string, error) {
	var (
		h   string
		err error
	)
	if werr := passwordWork.do(ctx, func() { h, err = Hash(password) }); werr != nil {
		return "", werr
	}
	return h, err
}

// Limited is the service's password hashing (service.Passwords): bcrypt
// within the process's limit, with the dummy hash for accounts without one.
type Limited struct{}

// Matches compares password with hash within the limit; an empty hash is
// compared against the dummy one (as long, never a match).
func (Limited) Matches(ctx context.Context, hash []byte, password string) (bool, error) {
	if len(hash) == 0 {
		_, err := passwordMatches(ctx, dummyHash(), password)
		return false, err
	}
	return passwordMatches(ctx, hash, password)
}

// Hash is hashPassword.
func (Limited) Hash(ctx context.Context, password string) (string, error) {
	return hashPassword(ctx, password)
}
