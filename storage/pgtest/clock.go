package pgtest

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// Now is the moment a test run lives in: PLANBOARD_TEST_NOW (RFC 3339,
// e.g. 2027-12-31T23:30:00+07:00) when it is set, otherwise the wall clock
// when the run started. Every test takes "now" from here (or from a moment
// derived from it), so `make test-dates` can move a whole run to a hard
// date; the value stays fixed for the run, so a test moves it on itself.
func Now() time.Time { return runNow() }

var runNow = sync.OnceValue(func() time.Time {
	v := os.Getenv("PLANBOARD_TEST_NOW")
	if v == "" {
		return time.Now().Truncate(time.Second) // wall clock: the default moment of a run
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		panic(fmt.Sprintf("PLANBOARD_TEST_NOW=%q is not an RFC 3339 time (e.g. 2027-01-01T00:30:00+07:00)", v))
	}
	return t
})
