package apiauth

import (
	"math"
	"sync"
	"time"
)

// Limiter is a token bucket per API token: each bucket holds up to Burst
// requests and refills at Rate per second. It lives in the memory of one
// replica: with N replicas behind a balancer a client gets up to N times
// the rate, which is acceptable for a limit meant to stop runaway scripts,
// not to meter usage (that would need the database or a shared cache).
type Limiter struct {
	rate  float64
	burst float64
	mu    sync.Mutex
	b     map[int64]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds the memory: beyond it, buckets that have refilled
// completely (indistinguishable from a new one) are dropped.
const maxBuckets = 10000

// NewLimiter allows rate requests per second per token, with bursts of burst.
func NewLimiter(rate float64, burst int) *Limiter {
	return &Limiter{rate: rate, burst: float64(burst), b: map[int64]*bucket{}}
}

// DefaultLimiter is 10 requests per second, bursts of 30.
func DefaultLimiter() *Limiter { return NewLimiter(10, 30) }

// Allow takes one request from key's bucket at now. When the bucket is
// empty it refuses and says in how many whole seconds (at least 1) a
// request will be allowed again: the Retry-After value.
func (l *Limiter) Allow(key int64, now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.b[key]
	if !ok {
		if len(l.b) >= maxBuckets {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.b[key] = b
	}
	if d := now.Sub(b.at).Seconds(); d > 0 {
		b.tokens = math.Min(l.burst, b.tokens+d*l.rate)
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := int(math.Ceil((1 - b.tokens) / l.rate))
	if wait < 1 {
		wait = 1
	}
	return false, wait
}

// prune drops the buckets that are full again at now.
func (l *Limiter) prune(now time.Time) {
	for k, b := range l.b {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.b, k)
		}
	}
}
