package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a goroutine-safe output sink for run().
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var runningRe = regexp.MustCompile(`running at (http://\S+)`)

// startServe runs `planboard serve` in-process with the embedded default in
// dataDir and returns its URL and a function that stops it (like SIGTERM)
// and returns run's error.
func startServe(t *testing.T, dataDir string) (string, *syncBuffer, func() error) {
	t.Helper()
	return startServeEnv(t, map[string]string{"PLANBOARD_DATA_DIR": dataDir})
}

// startServeEnv is startServe with the given environment (PLANBOARD_ADDR
// defaults to a free port on loopback).
func startServeEnv(t *testing.T, vars map[string]string) (string, *syncBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	all := map[string]string{"PLANBOARD_ADDR": "127.0.0.1:0"}
	for k, v := range vars {
		all[k] = v
	}
	env := envOf(all)
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, env, strings.NewReader(""), out, io.Discard) }()
	deadline := time.Now().Add(90 * time.Second) // wall clock: a polling timeout
	for {
		if m := runningRe.FindStringSubmatch(out.String()); m != nil {
			return m[1], out, func() error { cancel(); return <-done }
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve exited early: %v\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) { // wall clock: a polling timeout
			cancel()
			t.Fatalf("serve did not start:\n%s", out.String())
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func postmasterPID(dataDir string) (int, bool) {
	b, err := os.ReadFile(filepath.Join(dataDir, "postgres", "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	var pid int
	for _, c := range strings.SplitN(string(b), "\n", 2)[0] {
		pid = pid*10 + int(c-'0')
	}
	return pid, true
}

func processAlive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// TestServeEmbeddedDefault is the Foundation issue's "done when", in-process:
// serve with no database URL starts a private PostgreSQL, loads the demo data,
// prints the logins, answers /healthz and /readyz, stops cleanly leaving no
// postgres behind, and a second start keeps the data.
func TestServeEmbeddedDefault(t *testing.T) {
	dataDir, err := os.MkdirTemp("", "pbserve")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dataDir) })

	url, out, stop := startServe(t, dataDir)
	for _, login := range []string{"admin@example.org", "founder@example.org", "director@example.org", "staff@example.org", "director2@example.org", "staff2@example.org", "demo-password"} {
		if !strings.Contains(out.String(), login) {
			t.Errorf("start-up output lacks %q:\n%s", login, out.String())
		}
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := get(t, url+path); code != 200 {
			t.Errorf("%s = %d %s", path, code, body)
		}
	}
	if code, body := get(t, url+"/login"); code != 200 || !strings.Contains(body, "Вход") {
		t.Errorf("/login = %d", code)
	}
	pid, ok := postmasterPID(dataDir)
	if !ok || !processAlive(pid) {
		t.Fatalf("no running private postgres (pid %d)", pid)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve returned %v", err)
	}
	if processAlive(pid) {
		t.Errorf("postgres %d still running after serve stopped", pid)
	}

	// Second start: same data, no second demo load.
	url, out, stop = startServe(t, dataDir)
	defer stop()
	if !strings.Contains(out.String(), "admin@example.org") {
		t.Error("second start does not print the demo logins")
	}
	if code, _ := get(t, url+"/readyz"); code != 200 {
		t.Errorf("second start /readyz = %d", code)
	}
	remindJourney(t, url, dataDir)
	// While serve runs, the other commands share its private cluster.
	var cmdOut bytes.Buffer
	env := envOf(map[string]string{"PLANBOARD_DATA_DIR": dataDir})
	if err := run(context.Background(), []string{"migrate", "status"}, env, nil, &cmdOut, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cmdOut.String(), "0001_core") || hasPendingMigration(cmdOut.String()) {
		t.Errorf("migrate status:\n%s", cmdOut.String())
	}
	cmdOut.Reset()
	err = run(context.Background(), []string{"user", "add", "--email", "new.director@example.org", "--role", "director",
		"--institution", "kraevedcheskiy-muzey", "--name", "Новый Директор"}, env, strings.NewReader("a-long-password\n"), &cmdOut, io.Discard)
	if err != nil || !strings.Contains(cmdOut.String(), "created") {
		t.Fatalf("user add: %v\n%s", err, cmdOut.String())
	}
	if err := run(context.Background(), []string{"demo"}, env, nil, io.Discard, io.Discard); err == nil {
		t.Error("demo loaded twice into the same database")
	}
	if pid2, _ := postmasterPID(dataDir); !processAlive(pid2) {
		t.Error("a command stopped the cluster that serve runs")
	}
}

func TestUserAddRefusesBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"user", "add", "--role", "staff"},
		{"user", "add", "--email", "a@example.org", "--role", "king"},
		{"user", "add", "--email", "a@example.org", "--role", "staff", "--password", "short"},
		{"user"},
	} {
		err := run(context.Background(), args, envOf(nil), strings.NewReader(""), io.Discard, io.Discard)
		if err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	if err := run(context.Background(), []string{"fly"}, envOf(nil), nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("unknown command: %v", err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, envOf(nil), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "migrate") {
		t.Errorf("help: %v", err)
	}
}

func TestInvalidConfigStopsStartup(t *testing.T) {
	err := run(context.Background(), []string{"serve"}, envOf(map[string]string{"PLANBOARD_TZ": "Nowhere/City"}), nil, io.Discard, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "PLANBOARD_TZ:") {
		t.Errorf("serve with a bad zone: %v", err)
	}
	err = run(context.Background(), []string{"serve"}, envOf(map[string]string{"PLANBOARD_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"}), nil, io.Discard, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "PLANBOARD_DATABASE_URL:") {
		t.Errorf("serve with an unreachable database: %v", err)
	}
}

// hasPendingMigration reports whether `migrate status` lists a migration
// whose status (the second column) is pending; a migration's name may
// contain the word (0090_pending_invitations).
func hasPendingMigration(status string) bool {
	for _, line := range strings.Split(status, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[1] == "pending" {
			return true
		}
	}
	return false
}
