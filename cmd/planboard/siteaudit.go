package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"planboard/app/mail"
	"planboard/app/siteaudit"
	"planboard/app/webhook"
	"planboard/storage"
)

// siteAuditConfig is the site audit's settings (docs/site-audit.md).
type siteAuditConfig struct {
	Schedule string        // PLANBOARD_SITE_AUDIT_SCHEDULE: when every site is asked for (default monthly: "0 3 1 * *")
	Pause    time.Duration // PLANBOARD_SITE_AUDIT_PAUSE_MS: between two requests to a site (default 1000)
	MaxPages int           // PLANBOARD_SITE_AUDIT_MAX_PAGES (default 200)
}

func loadSiteAuditConfig(get func(name, def string) string) (siteAuditConfig, error) {
	c := siteAuditConfig{Schedule: get("PLANBOARD_SITE_AUDIT_SCHEDULE", "0 3 1 * *")}
	if _, err := cron.ParseStandard(c.Schedule); err != nil {
		return c, &configError{"PLANBOARD_SITE_AUDIT_SCHEDULE", err.Error()}
	}
	ms, err := strconv.Atoi(get("PLANBOARD_SITE_AUDIT_PAUSE_MS", "1000"))
	if err != nil || ms < 0 || ms > 60000 {
		return c, &configError{"PLANBOARD_SITE_AUDIT_PAUSE_MS", "want milliseconds between requests, 0 to 60000"}
	}
	c.Pause = time.Duration(ms) * time.Millisecond
	if c.MaxPages, err = strconv.Atoi(get("PLANBOARD_SITE_AUDIT_MAX_PAGES", "200")); err != nil || c.MaxPages < 1 || c.MaxPages > 10000 {
		return c, &configError{"PLANBOARD_SITE_AUDIT_MAX_PAGES", "want a whole number of pages from 1 to 10000"}
	}
	return c, nil
}

// siteAudits runs the due site audits beside the mail loop: on the
// schedule every site not audited for 25 days is asked for, and every
// interval the runner takes what is due (asked for by the schedule or
// «Проверить сейчас»), one site at a time; the lease in institution_sites
// keeps each site to one replica.
type siteAudits struct {
	cron   *cron.Cron
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func startSiteAudits(ctx context.Context, e *env, store *storage.Store, m *mail.Mailer) *siteAudits {
	ctx, cancel := context.WithCancel(ctx)
	cfg := e.cfg.SiteAudit
	runner := siteaudit.NewRunner(siteaudit.RunnerConfig{Store: store, Clock: e.now, BaseURL: e.cfg.BaseURL,
		Notice: m.SiteWorseMails, MailHost: m.Host(), Logger: e.log,
		Crawler: siteaudit.Config{Guard: webhook.Guard{AllowPrivate: e.cfg.WebhookAllowPrivate},
			UserAgent: fmt.Sprintf("Planboard site audit (+%s)", e.cfg.BaseURL), MaxPages: cfg.MaxPages, Pause: cfg.Pause}})
	l := cron.PrintfLogger(slog.NewLogLogger(e.log.Handler(), slog.LevelWarn))
	c := cron.New(cron.WithLocation(time.UTC), cron.WithLogger(l), cron.WithChain(cron.SkipIfStillRunning(l), cron.Recover(l)))
	s := &siteAudits{cron: c, cancel: cancel}
	// Validated by loadSiteAuditConfig.
	_, _ = c.AddFunc(cfg.Schedule, func() {
		if n, err := store.RequestDueSiteAudits(ctx, e.now().Add(-25*24*time.Hour)); err != nil && ctx.Err() == nil {
			e.log.Error("site audit schedule", "err", err)
		} else if n > 0 {
			e.log.Info("site audits requested", "sites", n)
		}
	})
	c.Start()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(e.cfg.MailInterval)
		defer t.Stop()
		for {
			if _, err := runner.RunDue(ctx); err != nil && ctx.Err() == nil {
				e.log.Error("site audit", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *siteAudits) stop() {
	s.cancel()
	<-s.cron.Stop().Done()
	s.wg.Wait()
}
