package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"planboard/storage"
	"planboard/storage/pgtest"
)

// TestServeRunsMailJobsAndStopsThemBeforeTheDatabase starts serve with
// demo data whose mails are due now: the delivery loop plans what was missed
// while it was down and keeps the mails (no SMTP); on cancel, serve returns
// cleanly after stopping the cron and the loop.
func TestServeRunsMailJobsAndStopsThemBeforeTheDatabase(t *testing.T) {
	dsn := pgtest.DSN(t)
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := storage.New(db).LoadDemo(context.Background(), storage.DemoOptions{PasswordHash: "x", Now: pgtest.Now()}); err != nil {
		t.Fatal(err)
	}
	// Whatever weekday the test runs on, non-urgent mail is due.
	if _, err := db.NewRaw(`INSERT INTO institution_mail_rules (institution_id, mail_on_weekends) SELECT id, true FROM institutions`).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"PLANBOARD_DATABASE_URL": urlDSN(dsn), "PLANBOARD_ADDR": "127.0.0.1:0",
		"PLANBOARD_MAIL_INTERVAL": "100ms", "PLANBOARD_REMIND_SCHEDULE": "@every 1s"}
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, envOf(vars), nil, w, io.Discard); w.Close() }()
	lines := bufio.NewScanner(out)
	for lines.Scan() && !strings.Contains(lines.Text(), "is running at") {
	}
	go io.Copy(io.Discard, out) //nolint:errcheck
	var kept int
	for i := 0; i < 300 && kept == 0; i++ {
		if err := db.NewRaw(`SELECT count(*) FROM mail_outbox WHERE status = 'kept'`).Scan(context.Background(), &kept); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if kept == 0 {
		t.Fatal("serve planned and kept no mail")
	}
}
