package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"planboard/storage/pgtest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"planboard/storage"
)

// TestLoadMixedJourneys runs SOAK_USERS virtual users (default 50) for
// SOAK_DURATION (default 5s) on the mixed journeys against a real
// `planboard serve` process: log in, look at my tasks, the board, the plan
// and items, change statuses, comment, assign, read the public report. It
// fails on any 5xx or transport error and on any acknowledged write (a 303
// answer) that is not in the database afterwards. `make soak` runs it with
// 200 users for 60 s. Throughput and errors are logged; nothing is timed.
func TestLoadMixedJourneys(t *testing.T) {
	users := envInt(t, "SOAK_USERS", 50)
	dur := envDuration(t, "SOAK_DURATION", 5*time.Second)
	dbURL, store := demoDatabase(t, pgtest.Now())
	fx := readFixture(t, store)
	srv, base := serveProc(t, map[string]string{"PLANBOARD_DATABASE_URL": dbURL, "PLANBOARD_LOG_FORMAT": "json", "PLANBOARD_PPROF_ADDR": os.Getenv("SOAK_PPROF_ADDR")})

	tr := &http.Transport{MaxIdleConnsPerHost: users, DisableCompression: true}
	st := newLoadStats()
	// Everyone signs in first (bcrypt makes logins the costly part), then
	// the journeys run for the duration, signing out and in again now and then.
	vus := make([]*virtualUser, users)
	var wg sync.WaitGroup
	started := time.Now()              // wall clock: measures elapsed time
	arriving := make(chan struct{}, 4) // people arrive a few at a time, not all in one instant
	for i := range vus {
		vus[i] = newVirtualUser(i, users, fx, newBrowser(base, tr), st)
		wg.Add(1)
		go func() {
			defer wg.Done()
			arriving <- struct{}{}
			vus[i].signIn()
			<-arriving
		}()
	}
	wg.Wait()
	t.Logf("%d users signed in in %s", users, time.Since(started).Round(time.Millisecond))
	st.resetLatency()
	started = time.Now() // wall clock: measures elapsed time
	deadline := started.Add(dur)
	for _, vu := range vus {
		wg.Add(1)
		go func() { defer wg.Done(); vu.run(deadline) }()
	}
	wg.Wait()
	elapsed := time.Since(started)
	if srv.exited() {
		t.Fatalf("serve died under load:\n%s", srv.out.String())
	}
	if err := srv.stop(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
	lr := st.report(t, users, elapsed)
	if st.serverErrors() > 0 {
		t.Errorf("%d answers 5xx or no answer at all; server log tail:\n%s", st.serverErrors(), tailLines(srv.out.String(), 30))
	}
	if len(st.odd) > 0 {
		t.Errorf("%d unexpected answers, the first ones:\n%s", len(st.odd), strings.Join(st.odd[:min(len(st.odd), 20)], "\n"))
	}
	acked, verified := verifyAcknowledged(t, store, st)
	soakResult(t, "load", "users", users, "duration", elapsed.Round(time.Second), "requests", lr.requests,
		"req_per_s", fmt.Sprintf("%.0f", lr.rps), "p50_ms", ms(lr.p50), "p99_ms", ms(lr.p99), "max_ms", ms(lr.max),
		"5xx_or_no_answer", st.serverErrors(), "writes_acknowledged", acked, "writes_verified", verified)
}

// ms formats a duration in milliseconds with one decimal.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

// verifyAcknowledged checks, in the database, that every write the server
// acknowledged is there exactly once; it returns how many were acknowledged
// and how many of them were found exactly once.
func verifyAcknowledged(t *testing.T, store *storage.Store, st *loadStats) (acked, verified int) {
	t.Helper()
	found := map[string]map[string]int{}
	for kind, q := range map[string]string{
		"comment": `SELECT body FROM item_comments WHERE body LIKE 'soak-%'`,
		"status":  `SELECT note FROM item_history WHERE field = 'status' AND note LIKE 'soak-%'`,
		"assign":  `SELECT note FROM item_history WHERE field = 'assignee' AND note LIKE 'soak-%'`,
	} {
		var rows []string
		if err := store.DB().NewRaw(q).Scan(context.Background(), &rows); err != nil {
			t.Fatal(err)
		}
		found[kind] = map[string]int{}
		for _, r := range rows {
			found[kind][r]++
		}
	}
	for kind, tokens := range st.acked {
		lost, doubled := 0, 0
		acked += len(tokens)
		for _, tok := range tokens {
			switch found[kind][tok] {
			case 0:
				lost++
			case 1:
				verified++
			default:
				doubled++
			}
		}
		t.Logf("acknowledged %-7s %6d, in the database %6d, lost %d, doubled %d", kind, len(tokens), len(found[kind]), lost, doubled)
		if lost > 0 || doubled > 0 {
			t.Errorf("%s: %d acknowledged writes lost, %d doubled", kind, lost, doubled)
		}
		if len(tokens) == 0 {
			t.Errorf("no %s was acknowledged: the journey did not exercise it", kind)
		}
	}
	return acked, verified
}

// loadStats collects answers by request kind and the acknowledged writes.
type loadStats struct {
	mu     sync.Mutex
	codes  map[string]map[int]int // kind → status → count (0: no answer)
	lat    []time.Duration
	acked  map[string][]string // write kind → tokens answered 303
	tokens int
	odd    []string // answers outside what the journey expects
}

func newLoadStats() *loadStats {
	return &loadStats{codes: map[string]map[int]int{}, acked: map[string][]string{"comment": nil, "status": nil, "assign": nil}}
}

func (s *loadStats) record(kind string, code int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.codes[kind] == nil {
		s.codes[kind] = map[int]int{}
	}
	s.codes[kind][code]++
	s.lat = append(s.lat, d)
}

func (s *loadStats) unexpectedAnswer(kind, req string, code int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.odd) < 20 {
		s.odd = append(s.odd, fmt.Sprintf("%s: %s answered %d %s", kind, req, code, snippet(body)))
	} else {
		s.odd = append(s.odd, "")
	}
}

