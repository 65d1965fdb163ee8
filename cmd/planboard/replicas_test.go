package main

import (
	"planboard/storage/pgtest"
	"testing"
	"time"

	"planboard/app/smtptest"
	"planboard/storage"
)

// TestThreeServeReplicasDeliverOnce runs three real `planboard serve`
// processes against one database and one SMTP server, each with its own
// scheduler (the planner every second, the delivery loop every 200 ms),
// with SOAK_MAILS reminders due (default 200: several batches each). The
// server refuses (451) until every mail has been tried, then accepts but
// holds one mail in flight while the test SIGKILLs the replica sending it;
// the other two carry on. The dead replica's lease is made to run out (the
// lease is ten minutes of real clock: the test moves locked_until to now,
// as passTime does) and the survivors deliver its mails. At the end every
// mail of the ledger has reached the server exactly once.
func TestThreeServeReplicasDeliverOnce(t *testing.T) {
	mails := envInt(t, "SOAK_MAILS", 200)
	dbURL, store := demoDatabase(t, pgtest.Now())
	want := seedDueReminders(t, store, (mails+4)/5, 5)
	srv := smtptest.Start(t, nil)
	srv.Reject(451)
	vars := func() map[string]string {
		return map[string]string{"PLANBOARD_DATABASE_URL": dbURL, "PLANBOARD_SMTP_URL": "smtp://" + srv.Addr,
			"PLANBOARD_SMTP_STARTTLS": "none", "PLANBOARD_BASE_URL": "http://plan.test",
			"PLANBOARD_REMIND_SCHEDULE": "@every 1s", "PLANBOARD_MAIL_INTERVAL": "200ms"}
	}
	ps := make([]*proc, 3)
	for i := range ps {
		ps[i], _ = serveProc(t, vars())
	}
	alive := func() {
		t.Helper()
		for i, p := range ps {
			if p != nil && p.exited() {
				t.Fatalf("replica %d died:\n%s", i, tailLines(p.out.String(), 30))
			}
		}
	}

	// Refused: every mail is planned once and tried once, nothing arrives
	// (at least want reminders: midnight in the museum's zone adds some).
	waitFor(t, "every mail planned and refused once", alive, func() bool {
		return count(t, store, `SELECT count(*) FROM mail_outbox WHERE kind = 'reminder' AND to_email LIKE 'replica-%'`) >= want &&
			count(t, store, `SELECT count(*) FROM mail_outbox WHERE status <> 'grouped' AND (status <> 'planned' OR attempts = 0 OR locked_until > ?)`, pgtest.Running()) == 0
	})
	if n := count(t, store, `SELECT count(*) FROM mail_outbox WHERE status = 'planned' AND last_error NOT LIKE '%451%'`); n != 0 {
		t.Fatalf("%d mails were not refused with 451", n)
	}
	got := srv.Take()
	if len(got) != 0 {
		t.Fatalf("%d mails delivered while the server refused", len(got))
	}
	total := count(t, store, `SELECT count(*) FROM mail_outbox WHERE status <> 'grouped'`)

	// Accepting again; the backoff (one minute) is over at once. The first
	// mail is held while its replica is killed.
	srv.Reject(0)
	held := srv.HoldNext()
	if _, err := store.DB().NewRaw(`UPDATE mail_outbox SET next_attempt_at = ? WHERE status = 'planned'`, pgtest.Running()).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	var peer string
	select {
	case peer = <-held:
	case <-time.After(2 * time.Minute):
		t.Fatal("no replica sent a mail after the server accepted again")
	}
	victim := ownerOf(t, peer, ps)
	victim.kill()
	srv.Release()
	for i := range ps {
		if ps[i] == victim {
			ps[i] = nil
		}
	}

	// The survivors deliver everything but the dead replica's batch, whose
	// lease (one distinct locked_until) is all that is left.
	var orphans []struct {
		MessageID string `bun:"message_id"`
		To        string `bun:"to_email"`
	}
	waitFor(t, "only the dead replica's lease left", alive, func() bool {
		return count(t, store, `SELECT count(*) FROM mail_outbox WHERE status = 'planned' AND (locked_until IS NULL OR locked_until <= ?)`, pgtest.Running()) == 0 &&
			count(t, store, `SELECT count(DISTINCT locked_until) FROM mail_outbox WHERE status = 'planned'`) == 1
	})
	if err := store.DB().NewRaw(`SELECT message_id, to_email FROM mail_outbox WHERE status = 'planned'`).Scan(t.Context(), &orphans); err != nil {
		t.Fatal(err)
	}
	got = append(got, srv.Take()...)
	sentBefore := len(got)
	delivered := map[string]bool{}
	for _, m := range got {
		delivered[m.MessageID+" "+m.To] = true
	}
	for _, o := range orphans {
		if delivered[o.MessageID+" "+o.To] {
			t.Errorf("%s %s is leased by the dead replica but was delivered", o.MessageID, o.To)
		}
	}
	t.Logf("after SIGKILL: %d mails leased by the dead replica, %d of %d delivered by all replicas", len(orphans), sentBefore, total)

	// The lease runs out: the survivors deliver the orphans.
	if _, err := store.DB().NewRaw(`UPDATE mail_outbox SET locked_until = ?0 WHERE status = 'planned' AND locked_until > ?0`, pgtest.Running()).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the orphaned mails delivered", alive, func() bool {
		return count(t, store, `SELECT count(*) FROM mail_outbox WHERE status = 'planned'`) == 0
	})
	got = append(got, srv.Take()...)
	for i, p := range ps {
		if p != nil {
			if err := p.stop(); err != nil {
				t.Errorf("replica %d after SIGTERM: %v\n%s", i, err, tailLines(p.out.String(), 20))
			}
		}
	}
	got = append(got, srv.Take()...)
	r := checkDeliveredOnce(t, store, got)
	if r.ledger < 5*20 {
		t.Errorf("only %d mails: delivery did not span several batches of 20", r.ledger)
	}
	soakResult(t, "replicas", "replicas", 3, "mails", r.ledger, "delivered_once", r.once, "lost", r.lost,
		"doubled", r.doubled, "kills", 1, "orphans_after_kill", len(orphans))
}

