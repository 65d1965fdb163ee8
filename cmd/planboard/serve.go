package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"planboard/app"
	"planboard/domain"
	"planboard/storage"
)

// serve runs the web server until ctx is cancelled (SIGINT, SIGTERM), then
// stops accepting, finishes requests, closes the database and stops the
// private PostgreSQL if it started one.
func serve(ctx context.Context, e *env) error {
	started := time.Now() // wall clock: measures start-up time
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft heap limit: under load the collector runs before the heap
		// doubles, and memory goes back to the system sooner (the memory
		// budget is 80 MB RSS under load, bench/results.md). GOMEMLIMIT overrides it.
		debug.SetMemoryLimit(48 << 20)
	}
	d, err := openDatabase(ctx, e)
	if err != nil {
		return err
	}
	defer d.Close()
	applied, err := storage.Migrate(ctx, d.db)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		e.log.Info("schema migrated", "applied", strings.Join(applied, ", "))
	}
	store := storage.New(d.db).WithClock(e.now)
	if d.embedded {
		if err := loadDemoIfEmpty(ctx, e, store); err != nil {
			return err
		}
	}
	ready := func(ctx context.Context) error {
		ok, err := storage.SchemaCurrent(ctx, d.db.DB)
		if err != nil {
			return fmt.Errorf("database unreachable: %w", err)
		}
		if !ok {
			return errors.New("database schema is older than this binary: run planboard migrate")
		}
		return nil
	}
	var backups *backupJob
	var backupStatus app.BackupStatusStore
	if e.cfg.BackupDir != "" {
		if backups, err = newBackupJob(e, d, store); err != nil {
			return err
		}
		backupStatus = store
	}
	base, _ := url.Parse(e.cfg.BaseURL)
	mailer, err := newMailer(e, store)
	if err != nil {
		return err
	}
	web, err := app.New(app.Deps{Store: store, Ready: ready, DBStats: d.db.DB.Stats, Logger: e.log, Now: e.now,
		Config: app.Config{BaseURL: e.cfg.BaseURL, SecureCookies: base.Scheme == "https", MaxUploadMB: e.cfg.MaxUploadMB,
			DashboardTTL: dashboardTTL,
			MetricsToken: e.cfg.MetricsToken, Version: version, WebhookAllowPrivate: e.cfg.WebhookAllowPrivate,
			TrustedProxies: e.cfg.TrustedProxies, BackupDir: e.cfg.BackupDir,
			APIRate: e.cfg.APIRate, APIBurst: e.cfg.APIBurst}, Mailer: mailer, Backups: backupStatus})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.cfg.Addr)
	if err != nil {
		return &configError{"PLANBOARD_ADDR", err.Error()}
	}
	startPprof(e.cfg.PprofAddr, e.log)
	jobs, err := startScheduler(ctx, e, mailer, newDeliverer(e, store, mailer), backups)
	if err != nil {
		return err
	}
	defer jobs.stop() // before the database closes (deferred earlier)
	defer startSiteAudits(ctx, e, store, mailer).stop()
	served := make(chan error, 1)
	go func() { served <- web.Fiber().Listener(ln) }()
	e.log.Info("ready", "addr", ln.Addr().String(), "startup_ms", time.Since(started).Milliseconds())
	if d.embedded {
		printDemoLogins(ctx, e, store) // before the "running at" line that scripts and tests wait for
	}
	fmt.Fprintf(e.stdout, "Planboard is running at http://%s (public URL %s)\n", ln.Addr(), e.cfg.BaseURL)
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	e.log.Info("shutting down")
	if err := web.Fiber().ShutdownWithTimeout(20 * time.Second); err != nil {
		e.log.Error("shutdown", "err", err)
	}
	return nil
}

// dashboardTTL is how long a founder dashboard's figures may be reused:
// writes through this process show at once, through other replicas within it.
const dashboardTTL = 10 * time.Second

// loadDemoIfEmpty fills a fresh embedded database with the demo data set,
// so that the first `make run` shows a working system.
func loadDemoIfEmpty(ctx context.Context, e *env, store *storage.Store) error {
	empty, err := store.IsEmpty(ctx)
	if err != nil || !empty {
		return err
	}
	hash, err := app.HashPassword(e.cfg.DemoPassword)
	if err != nil {
		return err
	}
	if _, err := store.LoadDemo(ctx, storage.DemoOptions{PasswordHash: hash, Now: e.now(), Municipal: true}); err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	e.log.Info("demo data loaded")
	return nil
}

func printDemoLogins(ctx context.Context, e *env, store *storage.Store) {
	if _, err := store.UserByEmail(ctx, "admin@example.org"); domain.ErrorCode(err) == domain.ENotFound || err != nil {
		return
	}
	fmt.Fprintf(e.stdout, "Demo logins (password %q, set by PLANBOARD_DEMO_PASSWORD when the data was loaded):\n", e.cfg.DemoPassword)
	for _, l := range []string{
		"admin@example.org      administrator",
		"founder@example.org    founder (ministry)",
		"director@example.org   museum director",
		"staff@example.org      museum staff",
		"director2@example.org  library director",
		"staff2@example.org     library staff",
	} {
		fmt.Fprintln(e.stdout, "  "+l)
	}
}