// resetLatency starts the measured period (the counts keep the sign-ins).
func (s *loadStats) resetLatency() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lat = nil
}

func (s *loadStats) ack(kind, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acked[kind] = append(s.acked[kind], token)
}

// token returns a unique marker for one write.
func (s *loadStats) token(vu int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens++
	return fmt.Sprintf("soak-%d-%d", vu, s.tokens)
}

func (s *loadStats) serverErrors() int {
	n := 0
	for _, byCode := range s.codes {
		for code, c := range byCode {
			if code == 0 || code >= 500 {
				n += c
			}
		}
	}
	return n
}

// loadFigures are the measured period's throughput and latency.
type loadFigures struct {
	requests      int
	rps           float64
	p50, p99, max time.Duration
}

func (s *loadStats) report(t *testing.T, users int, elapsed time.Duration) loadFigures {
	t.Helper()
	pct := percentiles(s.lat)
	f := loadFigures{requests: len(s.lat), rps: float64(len(s.lat)) / elapsed.Seconds(), p50: pct(0.5), p99: pct(0.99), max: pct(1)}
	t.Logf("load: %d users, %s: %d requests, %.0f requests/s, p50 %s, p99 %s, max %s; 5xx or no answer: %d",
		users, elapsed.Round(time.Millisecond), f.requests, f.rps,
		f.p50.Round(100*time.Microsecond), f.p99.Round(100*time.Microsecond), f.max.Round(time.Millisecond), s.serverErrors())
	kinds := make([]string, 0, len(s.codes))
	for k := range s.codes {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		var parts []string
		for code, n := range s.codes[k] {
			parts = append(parts, fmt.Sprintf("%d×%d", code, n))
		}
		sort.Strings(parts)
		t.Logf("  %-16s %s", k, strings.Join(parts, " "))
	}
	return f
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("%s=%q: want a duration such as 60s", name, v)
	}
	return d
}

func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
