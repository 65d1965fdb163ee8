package app_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"planboard/domain"
)

// cancelAllItems cancels every item, so that a test's own items are the only mail.
func (e *env) cancelAllItems() {
	e.t.Helper()
	if _, err := e.store.DB().NewRaw(`UPDATE items SET status = 'cancelled'`).Exec(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// dueItems opens the first items of slug's plan again, assigned to email
// and due on dues, and returns their ids.
func (e *env) dueItems(slug, email string, dues ...string) []int64 {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.store.UserByEmail(ctx, email)
	if err != nil {
		e.t.Fatal(err)
	}
	items, err := e.store.PlanItems(ctx, domain.Scope{All: true}, e.planID(slug))
	if err != nil || len(items) < len(dues) {
		e.t.Fatalf("items of %s: %d, %v", slug, len(items), err)
	}
	var ids []int64
	for i, due := range dues {
		if _, err := e.store.DB().NewRaw(`UPDATE items SET status = 'planned', deadline_kind = 'date', deadline_date = ?::date,
			assignee_id = ? WHERE id = ?`, due, u.ID, items[i].ID).Exec(ctx); err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, items[i].ID)
	}
	return ids
}

func (e *env) setRules(slug string, r domain.MailRules) {
	e.t.Helper()
	if r.RemindOffsets == nil {
		r.RemindOffsets = domain.DefaultRemindOffsets
	}
	if err := e.store.SaveInstitutionMailRules(context.Background(), domain.Scope{All: true}, e.institutionID(slug), r); err != nil {
		e.t.Fatal(err)
	}
}

// keyDay is the day of the ledger key a message was planned under (the
// last part of its stable Message-ID before the host).
func keyDay(m received) string {
	id := strings.TrimSuffix(strings.TrimPrefix(m.MessageID, "<"), ">")
	id, _, _ = strings.Cut(id, "@")
	return id[strings.LastIndex(id, ".")+1:]
}

// escalationKeys returns the ledger keys of the escalations (each item's
// own row; the mail that lists them is keyed by its batch and sweep day).
func (e *env) escalationKeys() []string {
	e.t.Helper()
	var keys []string
	if err := e.store.DB().NewRaw(`SELECT dedupe_key FROM mail_outbox WHERE status = 'grouped' ORDER BY dedupe_key`).
		Scan(context.Background(), &keys); err != nil {
		e.t.Fatal(err)
	}
	return keys
}

// The week of 8 March 2026 (ПП РФ № 1466: Sunday 8 March moves its day off
// to Monday 9 March), a sweep every morning at 09:00 in Novokuznetsk: on
// the holiday only the urgent reminder goes out; the next morning the held
// mails go out under the day they fell due, each once.
func TestHolidayWeekMarch2026HoldsNonUrgentMail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.cancelAllItems()
	// Museum (default rules: escalations in working days): A due Monday
	// 16 March (7-day reminder on the holiday), B due Tuesday 10 March (its
	// 1-day reminder on the holiday is urgent), C due Thursday 5 March
	// (overdue notices every 3 days: 6 and 9 March).
	ids := e.dueItems(museum, "staff@example.org", "2026-03-16", "2026-03-10", "2026-03-05")
	b := ids[1]
	// Library, escalations in calendar days: D due 5 March is escalated to
	// its director 3 days later, on Sunday 8 March.
	e.dueItems(library, "staff2@example.org", "2026-03-05")
	e.setRules(library, domain.MailRules{OverdueEvery: 3, EscalateDirector: 3, EscalateFounder: 14})
	srv := startSMTP(t)
	m := e.mailer(srv.Addr, e.clock)
	e.sweep(m, at(t, "2026-03-05T09:00:00+07:00")) // what was due before the week: B's 7-day reminder, the March summary
	srv.Take()

	staff, staff2, director, director2 := "staff@example.org", "staff2@example.org", "director@example.org", "director2@example.org"
	days := []struct {
		now  string
		want []string
	}{
		{"2026-03-06T09:00:00+07:00", []string{"overdue " + staff2, "overdue " + staff}},
		{"2026-03-07T09:00:00+07:00", nil}, // Saturday: B's 3-day reminder and D's escalation wait
		{"2026-03-08T09:00:00+07:00", nil}, // Sunday, the holiday itself
		// Monday 9 March, the day off moved from Sunday: B's last-day
		// reminder only; A's 7-day reminder, C's and D's overdue notices,
		// D's escalation and the weekly digests wait.
		{"2026-03-09T09:00:00+07:00", []string{"reminder " + staff}},
		{"2026-03-10T09:00:00+07:00", []string{"digest " + director2, "digest " + director, "escalation_director " + director2,
			"overdue " + staff2, "overdue " + staff, "reminder " + staff, "reminder " + staff}},
		// Wednesday: C is 3 working days overdue (6, 10, 11 March); B's first overdue notice.
		{"2026-03-11T09:00:00+07:00", []string{"escalation_director " + director, "overdue " + staff}},
	}
	for _, d := range days {
		now := at(t, d.now)
		e.sweep(m, now)
		msgs := srv.Take()
		if got := kinds(msgs); !reflect.DeepEqual(got, d.want) && (len(got) > 0 || len(d.want) > 0) {
			t.Errorf("%s: got %q, want %q", d.now, got, d.want)
		}
		if strings.HasPrefix(d.now, "2026-03-10") {
			for _, msg := range msgs {
				want := "2026-03-09" // held from the holiday
				switch {
				case strings.HasPrefix(msg.MessageID, "<escalation_director."):
					want = "2026-03-10" // a grouped mail is keyed by its sweep; its items below
				case strings.HasPrefix(msg.MessageID, "<reminder."+itoa(b)+"."):
					want = "2026-03-10" // B's deadline day itself
				}
				if keyDay(msg) != want {
					t.Errorf("10 March: %s planned under %s, want %s", msg.MessageID, keyDay(msg), want)
				}
			}
			d := e.dueItemsOf(library)[0]
			if keys := e.escalationKeys(); !reflect.DeepEqual(keys, []string{"escalation_director:" + itoa(d) + ":" + itoa(e.userID(director2)) + ":2026-03-08"}) {
				t.Errorf("escalation rows %q: want D's, keyed by Sunday 8 March", keys)
			}
			// The same day again plans nothing: a held mail is planned once.
			if r := e.sweep(m, now.Add(6*time.Hour)); r.Planned != 0 {
				t.Errorf("second sweep on 10 March planned %d", r.Planned)
			}
		}
	}
	var superseded int
	if err := e.store.DB().NewRaw(`SELECT count(*) FROM mail_outbox WHERE dedupe_key = ?`,
		"reminder:"+itoa(b)+":"+itoa(e.userID(staff))+":2026-03-07").Scan(context.Background(), &superseded); err != nil || superseded != 0 {
		t.Errorf("B's 3-day reminder of Saturday was planned (%d, %v): the 1-day one supersedes it", superseded, err)
	}
}

