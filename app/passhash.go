package app

import (
	"context"
	"runtime"

	"golang.org/x/crypto/bcrypt"
)

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

// hashPassword is HashPassword within the limit, for requests.
func hashPassword(ctx context.Context, password string) (string, error) {
	var (
		h   string
		err error
	)
	if werr := passwordWork.do(ctx, func() { h, err = HashPassword(password) }); werr != nil {
		return "", werr
	}
	return h, err
}

// passwords is the service's password hashing: bcrypt within the
// process's limit, with the dummy hash for accounts without one.
type passwords struct{}

// Matches compares password with hash within the limit; an empty hash is
// compared against the dummy one (as long, never a match).
func (passwords) Matches(ctx context.Context, hash []byte, password string) (bool, error) {
	if len(hash) == 0 {
		_, err := passwordMatches(ctx, dummyHash(), password)
		return false, err
	}
	return passwordMatches(ctx, hash, password)
}

// Hash is hashPassword.
func (passwords) Hash(ctx context.Context, password string) (string, error) {
	return hashPassword(ctx, password)
}
