package app_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"
)

func TestMailDroppedWhenReassignedOrMoved(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, _, c := e.script()
	srv := startSMTP(t)
	m := e.mailer(srv.Addr, e.clock)
	ctx := context.Background()
	e.now = at(t, "2026-11-23T09:00:00+07:00") // the scripted day
	if _, err := m.Plan(ctx, e.now); err != nil {
		t.Fatal(err)
	}
	director, _ := e.store.UserByEmail(ctx, "director@example.org")
	db := e.store.DB()
	if _, err := db.NewRaw(`UPDATE items SET assignee_id = ? WHERE id = ?`, director.ID, a).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.NewRaw(`UPDATE items SET deadline_date = '2026-12-20' WHERE id = ?`, c).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	var reasons []string
	if err := db.NewRaw(`SELECT kind || ' ' || drop_reason FROM mail_outbox WHERE status = 'dropped' ORDER BY 1`).Scan(ctx, &reasons); err != nil {
		t.Fatal(err)
	}
	// Escalations go out grouped over several items: they are not dropped per item.
	want := "overdue deadline_moved,reminder reassigned"
	if strings.Join(reasons, ",") != want {
		t.Errorf("dropped %q, want %q", reasons, want)
	}
	for _, msg := range srv.Take() {
		kind, rest, _ := strings.Cut(strings.TrimPrefix(msg.MessageID, "<"), ".")
		subject, _, _ := strings.Cut(rest, ".")
		if kind != "digest" && (subject == itoa(a) || subject == itoa(c)) {
			t.Errorf("sent %s although it was dropped", msg.MessageID)
		}
	}
}

// queryCounter counts the statements a store runs.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	q.n.Add(1)
	return ctx
}
func (q *queryCounter) AfterQuery(context.Context, *bun.QueryEvent) {}

func TestMailPlannerRunsConstantNumberOfStatements(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	counter := &queryCounter{}
	e.store.DB().(*bun.DB).AddQueryHook(counter)
	m := e.mailer("", e.clock)
	plan := func(now time.Time) (int, int64) {
		counter.n.Store(0)
		e.now = now
		n, err := m.Plan(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		return n, counter.n.Load()
	}
	plan(e.morning(-3650)) // the first sweep of a process also loads the unsubscribe key, once
	now := e.workMorning(0)
	few, q1 := plan(now)
	// Ten times the items, planned again at the same moment from an empty
	// ledger, so that the same kinds of mail (digests, the month's summary)
	// are due and only the number of items differs.
	for _, q := range []string{`INSERT INTO items (plan_id, institution_id, position, section, measure,
		deadline_kind, deadline_date, assignee_id, status)
		SELECT plan_id, institution_id, position + 1000 * g, section, measure, deadline_kind, deadline_date, assignee_id, status
		FROM items, generate_series(1, 9) g WHERE deadline_date IS NOT NULL`, `DELETE FROM mail_outbox`} {
		if _, err := e.store.DB().NewRaw(q).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	many, q2 := plan(now)
	if many < 5*few || q2 != q1 {
		t.Errorf("planned %d then %d mails with %d then %d statements", few, many, q1, q2)
	}
}
