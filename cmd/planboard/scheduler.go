package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"planboard/app/mail"
	"planboard/app/webhook"
	"planboard/storage"
)

// scheduler runs the mail planner on the cron schedule and the delivery
// loops (mail, webhooks) every few seconds, inside serve. Several
// replicas may run it: the ledgers' unique keys and leases make every mail
// and every webhook delivery go out once.
type scheduler struct {
	cron   *cron.Cron
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startScheduler starts the mail jobs, the webhook deliveries when hooks is
// not nil and the daily backup when backups is not nil; stop() waits for
// them to finish.
func startScheduler(ctx context.Context, e *env, m *mail.Mailer, hooks *webhook.Deliverer, backups *backupJob) (*scheduler, error) {
	ctx, cancel := context.WithCancel(ctx)
	l := cron.PrintfLogger(slog.NewLogLogger(e.log.Handler(), slog.LevelWarn))
	// SkipIfStillRunning outside Recover: the other order skips the job
	// forever after one panic.
	c := cron.New(cron.WithLocation(time.UTC), cron.WithLogger(l),
		cron.WithChain(cron.SkipIfStillRunning(l), cron.Recover(l)))
	s := &scheduler{cron: c, cancel: cancel}
	_, err := c.AddFunc(e.cfg.RemindSchedule, func() { plan(ctx, e, m) })
	if err != nil {
		cancel()
		return nil, &configError{"PLANBOARD_REMIND_SCHEDULE", err.Error()}
	}
	c.Start()
	s.wg.Add(1)
	go s.deliverLoop(ctx, e, m)
	if backups != nil {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); backups.loop(ctx) }()
	}
	if hooks != nil {
		s.wg.Add(1)
		go s.hookLoop(ctx, e, hooks)
	}
	return s, nil
}

// hookLoop delivers due webhooks every interval, beside the mail loop and
// not inside it: a slow receiver (10 s per request) must not hold mail up.
func (s *scheduler) hookLoop(ctx context.Context, e *env, hooks *webhook.Deliverer) {
	defer s.wg.Done()
	t := time.NewTicker(e.cfg.MailInterval)
	defer t.Stop()
	for {
		if _, err := hooks.Deliver(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("webhook delivery", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// newDeliverer is the webhook deliverer over the store, telling owners of
// disabled endpoints by mail through the mail ledger.
func newDeliverer(e *env, store *storage.Store, m *mail.Mailer) *webhook.Deliverer {
	return webhook.New(webhook.Config{Store: store, Clock: e.now, Guard: webhook.Guard{AllowPrivate: e.cfg.WebhookAllowPrivate},
		Notice: m.WebhookDisabledMail, MailHost: m.Host(), Logger: e.log})
}

// deliverLoop plans once at start (mails missed while the server was down
// go out now), then delivers due mail every interval.
func (s *scheduler) deliverLoop(ctx context.Context, e *env, m *mail.Mailer) {
	defer s.wg.Done()
	plan(ctx, e, m)
	t := time.NewTicker(e.cfg.MailInterval)
	defer t.Stop()
	for {
		if _, err := m.Deliver(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("mail delivery", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// plan runs the mail planner once. A sweep reads every open item with a
// deadline (60,000 in the benchmark set); the memory it used goes back to
// the system at once instead of over minutes, so an idle server stays small.
func plan(ctx context.Context, e *env, m *mail.Mailer) {
	if _, err := m.Plan(ctx, e.now()); err != nil && ctx.Err() == nil {
		e.log.Error("mail planner", "err", err)
	}
	debug.FreeOSMemory()
}

// stop stops the cron (waiting for a running sweep) and the delivery loop.
func (s *scheduler) stop() {
	s.cancel()
	<-s.cron.Stop().Done()
	s.wg.Wait()
}
