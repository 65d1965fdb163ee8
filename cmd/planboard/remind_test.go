package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"planboard/storage"
	"planboard/storage/pgtest"
)

// urlDSN turns a key=value DSN (the private test cluster's) into the
// postgres:// URL that PLANBOARD_DATABASE_URL takes.
func urlDSN(dsn string) string {
	if strings.HasPrefix(dsn, "postgres") {
		return dsn
	}
	kv := map[string]string{}
	for _, f := range strings.Fields(dsn) {
		k, v, _ := strings.Cut(f, "=")
		kv[k] = v
	}
	q := url.Values{"host": {kv["host"]}, "port": {kv["port"]}, "sslmode": {"disable"}}
	return fmt.Sprintf("postgres://%s@/%s?%s", kv["user"], kv["dbname"], q.Encode())
}

func TestRemindCommandSweepsOnceAtNow(t *testing.T) {
	dsn := pgtest.DSN(t)
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := storage.New(db)
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	if _, err := store.LoadDemo(context.Background(), storage.DemoOptions{PasswordHash: "x", Now: now}); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"PLANBOARD_DATABASE_URL": urlDSN(dsn), "PLANBOARD_BASE_URL": "http://plan.test"}
	var out, errOut bytes.Buffer
	args := []string{"remind", "--now", "2026-11-23T09:00:00+07:00"}
	if err := run(context.Background(), args, envOf(vars), nil, &out, &errOut); err != nil {
		t.Fatalf("remind: %v\n%s", err, errOut.String())
	}
	var kept int
	if err := db.NewRaw(`SELECT count(*) FROM mail_outbox WHERE status = 'kept' AND body_text LIKE '%http://plan.test/items/%'`).Scan(context.Background(), &kept); err != nil || kept == 0 {
		t.Fatalf("no kept mails after remind (%d, %v); output %s", kept, err, out.String())
	}
	if !strings.Contains(out.String(), fmt.Sprintf("kept %d", kept)) {
		t.Errorf("output %q does not report kept %d", out.String(), kept)
	}
	out.Reset()
	if err := run(context.Background(), args, envOf(vars), nil, &out, &errOut); err != nil || !strings.Contains(out.String(), "planned 0") {
		t.Errorf("second sweep at the same moment: %v, %q", err, out.String())
	}
	if err := run(context.Background(), []string{"remind", "--now", "tomorrow"}, envOf(vars), nil, &out, &errOut); err == nil || !strings.Contains(err.Error(), "RFC 3339") {
		t.Errorf("bad --now: %v", err)
	}
}

func TestBadMailConfigStopsStartup(t *testing.T) {
	for name, vars := range map[string]map[string]string{
		"PLANBOARD_SMTP_URL":        {"PLANBOARD_SMTP_URL": "http://mail.example.org"},
		"PLANBOARD_SMTP_STARTTLS":   {"PLANBOARD_SMTP_STARTTLS": "sometimes"},
		"PLANBOARD_REMIND_SCHEDULE": {"PLANBOARD_REMIND_SCHEDULE": "every quarter hour"},
		"PLANBOARD_MAIL_INTERVAL":   {"PLANBOARD_MAIL_INTERVAL": "0"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"serve"}, envOf(vars), nil, &out, &errOut)
		if err == nil || !strings.HasPrefix(err.Error(), name+": ") {
			t.Errorf("%s: got %v, want an error naming the variable", name, err)
		}
	}
}
