package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"planboard/storage"
	"planboard/storage/pgtest"
)

// A mail sweep on a holiday: `planboard remind --now 2027-01-05T09:00:00+07:00` on
// the demo data sent «Просрочено» mails on a New Year holiday. Now nothing
// non-urgent is planned then, and the overdue notices come on 11 January,
// the first working day of 2027.
func TestRemindOnNewYearHolidayHoldsOverdueMail(t *testing.T) {
	dsn := pgtest.DSN(t)
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := storage.New(db)
	if _, err := store.LoadDemo(context.Background(), storage.DemoOptions{PasswordHash: "x", Now: time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"PLANBOARD_DATABASE_URL": urlDSN(dsn), "PLANBOARD_BASE_URL": "http://plan.test"}
	remind := func(now string) int {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"remind", "--now", now}, envOf(vars), nil, &out, &errOut); err != nil {
			t.Fatalf("remind --now %s: %v\n%s", now, err, errOut.String())
		}
		var n int
		if err := db.NewRaw(`SELECT count(*) FROM mail_outbox WHERE kind IN ('overdue', 'escalation_director', 'escalation_founder', 'digest', 'summary')`).
			Scan(context.Background(), &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := remind("2027-01-05T09:00:00+07:00"); n != 0 {
		t.Errorf("5 January 2027, a holiday: %d non-urgent mails planned", n)
	}
	if n := remind("2027-01-11T09:00:00+07:00"); n == 0 {
		t.Error("11 January 2027, the first working day: no overdue notice planned")
	}
}
