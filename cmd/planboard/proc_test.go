package main

import (
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"planboard/app"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// childEnv marks a copy of the test binary started as `planboard`: the
// fault and load tests need real processes (to SIGKILL, to load from
// outside) without a build step.
const childEnv = "PLANBOARD_TEST_AS_PLANBOARD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		main() // os.Args[1:] are planboard's arguments
		os.Exit(0)
	}
	pgtest.Main(m)
}

// proc is a planboard process started by a test.
type proc struct {
	cmd  *exec.Cmd
	out  *syncBuffer // stdout and stderr
	done chan error
}

// spawn starts `planboard args...` as a child process with the given
// PLANBOARD_* variables (nothing else of the test's environment but PATH).
// The child dies with the test (Pdeathsig) and is killed at cleanup.
func spawn(t testing.TB, vars map[string]string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = []string{childEnv + "=1", "PATH=" + os.Getenv("PATH"), "TZ=UTC", "PLANBOARD_TEST_NOW=" + pgtest.Running().Format(time.RFC3339Nano)}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &proc{cmd: cmd, out: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { p.kill() })
	return p
}

// wait waits for the process to exit and returns its error.
func (p *proc) wait() error {
	err := <-p.done
	p.done <- err
	return err
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case err := <-p.done:
		p.done <- err
		return true
	default:
		return false
	}
}

// kill sends SIGKILL (no clean-up of any kind) and waits.
func (p *proc) kill() {
	if !p.exited() {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
	}
	_ = p.wait()
}

// stop sends SIGTERM (graceful) and waits.
func (p *proc) stop() error {
	if !p.exited() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	return p.wait()
}

// serveProc starts `planboard serve` on a free port and waits until it
// prints its address.
func serveProc(t testing.TB, vars map[string]string) (*proc, string) {
	t.Helper()
	vars["PLANBOARD_ADDR"] = "127.0.0.1:0"
	p := spawn(t, vars, "serve")
	deadline := time.Now().Add(60 * time.Second) // wall clock: a polling timeout
	for {
		if m := runningRe.FindStringSubmatch(p.out.String()); m != nil {
			return p, m[1]
		}
		if p.exited() || time.Now().After(deadline) { // wall clock: a polling timeout
			p.kill()
			t.Fatalf("serve did not start:\n%s", p.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// demoDatabase creates a fresh database with the demo data (password
// demo-password, "today" = now) and returns its URL and a connection.
func demoDatabase(t testing.TB, now time.Time) (string, *storage.Store) {
	t.Helper()
	dsn := pgtest.DSN(t)
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	hash, err := app.HashPassword("demo-password")
	if err != nil {
		t.Fatal(err)
	}
	store := storage.New(db).WithClock(func() time.Time { return now })
	if _, err := store.LoadDemo(context.Background(), storage.DemoOptions{PasswordHash: hash, Now: now}); err != nil {
		t.Fatal(err)
	}
	return urlDSN(dsn), store
}

// count runs a counting query.
func count(t testing.TB, store *storage.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := store.DB().NewRaw(q, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