// An item due Friday 25 December 2026, escalated after 5 working days:
// 28, 29, 30 December, then 31 December (ПП № 1466) and 1–10 January 2027
// are off, so the 4th and 5th working days are 11 and 12 January. The same
// item counted in calendar days is escalated on 30 December. Nothing
// non-urgent goes out on a day off, 5 January 2027 included.
func TestHolidayNewYear2027EscalationCountsWorkingDays(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.cancelAllItems()
	museumItem := e.dueItems(museum, "staff@example.org", "2026-12-25")[0]
	libraryItem := e.dueItems(library, "staff2@example.org", "2026-12-25")[0]
	e.setRules(museum, domain.MailRules{OverdueEvery: 3, EscalateDirector: 5, EscalateFounder: 14, EscalateWorkingDays: true})
	e.setRules(library, domain.MailRules{OverdueEvery: 3, EscalateDirector: 5, EscalateFounder: 14})
	srv := startSMTP(t)
	m := e.mailer(srv.Addr, e.clock)
	cal := domain.RussianCalendar()
	escalated := map[string]string{} // kind and item → the day the mail went out
	var firstOverdueAfter string
	for day := domain.NewDate(2026, 12, 25); !day.After(domain.NewDate(2027, 1, 26)); day = day.AddDays(1) {
		e.sweep(m, at(t, day.String()+"T09:00:00+07:00"))
		msgs := srv.Take()
		if !cal.IsWorkingDay(day) && len(msgs) > 0 {
			t.Errorf("%s is a day off, yet %q went out", day, kinds(msgs))
		}
		for _, msg := range msgs {
			kind, rest, _ := strings.Cut(strings.TrimPrefix(msg.MessageID, "<"), ".")
			item, _, _ := strings.Cut(rest, ".")
			item, _, _ = strings.Cut(item, "-") // a grouped mail: its first item
			if strings.HasPrefix(kind, "escalation_") {
				escalated[kind+" "+item] = day.String()
			}
			if kind == "overdue" && day.After(domain.NewDate(2026, 12, 31)) && firstOverdueAfter == "" {
				firstOverdueAfter = day.String()
			}
		}
	}
	want := map[string]string{
		"escalation_director " + itoa(museumItem):  "2027-01-12", // 5 working days
		"escalation_founder " + itoa(museumItem):   "2027-01-25", // 14 working days
		"escalation_director " + itoa(libraryItem): "2026-12-30", // 5 calendar days
		"escalation_founder " + itoa(libraryItem):  "2027-01-11", // 14 calendar days: 8 January, a holiday, held
	}
	if !reflect.DeepEqual(escalated, want) {
		t.Errorf("escalations sent:\n got %v\nwant %v", escalated, want)
	}
	dir, dir2, founder := itoa(e.userID("director@example.org")), itoa(e.userID("director2@example.org")), itoa(e.userID("founder@example.org"))
	wantKeys := []string{
		"escalation_director:" + itoa(libraryItem) + ":" + dir2 + ":2026-12-30",
		"escalation_director:" + itoa(museumItem) + ":" + dir + ":2027-01-12",
		"escalation_founder:" + itoa(libraryItem) + ":" + founder + ":2027-01-08",
		"escalation_founder:" + itoa(museumItem) + ":" + founder + ":2027-01-25",
	}
	if keys := e.escalationKeys(); !sameSet(keys, wantKeys) {
		t.Errorf("escalation rows %q, want %q", keys, wantKeys)
	}
	if firstOverdueAfter != "2027-01-11" {
		t.Errorf("first overdue notice of 2027 on %q, want 2027-01-11 (the first working day)", firstOverdueAfter)
	}
}

