package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"planboard/app/mail"
	"planboard/storage"
)

// remindCmd runs one full mail sweep (plan what is due at --now, deliver
// everything due) and exits: for operators, an outside cron, and tests.
func remindCmd(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("remind", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	at := fs.String("now", "", "act as this moment (RFC 3339, e.g. 2026-11-23T09:00:00+07:00)")
	stats := fs.Bool("stats", false, "also print the time and SQL statements of planning and of delivery")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("remind: %w (usage: planboard remind [--now 2026-11-23T09:00:00+07:00])", err)
	}
	// --now moves what is planned (which reminders are due), not the
	// clock the rows are stamped and the mails leased with: a remind run
	// "as of" another day beside running replicas must not lease mails in
	// the past, where the replicas would take them again.
	now := e.now()
	if *at != "" {
		t, err := parseMoment(*at)
		if err != nil {
			return fmt.Errorf("remind: --now %w", err)
		}
		now = t
	}
	d, err := openMigrated(ctx, e)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := newMailer(e, storage.New(d.db).WithClock(e.now))
	if err != nil {
		return err
	}
	if *stats {
		return sweepWithStats(ctx, e, d, m, now)
	}
	started := time.Now() // wall clock: measures the sweep's duration
	r, err := m.Sweep(ctx, now)
	fmt.Fprintf(e.stdout, "remind %s: planned %d, sent %d, kept %d, retry later %d, failed %d (%d ms)\n",
		now.Format(time.RFC3339), r.Planned, r.Sent, r.Kept, r.Retried, r.Failed, time.Since(started).Milliseconds())
	return err
}

// sweepWithStats runs the two halves of a sweep separately and prints what
// each took, in time and in SQL statements (for make bench: planning must
// run a constant number of statements whatever the number of items).
func sweepWithStats(ctx context.Context, e *env, d *database, m *mail.Mailer, now time.Time) error {
	counter := storage.CountQueries(d.db)
	t0, q0 := time.Now(), counter.Count() // wall clock: measures durations
	planned, err := m.Plan(ctx, now)
	planMS, planQ := time.Since(t0).Milliseconds(), counter.Count()-q0
	if err != nil {
		return err
	}
	t1, q1 := time.Now(), counter.Count() // wall clock: measures durations
	r, err := m.Deliver(ctx)
	fmt.Fprintf(e.stdout, "remind %s: planned %d in %d ms with %d SQL statements; delivered (sent %d, kept %d, retry later %d, failed %d) in %d ms with %d SQL statements\n",
		now.Format(time.RFC3339), planned, planMS, planQ, r.Sent, r.Kept, r.Retried, r.Failed, time.Since(t1).Milliseconds(), counter.Count()-q1)
	return err
}
