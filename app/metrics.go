package app

import (
	"crypto/subtle"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// durationBuckets are the upper bounds (seconds) of the request histogram.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// metrics is a small Prometheus-format registry: request counts by method
// and status, a latency histogram, requests in flight.
type metrics struct {
	inFlight atomic.Int64
	mu       sync.Mutex
	requests map[string]uint64 // "method|code" → count
	buckets  []uint64
	count    uint64
	sum      float64
}

func newMetrics() *metrics {
	return &metrics{requests: map[string]uint64{}, buckets: make([]uint64, len(durationBuckets))}
}

func (m *metrics) observe(method string, status int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[fmt.Sprintf("%s|%d", method, status)]++
	m.count++
	m.sum += sec
	for i, b := range durationBuckets {
		if sec <= b {
			m.buckets[i]++
		}
	}
}

// metricsAllowed says whether the caller may read /metrics: with
// PLANBOARD_METRICS_TOKEN set, only a request bearing it; without, only a
// direct connection from this machine (not one relayed by a proxy).
func (a *App) metricsAllowed(c *fiber.Ctx) bool {
	if a.cfg.MetricsToken != "" {
		got := strings.TrimPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
		return subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.MetricsToken)) == 1
	}
	for _, h := range []string{fiber.HeaderXForwardedFor, "Forwarded", "X-Real-Ip"} {
		if c.Get(h) != "" {
			return false
		}
	}
	return c.Context().RemoteIP().IsLoopback()
}

func (a *App) serveMetrics(c *fiber.Ctx) error {
	if !a.metricsAllowed(c) {
		return domain.ErrNotFound
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# HELP planboard_build_info Planboard's version.\n# TYPE planboard_build_info gauge\nplanboard_build_info{version=%q} 1\n", a.cfg.Version)
	m := a.metrics
	m.mu.Lock()
	keys := make([]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteString("# HELP planboard_http_requests_total HTTP requests by method and status.\n# TYPE planboard_http_requests_total counter\n")
	for _, k := range keys {
		method, code, _ := strings.Cut(k, "|")
		fmt.Fprintf(&b, "planboard_http_requests_total{method=%q,code=%q} %d\n", method, code, m.requests[k])
	}
	b.WriteString("# HELP planboard_http_request_duration_seconds Time to answer a request.\n# TYPE planboard_http_request_duration_seconds histogram\n")
	for i, ub := range durationBuckets {
		fmt.Fprintf(&b, "planboard_http_request_duration_seconds_bucket{le=\"%g\"} %d\n", ub, m.buckets[i])
	}
	fmt.Fprintf(&b, "planboard_http_request_duration_seconds_bucket{le=\"+Inf\"} %d\n", m.count)
	fmt.Fprintf(&b, "planboard_http_request_duration_seconds_sum %g\nplanboard_http_request_duration_seconds_count %d\n", m.sum, m.count)
	m.mu.Unlock()
	fmt.Fprintf(&b, "# HELP planboard_http_requests_in_flight Requests being served.\n# TYPE planboard_http_requests_in_flight gauge\nplanboard_http_requests_in_flight %d\n", m.inFlight.Load())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(&b, "# TYPE go_goroutines gauge\ngo_goroutines %d\n# TYPE go_memstats_heap_inuse_bytes gauge\ngo_memstats_heap_inuse_bytes %d\n", runtime.NumGoroutine(), ms.HeapInuse)
	if a.dbStats != nil {
		s := a.dbStats()
		fmt.Fprintf(&b, "# TYPE planboard_db_connections_open gauge\nplanboard_db_connections_open %d\n", s.OpenConnections)
		fmt.Fprintf(&b, "# TYPE planboard_db_connections_in_use gauge\nplanboard_db_connections_in_use %d\n", s.InUse)
		fmt.Fprintf(&b, "# TYPE planboard_db_wait_total counter\nplanboard_db_wait_total %d\n", s.WaitCount)
	}
	if a.backups != nil {
		st, err := a.backups.BackupStatus(c.UserContext())
		if err != nil {
			return err
		}
		ok, at := 0, int64(0)
		if st.Last.OK() {
			ok = 1
		}
		if !st.LastOK.FinishedAt.IsZero() {
			at = st.LastOK.FinishedAt.Unix()
		}
		fmt.Fprintf(&b, "# HELP planboard_backup_last_ok 1 when the latest daily backup succeeded, 0 when it failed, runs or never ran.\n# TYPE planboard_backup_last_ok gauge\nplanboard_backup_last_ok %d\n", ok)
		fmt.Fprintf(&b, "# HELP planboard_backup_last_success_timestamp_seconds When the latest good daily backup finished (0: never).\n# TYPE planboard_backup_last_success_timestamp_seconds gauge\nplanboard_backup_last_success_timestamp_seconds %d\n", at)
		fmt.Fprintf(&b, "# HELP planboard_backup_last_success_size_bytes Size of the latest good daily backup.\n# TYPE planboard_backup_last_success_size_bytes gauge\nplanboard_backup_last_success_size_bytes %d\n", st.LastOK.Size)
	}
	c.Set(fiber.HeaderContentType, "text/plain; version=0.0.4; charset=utf-8")
	return c.SendString(b.String())
}
