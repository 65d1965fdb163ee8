package main

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"planboard/domain"
)

// config is Planboard's configuration, read from PLANBOARD_* environment
// variables; see the table in docs/operations.md.
type config struct {
	Addr         string
	DatabaseURL  string
	DataDir      string
	BaseURL      string
	SMTPURL      string
	MailFrom     string
	TZ           *time.Location
	DemoPassword string
	LogFormat    string
	PprofAddr    string
	// Mail: STARTTLS policy, the planner's cron schedule, how often the
	// delivery loop looks for due mail.
	SMTPStartTLS   string
	RemindSchedule string
	MailInterval   time.Duration
	MaxUploadMB    int    // largest evidence file, PLANBOARD_MAX_UPLOAD_MB (default 20)
	MetricsToken   string // PLANBOARD_METRICS_TOKEN: bearer token for /metrics (empty: loopback only)
	// WebhookAllowPrivate, PLANBOARD_WEBHOOK_ALLOW_PRIVATE=1 (or the
	// general PLANBOARD_ALLOW_PRIVATE_URLS=1): webhook
	// endpoints may be private addresses (tests, closed networks).
	WebhookAllowPrivate bool
	// TestNow, PLANBOARD_TEST_NOW: the moment the clock starts at, for
	// tests that run the binary on another day (zero: the wall clock).
	TestNow time.Time
	// TrustedProxies (PLANBOARD_TRUSTED_PROXIES): CIDRs of the reverse
	// proxies whose X-Forwarded-For/-Proto are believed.
	TrustedProxies []string
	BackupDir      string // PLANBOARD_BACKUP_DIR: daily dumps go here (empty: off)
	BackupKeep     int    // PLANBOARD_BACKUP_KEEP: how many daily dumps to keep (default 7)
	// BackupKey (PLANBOARD_BACKUP_KEY) or the file BackupKeyFile
	// (PLANBOARD_BACKUP_KEY_FILE, default DATA_DIR/backup.key) signs the
	// backups and seals their secrets; see backupkey.go.
	BackupKey     string
	BackupKeyFile string
	// APIRate (PLANBOARD_API_RATE, requests per second, default 10) and
	// APIBurst (PLANBOARD_API_BURST, default 30) limit each API token.
	APIRate  float64
	APIBurst int
	// SiteAudit: the site audit's schedule and manners (siteaudit.go).
	SiteAudit siteAuditConfig
}

// configError names the variable at fault, so start-up stops with one clear line.
type configError struct{ name, msg string }

func (e *configError) Error() string { return e.name + ": " + e.msg }

