// Command loadgen is Planboard's HTTP load generator for `make bench`: it
// logs in like a browser (CSRF token, session cookie), then keeps -c
// connections busy on one URL for -d and prints throughput and latency
// percentiles as one JSON line.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"

	"planboard/app/webtest"
)

type result struct {
	URL      string  `json:"url"`
	Requests int     `json:"requests"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	Non2xx   int     `json:"non_2xx"`
	Errors   int     `json:"errors"`
}

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "server base URL")
	path := flag.String("path", "/healthz", "path to load")
	conns := flag.Int("c", 32, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration")
	warmup := flag.Duration("warmup", 2*time.Second, "load this long first without measuring (the process's first requests open its connections and fill its caches)")
	email := flag.String("login", "", "log in as this user first (empty: anonymous)")
	password := flag.String("password", "demo-password", "password for -login")
	token := flag.String("token", "", "send Authorization: Bearer <token> (the JSON API)")
	importFile := flag.String("import", "", "instead of a load: import this plan file as -login, a new plan of -institution for -year")
	institution := flag.Int64("institution", 0, "with -import: the institution's id")
	year := flag.Int("year", 0, "with -import: the new plan's year")
	flag.Parse()
	if *importFile != "" {
		if err := importPlan(*base, *email, *password, *importFile, *institution, *year); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*base, *path, *conns, *warmup, *dur, *email, *password, *token); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// login signs in like a browser (webtest's client) and returns the
// session's Cookie header for email.
func login(base, email, password string) (string, error) {
	c := webtest.New(base, nil, nil, 30*time.Second)
	if err := c.Login(email, password); err != nil {
		return "", err
	}
	return c.CookieHeader(), nil
}

func run(base, path string, conns int, warmup, dur time.Duration, email, password, token string) error {
	cookie := ""
	if email != "" {
		var err error
		if cookie, err = login(base, email, password); err != nil {
			return err
		}
	}
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	target := base + path
	if warmup > 0 {
		if _, err := load(client, target, cookie, token, conns, warmup); err != nil {
			return err
		}
	}
	r, err := load(client, target, cookie, token, conns, dur)
	if err != nil {
		return err
	}
	r.URL = path
	return json.NewEncoder(os.Stdout).Encode(r)
}

// load keeps conns requests to target in flight for dur and measures them.
func load(client *http.Client, target, cookie, token string, conns int, dur time.Duration) (result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var non2xx, errs int
	var wg sync.WaitGroup
	start := time.Now() // wall clock: measures the run
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			var bad, failed int
			for ctx.Err() == nil {
				req, _ := http.NewRequest(http.MethodGet, target, nil)
				if cookie != "" {
					req.Header.Set("Cookie", cookie)
				}
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				t0 := time.Now() // wall clock: measures latency
				res, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						failed++
					}
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				local = append(local, time.Since(t0))
				if res.StatusCode < 200 || res.StatusCode > 299 {
					bad++
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			non2xx += bad
			errs += failed
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000
	}
	return result{Requests: len(lat), RPS: float64(len(lat)) / elapsed.Seconds(),
		P50ms: pct(0.50), P99ms: pct(0.99), Non2xx: non2xx, Errors: errs}, nil
}
