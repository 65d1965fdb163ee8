package main

import (
	"planboard/storage/pgtest"
	"testing"
	"time"

	"planboard/app/smtptest"
)

// TestThreeRemindRunnersOverSimulatedDays runs three `planboard remind
// --now` processes at once against one database at every step of
// simulated days (SOAK_DAYS, default 3), with a real SMTP server that first
// refuses (451), is down (connection refused), refuses for good (554), then
// holds a mail in flight while the test SIGKILLs the runner sending it. At
// the end every mail of the ledger has reached the server exactly once.
func TestThreeRemindRunnersOverSimulatedDays(t *testing.T) {
	days := envInt(t, "SOAK_DAYS", 3)
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, time.FixedZone("+07", 7*3600))
	dbURL, store := demoDatabase(t, monday)
	srv := smtptest.Start(t, nil)
	vars := map[string]string{"PLANBOARD_DATABASE_URL": dbURL, "PLANBOARD_SMTP_URL": "smtp://" + srv.Addr,
		"PLANBOARD_SMTP_STARTTLS": "none", "PLANBOARD_BASE_URL": "http://plan.test"}
	var got []smtptest.Message
	sweep := func(now time.Time, during func(ps []*proc)) {
		t.Helper()
		ps := make([]*proc, 3)
		for i := range ps {
			ps[i] = spawn(t, vars, "remind", "--now", now.Format(time.RFC3339))
		}
		if during != nil {
			during(ps)
		}
		for _, p := range ps {
			if err := p.wait(); err != nil && p.cmd.ProcessState.Exited() {
				t.Errorf("remind --now %s: %v\n%s", now.Format(time.RFC3339), err, p.out.String())
			}
		}
		got = append(got, srv.Take()...)
	}

	// Monday: refused, down, refused for good; every attempt is recorded.
	srv.Reject(451)
	sweep(monday, nil)
	if n := count(t, store, `SELECT count(*) FROM mail_outbox WHERE status = 'planned' AND attempts = 1 AND last_error LIKE '%451%'`); n < 10 {
		t.Fatalf("only %d mails were refused with 451", n)
	}
	passTime(t, store)
	srv.Down()
	sweep(monday.Add(time.Hour), nil)
	passTime(t, store)
	srv.Up(t)
	srv.Reject(554)
	sweep(monday.Add(2*time.Hour), nil)
	if n := count(t, store, `SELECT count(*) FROM mail_outbox WHERE status NOT IN ('planned', 'grouped') OR (status = 'planned' AND attempts < 3)`); n != 0 || len(got) != 0 {
		t.Fatalf("%d mails not retried three times, %d delivered while refusing", n, len(got))
	}
	passTime(t, store)

	// The server accepts again, but holds the first mail while its runner is killed.
	srv.Reject(0)
	held := srv.HoldNext()
	sweep(monday.Add(3*time.Hour), func(ps []*proc) {
		victim := ownerOf(t, <-held, ps)
		victim.kill()
		srv.Release()
	})
	leased := count(t, store, `SELECT count(*) FROM mail_outbox WHERE status = 'planned' AND locked_until > ?`, pgtest.Running())
	if leased == 0 {
		t.Fatal("the killed runner left no leased mail: it was not killed mid-sweep")
	}
	t.Logf("after SIGKILL: %d mails leased by the dead runner, %d delivered by the others", leased, len(got))

	// The rest of Monday and the next days, every few hours.
	before := count(t, store, `SELECT count(*) FROM mail_outbox WHERE status <> 'grouped'`)
	for d := range days {
		for _, h := range []int{0, 6, 9, 12, 18} {
			now := monday.Add(time.Duration(24*d+h-9) * time.Hour)
			if d == 0 && h <= 12 {
				continue
			}
			passTime(t, store)
			sweep(now, nil)
		}
	}
	r := checkDeliveredOnce(t, store, got)
	after := count(t, store, `SELECT count(*) FROM mail_outbox WHERE status <> 'grouped'`)
	t.Logf("%d mails planned on Monday, %d more over the next %d days", before, after-before, days-1)
	soakResult(t, "remind_days", "days", days, "runners", 3, "mails", r.ledger, "delivered_once", r.once,
		"lost", r.lost, "doubled", r.doubled, "kills", 1)
	if days > 1 && after == before {
		t.Error("the later days planned no mail")
	}
}
