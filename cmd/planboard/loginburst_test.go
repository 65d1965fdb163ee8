package main

import (
	"net/http"
	"net/url"
	"planboard/storage/pgtest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoginBurst sends SOAK_LOGINS (default 40; 200 under make soak)
// logins at the same instant to a real `planboard serve` process while four
// signed-in people keep browsing. Every login succeeds and every page
// answers 200; the latency of the browsing during the burst is logged and
// written to the soak results (bcrypt is the costly part of a login: with
// the hashing unbounded the burst starved everything else). Nothing is timed.
func TestLoginBurst(t *testing.T) {
	logins := envInt(t, "SOAK_LOGINS", 40)
	dbURL, _ := demoDatabase(t, pgtest.Now())
	srv, base := serveProc(t, map[string]string{"PLANBOARD_DATABASE_URL": dbURL, "PLANBOARD_LOG_FORMAT": "json"})
	emails := []string{"staff@example.org", "staff2@example.org", "director@example.org", "director2@example.org", "founder@example.org"}

	browsing := make([]*browser, 4)
	for i := range browsing {
		browsing[i] = newBrowser(base, nil)
		if err := browsing[i].login(emails[i]); err != nil {
			t.Fatal(err)
		}
	}
	burst := make([]*browser, logins)
	for i := range burst {
		burst[i] = newBrowser(base, &http.Transport{}) // a connection each, as separate people have
		if _, _, err := burst[i].get("/login"); err != nil {
			t.Fatal(err)
		}
	}

	start := make(chan struct{})
	var (
		mu        sync.Mutex
		loginLat  []time.Duration
		failed    []string
		wg        sync.WaitGroup
		remaining atomic.Int32
	)
	remaining.Store(int32(logins))
	for i, b := range burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer remaining.Add(-1)
			<-start
			t0 := time.Now() // wall clock: measures latency
			code, body, err := b.post("/login", url.Values{"email": {emails[i%len(emails)]}, "password": {"demo-password"}})
			mu.Lock()
			defer mu.Unlock()
			loginLat = append(loginLat, time.Since(t0))
			if err != nil || code != http.StatusSeeOther {
				failed = append(failed, (&statusError{What: "POST /login", Code: code, Body: body}).Error()+errText(err))
			}
		}()
	}
	var pageLat []time.Duration
	var browseWG sync.WaitGroup
	for i, b := range browsing {
		browseWG.Add(1)
		go func() {
			defer browseWG.Done()
			<-start
			for n := 0; remaining.Load() > 0; n++ {
				path := []string{"/my", "/"}[(i+n)%2]
				t0 := time.Now() // wall clock: measures latency
				code, body, err := b.get(path)
				mu.Lock()
				pageLat = append(pageLat, time.Since(t0))
				if err != nil || code != http.StatusOK {
					failed = append(failed, (&statusError{What: "GET " + path, Code: code, Body: body}).Error()+errText(err))
				}
				mu.Unlock()
			}
		}()
	}
	t0 := time.Now() // wall clock: measures latency
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)
	browseWG.Wait()
	if len(failed) > 0 {
		t.Errorf("%d failed requests, the first: %s", len(failed), failed[0])
	}
	if srv.exited() {
		t.Fatalf("serve died:\n%s", tailLines(srv.out.String(), 30))
	}
	if err := srv.stop(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
	lp, pp := percentiles(loginLat), percentiles(pageLat)
	soakResult(t, "login_burst", "logins", logins, "burst_ms", ms(elapsed), "login_p50_ms", ms(lp(0.5)), "login_p99_ms", ms(lp(0.99)),
		"pages_during_burst", len(pageLat), "page_p50_ms", ms(pp(0.5)), "page_p99_ms", ms(pp(0.99)), "page_max_ms", ms(pp(1)),
		"failed", len(failed))
}

// percentiles sorts lat and returns a function of p in [0, 1].
func percentiles(lat []time.Duration) func(p float64) time.Duration {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(float64(len(lat)-1)*p)]
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return " (" + err.Error() + ")"
}