// A region's holiday holds mail for its institutions only.
func TestHolidayRegionalHoldsOnlyThatRegion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.cancelAllItems()
	e.dueItems(museum, "staff@example.org", "2026-11-23")
	e.dueItems(library, "staff2@example.org", "2026-11-23")
	if err := e.store.SetInstitutionRegion(ctx, e.institutionID(museum), "16"); err != nil {
		t.Fatal(err)
	}
	for _, h := range []domain.RegionalHoliday{
		{Region: "16", Date: domain.NewDate(2026, 11, 24), Name: "Региональный праздник"},
		{Region: "02", Date: domain.NewDate(2026, 11, 25), Name: "Праздник другого региона"},
	} {
		if err := e.store.SaveRegionalHoliday(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	srv := startSMTP(t)
	m := e.mailer(srv.Addr, e.clock)
	e.sweep(m, at(t, "2026-11-23T09:00:00+07:00"))
	srv.Take()
	e.sweep(m, at(t, "2026-11-24T09:00:00+07:00"))
	if got := kinds(srv.Take()); !reflect.DeepEqual(got, []string{"overdue staff2@example.org"}) {
		t.Errorf("24 November, the museum's regional holiday: got %q, want the library's overdue notice only", got)
	}
	e.sweep(m, at(t, "2026-11-25T09:00:00+07:00"))
	msgs := srv.Take()
	if got := kinds(msgs); !reflect.DeepEqual(got, []string{"overdue staff@example.org"}) || keyDay(msgs[0]) != "2026-11-24" {
		t.Errorf("25 November: got %q, want the museum's held overdue notice of 24 November", got)
	}
	cal, err := e.store.InstitutionCalendar(ctx, domain.Scope{All: true}, e.institutionID(library))
	if err != nil || !cal.IsWorkingDay(domain.NewDate(2026, 11, 24)) {
		t.Errorf("the library's calendar has the museum's regional holiday (%v)", err)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

// dueItemsOf returns the open items of slug's plan.
func (e *env) dueItemsOf(slug string) []int64 {
	e.t.Helper()
	var ids []int64
	if err := e.store.DB().NewRaw(`SELECT id FROM items WHERE plan_id = ? AND status = 'planned' ORDER BY id`, e.planID(slug)).
		Scan(context.Background(), &ids); err != nil {
		e.t.Fatal(err)
	}
	return ids
}

// Reminders counted in working days: 3 working days before Thursday
// 12 March 2026 is Friday 6 March (9 March is off), 1 working day before is
// Wednesday 11 March.
func TestHolidayRemindersInWorkingDays(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.cancelAllItems()
	e.dueItems(museum, "staff@example.org", "2026-03-12")
	e.setRules(museum, domain.MailRules{RemindOffsets: []int{3, 1, 0}, OverdueEvery: 3, EscalateDirector: 3, EscalateFounder: 14,
		RemindWorkingDays: true, EscalateWorkingDays: true})
	srv := startSMTP(t)
	m := e.mailer(srv.Addr, e.clock)
	var got []string
	for day := domain.NewDate(2026, 3, 4); !day.After(domain.NewDate(2026, 3, 12)); day = day.AddDays(1) {
		e.sweep(m, at(t, day.String()+"T09:00:00+07:00"))
		for _, msg := range srv.Take() {
			if strings.HasPrefix(msg.MessageID, "<reminder.") {
				got = append(got, day.String()+" "+keyDay(msg))
			}
		}
	}
	want := []string{"2026-03-06 2026-03-06", "2026-03-11 2026-03-11", "2026-03-12 2026-03-12"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reminders (sent, key day) %q, want %q", got, want)
	}
}
