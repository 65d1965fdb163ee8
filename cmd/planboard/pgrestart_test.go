package main

import (
	"context"
	"net/url"
	"os"
	"planboard/storage/pgtest"
	"strings"
	"testing"
	"time"

	"planboard/app"
	"planboard/storage"
	"planboard/storage/pgserver"
)

// TestServeSurvivesPostgresRestart stops the PostgreSQL under a running
// `planboard serve` process: pages answer 503 with the Russian apology (no
// hang, no 500), /readyz says why; PostgreSQL comes back and the same
// process serves again without a restart, sessions included.
func TestServeSurvivesPostgresRestart(t *testing.T) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "pbr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	opts := pgserver.Options{Dir: dir + "/pg", Fast: true}
	pg, err := pgserver.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Stop() }) // whichever runs last: Stop is idempotent
	loadDemoInto(t, pg.DSN("planboard"))

	srv, base := serveProc(t, map[string]string{"PLANBOARD_DATABASE_URL": urlDSN(pg.DSN("planboard"))})
	staff := newBrowser(base, nil)
	if err := staff.login("staff2@example.org"); err != nil {
		t.Fatal(err)
	}
	staff.mustGet(t, "/my", 200)
	staff.mustGet(t, "/readyz", 200)

	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/my", "/", "/p/centralnaya-biblioteka"} {
		body := staff.mustGet(t, path, 503)
		if !strings.Contains(body, "Сервис временно недоступен") || !strings.Contains(body, "База данных не отвечает") {
			t.Errorf("GET %s during the outage: no Russian apology\n%s", path, snippet(body))
		}
		if strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
			t.Errorf("GET %s shows internals:\n%s", path, body)
		}
	}
	if body := staff.mustGet(t, "/readyz", 503); !strings.Contains(body, "database unreachable") {
		t.Errorf("/readyz during the outage: %q", body)
	}
	anon := newBrowser(base, nil)
	anon.mustGet(t, "/login", 200)
	code, body, err := anon.post("/login", url.Values{"email": {"staff@example.org"}, "password": {"demo-password"}})
	if err != nil || code != 503 || !strings.Contains(body, "Сервис временно недоступен") {
		t.Errorf("POST /login during the outage = %d, %v\n%s", code, err, snippet(body))
	}

	pg, err = pgserver.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	back := time.Now() // wall clock: measures the outage
	for i := 0; ; i++ {
		code, _, err := staff.get("/readyz")
		if err == nil && code == 200 {
			break
		}
		if i == 300 {
			t.Fatalf("/readyz = %d, %v 30 s after PostgreSQL came back", code, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	recovered := time.Since(back)
	staff.mustGet(t, "/my", 200) // the session from before the outage
	if err := anon.login("staff@example.org"); err != nil {
		t.Errorf("login after the outage: %v", err)
	}
	anon.mustGet(t, "/my", 200)
	if srv.exited() {
		t.Fatalf("serve exited:\n%s", srv.out.String())
	}
	if err := srv.stop(); err != nil {
		t.Errorf("serve after SIGTERM: %v\n%s", err, srv.out.String())
	}
	soakResult(t, "pg_restart", "outage_answers", "503", "ready_again_after_ms", recovered.Milliseconds(), "restarts_of_planboard", 0)
}

// loadDemoInto migrates the database at dsn and loads the demo data.
func loadDemoInto(t testing.TB, dsn string) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := storage.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	hash, err := app.HashPassword("demo-password")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storage.New(db).LoadDemo(ctx, storage.DemoOptions{PasswordHash: hash, Now: pgtest.Now()}); err != nil {
		t.Fatal(err)
	}
}