// seedDueReminders adds users staff of the demo museum with perUser items
// each, due within the next five days (so a reminder is due today for every
// one), and lets every institution mail on weekends, so the test does not
// depend on the day it runs. It returns the number of reminders due.
func seedDueReminders(t *testing.T, store *storage.Store, users, perUser int) int {
	t.Helper()
	for _, st := range []struct {
		q   string
		arg int
	}{
		{`INSERT INTO users (email, full_name) SELECT format('replica-%s@example.org', g), format('Получатель %s', g)
			FROM generate_series(1, ?) g`, users},
		{`INSERT INTO memberships (user_id, role, institution_id) SELECT u.id, 'staff', i.id
			FROM users u, institutions i WHERE u.email LIKE 'replica-%' AND i.slug = 'kraevedcheskiy-muzey'`, 0},
		{`INSERT INTO items (plan_id, institution_id, position, section, measure, deadline_kind, deadline_date, assignee_id)
			SELECT p.id, i.id, 10000 + row_number() OVER (), 'org', format('Мероприятие %s-%s', u.id, k), 'date',
				('` + pgtest.Running().Format(time.RFC3339) + `'::timestamptz AT TIME ZONE i.time_zone)::date + k % 5, u.id
			FROM users u JOIN memberships m ON m.user_id = u.id JOIN institutions i ON i.id = m.institution_id
			JOIN plans p ON p.institution_id = i.id, generate_series(1, ?) k
			WHERE u.email LIKE 'replica-%'`, perUser},
		{`INSERT INTO institution_mail_rules (institution_id, mail_on_weekends) SELECT id, true FROM institutions
			ON CONFLICT (institution_id) DO UPDATE SET mail_on_weekends = true`, 0},
	} {
		if _, err := store.DB().NewRaw(st.q, st.arg).Exec(t.Context()); err != nil {
			t.Fatalf("%s: %v", st.q, err)
		}
	}
	want := users * perUser
	if n := count(t, store, `SELECT count(*) FROM items it JOIN users u ON u.id = it.assignee_id WHERE u.email LIKE 'replica-%'`); n != want {
		t.Fatalf("seeded %d items, want %d (the demo museum should have one plan)", n, want)
	}
	return want
}

// waitFor polls until done, checking alive between polls; it fails after
// two minutes (a stuck test, not a slow one: nothing here is timed).
func waitFor(t *testing.T, what string, alive func(), done func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute) // wall clock: a polling timeout
	for !done() {
		alive()
		if time.Now().After(deadline) { // wall clock: a polling timeout
			t.Fatalf("waited two minutes for: %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