// loadConfig reads and validates the configuration.
func loadConfig(getenv func(string) string) (config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	c := config{
		PprofAddr:      get("PLANBOARD_PPROF_ADDR", ""),
		MetricsToken:   get("PLANBOARD_METRICS_TOKEN", ""),
		Addr:           get("PLANBOARD_ADDR", "127.0.0.1:8080"),
		DatabaseURL:    get("PLANBOARD_DATABASE_URL", ""),
		DataDir:        get("PLANBOARD_DATA_DIR", "./data"),
		SMTPURL:        get("PLANBOARD_SMTP_URL", ""),
		MailFrom:       get("PLANBOARD_MAIL_FROM", "Planboard <planboard@localhost>"),
		DemoPassword:   get("PLANBOARD_DEMO_PASSWORD", "demo-password"),
		LogFormat:      get("PLANBOARD_LOG_FORMAT", "text"),
		SMTPStartTLS:   get("PLANBOARD_SMTP_STARTTLS", "opportunistic"),
		RemindSchedule: get("PLANBOARD_REMIND_SCHEDULE", "*/15 * * * *"),
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return c, &configError{"PLANBOARD_ADDR", fmt.Sprintf("%q is not host:port (e.g. 127.0.0.1:8080)", c.Addr)}
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return c, &configError{"PLANBOARD_ADDR", fmt.Sprintf("port %q is not a number from 0 to 65535", port)}
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return c, &configError{"PLANBOARD_DATABASE_URL", "want postgres://user:password@host:5432/dbname"}
		}
	}
	if c.DataDir, err = filepath.Abs(c.DataDir); err != nil {
		return c, &configError{"PLANBOARD_DATA_DIR", err.Error()}
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	c.BaseURL = strings.TrimRight(get("PLANBOARD_BASE_URL", "http://"+net.JoinHostPort(host, port)), "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, &configError{"PLANBOARD_BASE_URL", fmt.Sprintf("%q is not an absolute http(s) URL", c.BaseURL)}
	}
	if c.SMTPURL != "" {
		if err := checkSMTPURL(c.SMTPURL); err != nil {
			return c, &configError{"PLANBOARD_SMTP_URL", err.Error()}
		}
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		return c, &configError{"PLANBOARD_MAIL_FROM", fmt.Sprintf("%q is not an e-mail address (e.g. Planboard <noreply@example.org>)", c.MailFrom)}
	}
	tz := get("PLANBOARD_TZ", "Europe/Moscow")
	if c.TZ, err = time.LoadLocation(tz); err != nil {
		return c, &configError{"PLANBOARD_TZ", fmt.Sprintf("unknown time zone %q (e.g. Asia/Novokuznetsk)", tz)}
	}
	if err := c.loadMailConfig(get); err != nil {
		return c, err
	}
	c.MaxUploadMB, err = strconv.Atoi(get("PLANBOARD_MAX_UPLOAD_MB", strconv.Itoa(domain.DefaultMaxUploadMB)))
	if err != nil || c.MaxUploadMB < 1 || c.MaxUploadMB > 1024 {
		return c, &configError{"PLANBOARD_MAX_UPLOAD_MB", "want a whole number of megabytes from 1 to 1024"}
	}
	if v := get("PLANBOARD_TEST_NOW", ""); v != "" {
		if c.TestNow, err = parseMoment(v); err != nil {
			return c, &configError{"PLANBOARD_TEST_NOW", err.Error()}
		}
	}
	if c.TrustedProxies, err = parseCIDRs(get("PLANBOARD_TRUSTED_PROXIES", "")); err != nil {
		return c, &configError{"PLANBOARD_TRUSTED_PROXIES", err.Error()}
	}
	if c.BackupDir = get("PLANBOARD_BACKUP_DIR", ""); c.BackupDir != "" {
		if c.BackupDir, err = filepath.Abs(c.BackupDir); err != nil {
			return c, &configError{"PLANBOARD_BACKUP_DIR", err.Error()}
		}
	}
	c.BackupKey = get("PLANBOARD_BACKUP_KEY", "")
	if c.BackupKeyFile, err = filepath.Abs(get("PLANBOARD_BACKUP_KEY_FILE", filepath.Join(c.DataDir, "backup.key"))); err != nil {
		return c, &configError{"PLANBOARD_BACKUP_KEY_FILE", err.Error()}
	}
	c.BackupKeep, err = strconv.Atoi(get("PLANBOARD_BACKUP_KEEP", "7"))
	if err != nil || c.BackupKeep < 1 || c.BackupKeep > 10000 {
		return c, &configError{"PLANBOARD_BACKUP_KEEP", "want a whole number of dumps to keep, at least 1"}
	}
	// PLANBOARD_ALLOW_PRIVATE_URLS is the general name (every outgoing
	// request to a URL a user entered, app/netguard); the webhook name is
	// kept and wins when both are set.
	for _, name := range []string{"PLANBOARD_ALLOW_PRIVATE_URLS", "PLANBOARD_WEBHOOK_ALLOW_PRIVATE"} {
		switch v := get(name, ""); v {
		case "1", "true":
			c.WebhookAllowPrivate = true
		case "0", "false":
			c.WebhookAllowPrivate = false
		case "":
		default:
			return c, &configError{name, fmt.Sprintf("%q: want 1 (allow private addresses) or 0", v)}
		}
	}
	if c.SiteAudit, err = loadSiteAuditConfig(get); err != nil {
		return c, err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, &configError{"PLANBOARD_LOG_FORMAT", "want text or json"}
	}
	c.APIRate, err = strconv.ParseFloat(get("PLANBOARD_API_RATE", "10"), 64)
	if err != nil || c.APIRate <= 0 || c.APIRate > 1e9 {
		return c, &configError{"PLANBOARD_API_RATE", "want requests per second per token, more than 0 (e.g. 10 or 0.5)"}
	}
	c.APIBurst, err = strconv.Atoi(get("PLANBOARD_API_BURST", "30"))
	if err != nil || c.APIBurst < 1 || c.APIBurst > 1e9 {
		return c, &configError{"PLANBOARD_API_BURST", "want a whole number of requests, at least 1"}
	}
	return c, nil
}

// checkSMTPURL validates smtp://user:pass@host:port (STARTTLS when offered)
// or smtps://… (implicit TLS).
func checkSMTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("cannot parse: want smtp://user:pass@host:port or smtps://…")
	}
	if u.Scheme != "smtp" && u.Scheme != "smtps" {
		return fmt.Errorf("scheme %q: want smtp:// or smtps://", u.Scheme)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("no host: want smtp://user:pass@host:port")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n <= 0 || n > 65535 {
			return fmt.Errorf("port %q is not a number from 1 to 65535", p)
		}
	}
	return nil
}

// parseCIDRs reads a list of CIDRs or single addresses separated by commas
// or spaces, e.g. "10.0.0.0/8, 172.16.0.0/12, ::1"; a single address is one
// host (/32 or /128).
func parseCIDRs(raw string) ([]string, error) {
	var out []string
	for _, f := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if ip := net.ParseIP(f); ip != nil {
			bits := 128
			if ip.To4() != nil {
				bits = 32
			}
			out = append(out, (&net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)}).String())
			continue
		}
		_, n, err := net.ParseCIDR(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR or an address (e.g. 10.0.0.0/8, 127.0.0.1)", f)
		}
		out = append(out, n.String())
	}
	return out, nil
}
