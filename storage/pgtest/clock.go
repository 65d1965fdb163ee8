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
func Now() time.Time { return runClock().now }

// Running is the run's clock running on: Now plus the time the run has
// taken so far. Commands a test starts (serve, remind, replicas) begin
// their clock here, so that each one continues where the last left off
// instead of starting again at Now.
func Running() time.Time { c := runClock(); return c.now.Add(time.Since(c.started)) }

type clock struct{ now, started time.Time }

var runClock = sync.OnceValue(func() clock {
	started := time.Now() // wall clock: the default moment of a run, and how long it has taken
	v := os.Getenv("PLANBOARD_TEST_NOW")
	if v == "" {
		return clock{now: started.Truncate(time.Second), started: started}
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		panic(fmt.Sprintf("PLANBOARD_TEST_NOW=%q is not an RFC 3339 time (e.g. 2027-01-01T00:30:00+07:00)", v))
	}
	return clock{now: t, started: started}
})
