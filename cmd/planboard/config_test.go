package main

import (
	"context"
	"io"
	"planboard/storage/pgtest"
	"strings"
	"testing"
	"time"
)

// envOf is a process environment of the given variables; every command a
// test runs lives on the run's clock (pgtest.Running) unless the test sets
// PLANBOARD_TEST_NOW itself.
func envOf(m map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := m[k]; ok || k != "PLANBOARD_TEST_NOW" {
			return v
		}
		return pgtest.Running().Format(time.RFC3339Nano)
	}
}

func TestConfigDefaults(t *testing.T) {
	c, err := loadConfig(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DatabaseURL != "" || !strings.HasSuffix(c.DataDir, "/data") ||
		c.BaseURL != "http://127.0.0.1:8080" || c.DemoPassword != "demo-password" || c.TZ.String() != "Europe/Moscow" {
		t.Errorf("defaults = %+v", c)
	}
}

func TestConfigErrorsNameTheVariable(t *testing.T) {
	cases := map[string]string{
		"PLANBOARD_ADDR":            "localhost",
		"PLANBOARD_DATABASE_URL":    "mysql://x",
		"PLANBOARD_BASE_URL":        "plan.example.org",
		"PLANBOARD_SMTP_URL":        "http://mail.example.org",
		"PLANBOARD_MAIL_FROM":       "not an address",
		"PLANBOARD_TZ":              "Mars/Olympus",
		"PLANBOARD_LOG_FORMAT":      "xml",
		"PLANBOARD_TRUSTED_PROXIES": "10.0.0.0/8, nginx",
		"PLANBOARD_BACKUP_KEEP":     "0",
	}
	for name, value := range cases {
		_, err := loadConfig(envOf(map[string]string{name: value}))
		if err == nil || !strings.HasPrefix(err.Error(), name+": ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%q: error %v, want one line starting with the variable", name, value, err)
		}
	}
	for _, bad := range []string{"smtp://", "smtp://host:99999", "ftp://host:21"} {
		if _, err := loadConfig(envOf(map[string]string{"PLANBOARD_SMTP_URL": bad})); err == nil {
			t.Errorf("SMTP URL %q accepted", bad)
		}
	}
	good := map[string]string{
		"PLANBOARD_ADDR": "0.0.0.0:9000", "PLANBOARD_DATABASE_URL": "postgres://u:p@db:5432/pb",
		"PLANBOARD_SMTP_URL": "smtps://user:pass@smtp.example.org:465", "PLANBOARD_MAIL_FROM": "План <plan@example.org>",
		"PLANBOARD_TZ": "Asia/Novokuznetsk", "PLANBOARD_BASE_URL": "https://plan.example.org/",
	}
	c, err := loadConfig(envOf(good))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://plan.example.org" || c.TZ.String() != "Asia/Novokuznetsk" {
		t.Errorf("config = %+v", c)
	}
}

// PLANBOARD_TEST_NOW starts the one clock at that moment; a bad value stops
// start-up naming the variable.
func TestConfigTestNow(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{"PLANBOARD_TEST_NOW": "2028-02-29T12:00:00+07:00"}))
	if err != nil {
		t.Fatal(err)
	}
	now := clockFrom(c.TestNow)()
	if want := time.Date(2028, 2, 29, 5, 0, 0, 0, time.UTC); now.Before(want) || now.After(want.Add(time.Minute)) {
		t.Errorf("clock starts at %v, want %v", now, want)
	}
	if _, err := loadConfig(envOf(map[string]string{"PLANBOARD_TEST_NOW": "tomorrow"})); err == nil || !strings.Contains(err.Error(), "PLANBOARD_TEST_NOW") {
		t.Errorf("bad PLANBOARD_TEST_NOW: %v", err)
	}
}

func TestConfigTrustedProxies(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{"PLANBOARD_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1 ::1,172.16.0.0/12"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "127.0.0.1/32", "::1/128", "172.16.0.0/12"}
	if strings.Join(c.TrustedProxies, " ") != strings.Join(want, " ") {
		t.Errorf("trusted proxies = %v, want %v", c.TrustedProxies, want)
	}
	if c.BackupKeep != 7 || c.BackupDir != "" {
		t.Errorf("backup defaults = %q keep %d", c.BackupDir, c.BackupKeep)
	}
}

func TestVersionCommand(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"version"}, envOf(nil), nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "planboard "+version+" (go") {
		t.Errorf("version = %q", out.String())
	}
}
