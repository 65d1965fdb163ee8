package app_test

import (
	"context"
	"fmt"
	"planboard/domain"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// overdueEverywhere makes every open item of both demo institutions due on
// due (so that they are long overdue on 23 November) and returns how many.
func (e *env) overdueEverywhere(t *testing.T, due string) int {
	t.Helper()
	res, err := e.store.DB().NewRaw(`UPDATE items SET status = 'in_progress', deadline_kind = 'date', deadline_date = ?::date`, due).
		Exec(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n, _ := res.RowsAffected()
	return int(n)
}

// longOverdue is a deadline 20 working days before now's day: past the
// founder's escalation (14 working days) whatever holidays lie between.
func longOverdue(now time.Time) string {
	return domain.RussianCalendar().AddWorkingDays(domain.Today(now, demoZone), -20).String()
}

var countRe = regexp.MustCompile(`: (\d+)$`)

// founderEscalated sums the items of the founder escalation mails planned:
// the count in a grouped mail's subject, one for a single item's mail.
func (e *env) founderEscalated(t *testing.T) (items, mails int) {
	t.Helper()
	var subjects []string
	if err := e.store.DB().NewRaw(`SELECT subject FROM mail_outbox WHERE kind = 'escalation_founder' AND status <> 'grouped'`).
		Scan(context.Background(), &subjects); err != nil {
		t.Fatal(err)
	}
	for _, s := range subjects {
		if m := countRe.FindStringSubmatch(s); m != nil && strings.HasPrefix(s, "Просроченные") {
			k, _ := strconv.Atoi(m[1])
			items += k
		} else {
			items++
		}
	}
	return items, len(subjects)
}

var moreRe = regexp.MustCompile(`и ещё мероприятий: (\d+)`)

// moreCount sums the "and N more" lines of a grouped mail.
func moreCount(text string) int {
	n := 0
	for _, m := range moreRe.FindAllStringSubmatch(text, -1) {
		k, _ := strconv.Atoi(m[1])
		n += k
	}
	return n
}

// A founder with many long-overdue items gets one mail listing them by
// institution, not one mail per item; each item is escalated once.
func TestEscalationsGoOutGroupedOncePerItem(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := e.workMorning(0)
	e.now = now // the mails are planned, and stamped, this morning
	n := e.overdueEverywhere(t, longOverdue(now))
	srv := startSMTP(t)
	m := e.mailer(srv.Addr, e.clock)
	e.sweep(m, now)
	var founder []received
	for _, msg := range srv.Take() {
		if msg.To == "founder@example.org" && !strings.HasPrefix(msg.MessageID, "<summary.") { // the month's summary comes on its own days
			founder = append(founder, msg)
		}
	}
	if len(founder) != 1 {
		t.Fatalf("founder got %d mails for %d overdue items", len(founder), n)
	}
	f := founder[0]
	if !strings.HasPrefix(f.Subject, "Просроченные мероприятия подведомственных учреждений: ") ||
		!strings.Contains(f.Text, "Краеведческий музей") || !strings.Contains(f.Text, "Центральная городская библиотека") ||
		strings.Count(f.Text, "/items/")+moreCount(f.Text) != n {
		t.Errorf("grouped founder mail (%d items expected): %s\n%s", n, f.Subject, f.Text)
	}
	if got := e.mailCount("grouped"); got < n {
		t.Errorf("%d escalation rows in the ledger, want one per item and recipient (≥ %d)", got, n)
	}
	// The next sweeps escalate nothing again.
	if r := e.sweep(m, now.Add(time.Hour)); r.Planned != 0 {
		t.Errorf("second sweep planned %d", r.Planned)
	}
	// An item that becomes 14 working days overdue on the next working day
	// is escalated alone (escalations count working days by default).
	cal := domain.RussianCalendar()
	next := e.workMorning(1)
	for !next.After(now.Add(time.Hour)) {
		next = next.AddDate(0, 0, 1)
	}
	for !cal.IsWorkingDay(domain.Today(next, demoZone)) {
		next = next.AddDate(0, 0, 1)
	}
	fourteen := cal.AddWorkingDays(domain.Today(next, demoZone), -14)
	if _, err := e.store.DB().NewRaw(`UPDATE items SET deadline_date = ?::date WHERE id = (SELECT min(id) FROM items)`, fourteen.String()).
		Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.sweep(m, next)
	founder = nil
	for _, msg := range srv.Take() {
		if msg.To == "founder@example.org" && !strings.HasPrefix(msg.MessageID, "<summary.") { // the month's summary comes on its own days
			founder = append(founder, msg)
		}
	}
	if len(founder) != 1 || !strings.HasPrefix(founder[0].Subject, fmt.Sprintf("Просрочено на %d дн.: ", fourteen.DaysUntil(domain.Today(next, demoZone)))) {
		t.Errorf("next day the founder got %q", kinds(founder))
	}
}

// Two planners at the same moment: every item is in exactly one grouped mail.
func TestEscalationsGroupedExactlyOnceWithTwoPlanners(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := e.workMorning(0)
	e.now = now // the mails are planned, and stamped, this morning
	n := e.overdueEverywhere(t, longOverdue(now))
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.mailer("", e.clock).Plan(context.Background(), now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	items, mails := e.founderEscalated(t)
	if items != n || mails < 1 || mails > 2 {
		t.Errorf("%d items in %d founder mails, want each of %d items once", items, mails, n)
	}
}
