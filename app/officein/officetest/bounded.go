package officetest

import (
	"runtime"
	"testing"
	"time"
)

// Bounded runs fn and fails t when it allocated more than maxBytes in all
// (runtime.MemStats.TotalAlloc: what an expanding reader would have to
// allocate, even if the collector frees it at once) or took longer than
// maxTime. The bounds are meant loose: tens of megabytes and seconds
// against the hundreds and minutes an amplified file costs.
func Bounded(t testing.TB, maxBytes uint64, maxTime time.Duration, fn func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now() // wall clock: a test's own stopwatch
	fn()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > maxBytes {
		t.Errorf("allocated %d MB, want at most %d MB", grew>>20, maxBytes>>20)
	}
	if took > maxTime {
		t.Errorf("took %v, want at most %v", took, maxTime)
	}
}
