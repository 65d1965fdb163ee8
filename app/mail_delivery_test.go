package app_test

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"
)

// uniqueIDs fails when a Message-ID arrived twice and returns how many arrived.
func uniqueIDs(t *testing.T, msgs []received) int {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range msgs {
		if seen[m.MessageID+m.To] {
			t.Errorf("%s to %s delivered twice", m.MessageID, m.To)
		}
		seen[m.MessageID+m.To] = true
	}
	return len(seen)
}

func (e *env) mailCount(status string) int {
	e.t.Helper()
	var n int
	if err := e.store.DB().NewRaw(`SELECT count(*) FROM mail_outbox WHERE status = ?`, status).Scan(context.Background(), &n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestMailTwoSchedulersDeliverEachMailOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t) // the demo data as it is: dozens of mails due
	srv := startSMTP(t)
	now := e.workMorning(0)
	e.now = now // the mails are planned, and stamped, this morning
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := e.mailer(srv.Addr, e.clock)
			if _, err := m.Sweep(context.Background(), now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	planned := e.mailCount("sent")
	if n := uniqueIDs(t, srv.Take()); n != planned || n < 10 {
		t.Errorf("delivered %d distinct mails, %d sent in the ledger", n, planned)
	}
	if left := e.mailCount("planned"); left != 0 {
		t.Errorf("%d mails left planned", left)
	}
}

func TestMailSMTPDownThenUpDeliversEveryMailOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	srv := startSMTP(t)
	now := e.workMorning(0)
	e.now = now                   // the mails are planned, and stamped, this morning
	clock := now.Add(time.Minute) // later than the rows planned at now
	tick := func() time.Time { return clock }
	// Down: nothing listens on the port.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().String()
	ln.Close()
	r := e.sweep(e.mailer(dead, tick), now)
	if r.Planned < 10 || r.Retried != r.Planned || r.Sent != 0 {
		t.Fatalf("with the server down: %+v", r)
	}
	// Up but refusing (451): the second attempt fails too, after the backoff.
	srv.Reject(451)
	clock = clock.Add(time.Minute)
	r = e.sweep(e.mailer(srv.Addr, tick), now)
	if r.Retried != r.Planned+10 && r.Sent != 0 {
		t.Logf("refusing: %+v", r)
	}
	var lastErr string
	if err := e.store.DB().NewRaw(`SELECT last_error FROM mail_outbox WHERE status = 'planned' LIMIT 1`).Scan(context.Background(), &lastErr); err != nil || lastErr == "" {
		t.Errorf("last_error %q, %v", lastErr, err)
	}
	// Up: after the doubled backoff everything goes, once.
	srv.Reject(0)
	r = e.sweep(e.mailer(srv.Addr, tick), now)
	if r.Sent != 0 {
		t.Errorf("sent %d before the backoff ran out", r.Sent)
	}
	clock = clock.Add(2 * time.Minute)
	r = e.sweep(e.mailer(srv.Addr, tick), now)
	total := e.mailCount("sent")
	if n := uniqueIDs(t, srv.Take()); n != total || r.Sent != total || e.mailCount("planned") != 0 {
		t.Errorf("delivered %d, sent %d, ledger sent %d, planned %d", n, r.Sent, total, e.mailCount("planned"))
	}
}

func TestMailRetriesThenFailsWithSMTPErrorAndAdminResends(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.script()
	srv := startSMTP(t)
	srv.Reject(451)
	now := at(t, "2026-11-23T09:00:00+07:00") // the scripted day
	clock := now.Add(time.Minute)             // later than the rows planned at now
	m := e.mailer(srv.Addr, func() time.Time { return clock })
	for i := 0; i < 3; i++ { // MaxAttempts is 3 in tests
		e.sweep(m, now)
		clock = clock.Add(time.Hour)
	}
	failed := e.mailCount("failed")
	if failed == 0 || e.mailCount("planned") != 0 {
		t.Fatalf("failed %d, planned %d", failed, e.mailCount("planned"))
	}
	admin := e.login("admin@example.org")
	page := admin.get("/admin/mail?status=failed")
	if page.Status != 200 || !contains(page.Body, "451") {
		t.Fatalf("admin ledger: %d, no SMTP error shown\n%s", page.Status, page.Body)
	}
	id := e.firstMailID("failed")
	if r := admin.post("/admin/mail/"+itoa(id)+"/resend", nil); r.Status != 303 {
		t.Fatalf("resend: %d", r.Status)
	}
	srv.Reject(0)
	r := e.sweep(m, now)
	if r.Sent != 1 || len(srv.Take()) != 1 {
		t.Errorf("after resend: %+v", r)
	}
}

func TestMailCrashMidSweepThenRestartLosesAndDoublesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	srv := startSMTP(t)
	now := e.workMorning(0)
	e.now = now                   // the mails are planned, and stamped, this morning
	start := now.Add(time.Minute) // later than the rows planned at now
	m := e.mailer(srv.Addr, func() time.Time { return start })
	planned, err := m.Plan(context.Background(), now)
	if err != nil || planned < 10 {
		t.Fatalf("planned %d, %v", planned, err)
	}
	// A sender takes a batch (lease committed) and dies before sending.
	claimed, err := e.store.ClaimMails(context.Background(), start, 10*time.Minute, 5)
	if err != nil || len(claimed) != 5 {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	// Another sender right away leaves the leased mails alone.
	r, err := m.Deliver(context.Background())
	if err != nil || r.Sent != planned-5 {
		t.Fatalf("second sender: %+v, %v", r, err)
	}
	// Restart after the lease ran out: the rest goes, and nothing twice.
	later := e.mailer(srv.Addr, func() time.Time { return start.Add(11 * time.Minute) })
	e.sweep(later, now)
	if n := uniqueIDs(t, srv.Take()); n != planned || e.mailCount("sent") != planned {
		t.Errorf("delivered %d of %d", n, planned)
	}
}
