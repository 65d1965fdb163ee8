package app_test

import (
	"context"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"planboard/domain"
)

// script gives the museum three open items assigned to staff@ — A due
// 30 Nov (in 7 days), B due 24 Nov (tomorrow), C due 20 Nov (3 days
// overdue) — and cancels every other item, so the mails are predictable.
func (e *env) script() (a, b, c int64) {
	e.t.Helper()
	ctx := context.Background()
	db := e.store.DB()
	if _, err := db.NewRaw(`UPDATE items SET status = 'cancelled'`).Exec(ctx); err != nil {
		e.t.Fatal(err)
	}
	staff, err := e.store.UserByEmail(ctx, "staff@example.org")
	if err != nil {
		e.t.Fatal(err)
	}
	items, err := e.store.PlanItems(ctx, domain.Scope{All: true}, e.planID(museum))
	if err != nil {
		e.t.Fatal(err)
	}
	ids := []int64{items[0].ID, items[1].ID, items[2].ID}
	for i, due := range []string{"2026-11-30", "2026-11-24", "2026-11-20"} {
		_, err := db.NewRaw(`UPDATE items SET status = 'planned', deadline_kind = 'date', deadline_date = ?::date,
			assignee_id = ? WHERE id = ?`, due, staff.ID, ids[i]).Exec(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
	}
	return ids[0], ids[1], ids[2]
}

func TestMailScriptedDaysRightMailsToRightPeople(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, b, _ := e.script()
	srv := startSMTP(t)
	m := e.mailer(srv.Addr, e.clock)
	staff, director, director2, founder := "staff@example.org", "director@example.org", "director2@example.org", "founder@example.org"
	days := []struct {
		now  string
		want []string
		act  func()
	}{
		// Monday: 7-day reminder of A, 1-day of B, first overdue notice of C,
		// both weekly digests, and the founder's monthly summary is past its
		// first working days. C is 3 calendar days overdue but 1 working
		// day: escalations count working days by default.
		{now: "2026-11-23T09:00:00+07:00", want: []string{
			"digest " + director2, "digest " + director,
			"overdue " + staff, "reminder " + staff, "reminder " + staff}},
		// The same day again: nothing twice.
		{now: "2026-11-23T15:00:00+07:00"},
		// Tuesday: B is due today, C's second overdue notice (every 3 days);
		// B is closed before its mail goes out, so that one is dropped.
		{now: "2026-11-24T09:00:00+07:00", want: []string{"overdue " + staff}, act: func() { e.setStatus(b, "done") }},
		// Wednesday: C is 3 working days overdue (escalation to the
		// museum's director). Thursday: A is 6 days ahead (its 7-day reminder
		// went out), C's next notice is Friday.
		{now: "2026-11-25T09:00:00+07:00", want: []string{"escalation_director " + director}},
		{now: "2026-11-26T09:00:00+07:00"},
		// Saturday: quiet day. A's 3-day reminder (due Friday 27) waits.
		{now: "2026-11-28T09:00:00+07:00"},
		// Monday 30: the day of A; the 3-day reminder is superseded, C's
		// overdue notice of Friday goes out late (missed, still relevant),
		// new weekly digests.
		{now: "2026-11-30T09:00:00+07:00", want: []string{"digest " + director2, "digest " + director,
			"overdue " + staff, "reminder " + staff}},
		// Friday 4 December: A is 4 working days overdue (to the director;
		// C is 10, the founder hears of it after 14); both get an overdue
		// notice; the founder's December summary, first sweep in its first
		// working days.
		{now: "2026-12-04T09:00:00+07:00", want: []string{"escalation_director " + director,
			"overdue " + staff, "overdue " + staff, "summary " + founder}},
		// Thursday 10 December: C is 14 working days overdue (to the
		// founder); both overdue notices and the week's digests, the first
		// sweep since Friday.
		{now: "2026-12-10T09:00:00+07:00", want: []string{"digest " + director2, "digest " + director,
			"escalation_founder " + founder, "overdue " + staff, "overdue " + staff}},
	}
	for _, d := range days {
		now := at(t, d.now)
		if d.act != nil {
			if _, err := m.Plan(context.Background(), now); err != nil {
				t.Fatal(err)
			}
			d.act()
		}
		e.sweep(m, now)
		if got := kinds(srv.Take()); !reflect.DeepEqual(got, d.want) && (len(got) > 0 || len(d.want) > 0) {
			t.Errorf("%s: got %q, want %q", d.now, got, d.want)
		}
	}
	var reason string
	if err := e.store.DB().NewRaw(`SELECT drop_reason FROM mail_outbox WHERE status = 'dropped' AND subject_id = ?`, b).Scan(context.Background(), &reason); err != nil || reason != "closed" {
		t.Errorf("B's reminder: drop reason %q, %v; want closed", reason, err)
	}
}

func (e *env) setStatus(id int64, status string) {
	e.t.Helper()
	if _, err := e.store.DB().NewRaw(`UPDATE items SET status = ? WHERE id = ?`, status, id).Exec(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func TestMailContentRussianHTMLLinkMessageID(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.script()
	srv := startSMTP(t)
	e.sweep(e.mailer(srv.Addr, e.clock), at(t, "2026-11-23T09:00:00+07:00"))
	var reminder, digest *received
	msgs := srv.Take()
	for i, m := range msgs {
		switch {
		case strings.HasPrefix(m.MessageID, "<reminder.") && strings.Contains(m.Subject, "7"):
			reminder = &msgs[i]
		case strings.HasPrefix(m.MessageID, "<digest."):
			digest = &msgs[i]
		}
	}
	if reminder == nil || digest == nil {
		t.Fatalf("no reminder or digest among %q", kinds(msgs))
	}
	if !strings.Contains(reminder.Subject, "Срок через 7") {
		t.Errorf("subject %q is not the Russian reminder", reminder.Subject)
	}
	ct := reminder.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "multipart/alternative") || !strings.Contains(reminder.Body, "text/plain") || !strings.Contains(reminder.Body, "text/html") {
		t.Errorf("want plain text and HTML parts, got %s", ct)
	}
	if !strings.Contains(reminder.Body, "http://planboard.test/items/") {
		t.Errorf("no direct link to the task in\n%s", reminder.Body)
	}
	if !strings.Contains(reminder.Header.Get("From"), "planboard@example.org") {
		t.Errorf("From = %q", reminder.Header.Get("From"))
	}
	if !strings.HasSuffix(reminder.MessageID, "@planboard.test>") {
		t.Errorf("Message-ID %q", reminder.MessageID)
	}
	if !unsubscribeRe.MatchString(digest.Header.Get("List-Unsubscribe")) || digest.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("digest List-Unsubscribe = %q, -Post = %q", digest.Header.Get("List-Unsubscribe"), digest.Header.Get("List-Unsubscribe-Post"))
	}
	if reminder.Header.Get("List-Unsubscribe") != "" {
		t.Error("a reminder has List-Unsubscribe")
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func (e *env) firstMailID(status string) int64 {
	e.t.Helper()
	var id int64
	if err := e.store.DB().NewRaw(`SELECT min(id) FROM mail_outbox WHERE status = ?`, status).Scan(context.Background(), &id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func TestMailKeptWithoutSMTPReadableByAdminOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.script()
	r := e.sweep(e.mailer("", e.clock), at(t, "2026-11-23T09:00:00+07:00"))
	if r.Kept == 0 || r.Kept != e.mailCount("kept") {
		t.Fatalf("kept %+v, ledger %d", r, e.mailCount("kept"))
	}
	id := e.firstMailID("kept")
	admin := e.login("admin@example.org")
	if p := admin.get("/admin/mail?status=kept"); p.Status != 200 || !contains(p.Body, "/admin/mail/"+itoa(id)) {
		t.Fatalf("ledger: %d", p.Status)
	}
	if p := admin.get("/admin/mail/" + itoa(id)); p.Status != 200 || !contains(p.Body, "Здравствуйте") || !contains(p.Body, "/items/") {
		t.Errorf("kept mail not readable: %d\n%s", p.Status, p.Body)
	}
	director := e.login("director@example.org")
	for _, path := range []string{"/admin/mail", "/admin/mail/" + itoa(id)} {
		if p := director.get(path); p.Status != 404 {
			t.Errorf("director GET %s: %d, want 404", path, p.Status)
		}
	}
	if p := director.post("/admin/mail/"+itoa(id)+"/resend", nil); p.Status != 404 {
		t.Errorf("director resend: %d, want 404", p.Status)
	}
}

func TestMailSettingsOffsetsAndDigestOptOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.script()
	staff := e.login("staff@example.org")
	bad := staff.post("/settings/notifications", url.Values{"digests": {"on"}, "offsets": {"5, abc"}})
	if bad.Status != 422 || !contains(bad.Body, `value="5, abc"`) || !contains(bad.Body, `aria-invalid="true"`) {
		t.Fatalf("bad offsets: %d\n%s", bad.Status, bad.Body)
	}
	if ok := staff.post("/settings/notifications", url.Values{"offsets": {"2"}}); ok.Status != 303 {
		t.Fatalf("save: %d", ok.Status)
	}
	if p := staff.get("/settings/notifications"); !contains(p.Body, `value="2"`) || contains(p.Body, "checked") {
		t.Errorf("saved settings not shown")
	}
	director := e.login("director@example.org")
	director.post("/settings/notifications", url.Values{}) // digests off, the institution's offsets
	srv := startSMTP(t)
	e.sweep(e.mailer(srv.Addr, e.clock), at(t, "2026-11-23T09:00:00+07:00"))
	got := kinds(srv.Take())
	// staff@ now wants reminders only 2 days ahead: A (7 days) gets none, B
	// (1 day) still falls under the 2-day reminder; director@ no digest (and
	// C, 1 working day overdue, is not escalated yet).
	want := []string{"digest director2@example.org", "overdue staff@example.org", "reminder staff@example.org"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMailInstitutionRulesDirectorOnlyAndValidated(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.script()
	director := e.login("director@example.org")
	settings := director.get("/settings/notifications")
	m := regexp.MustCompile(`/institutions/(\d+)/mail-rules`).FindStringSubmatch(settings.Body)
	if m == nil {
		t.Fatalf("no link to the institution's rules\n%s", settings.Body)
	}
	path := m[0]
	if p := director.get(path); p.Status != 200 || !contains(p.Body, `value="7, 3, 1, 0"`) {
		t.Fatalf("rules page: %d", p.Status)
	}
	bad := director.post(path, url.Values{"offsets": {"7"}, "overdue_every": {"0"}, "escalate_director": {"5"}, "escalate_founder": {"2"}})
	if bad.Status != 422 || !contains(bad.Body, `id="overdue_every-error"`) || !contains(bad.Body, `id="escalate_founder-error"`) || !contains(bad.Body, `value="0"`) {
		t.Fatalf("invalid rules: %d\n%s", bad.Status, bad.Body)
	}
	if ok := director.post(path, url.Values{"offsets": {"2"}, "overdue_every": {"7"}, "escalate_director": {"10"}, "escalate_founder": {"20"}}); ok.Status != 303 {
		t.Fatalf("save: %d\n%s", ok.Status, ok.Body)
	}
	// Other people: staff may not (403), another institution's director sees nothing (404).
	if p := e.login("staff@example.org").post(path, url.Values{"offsets": {"1"}}); p.Status != 403 {
		t.Errorf("staff: %d", p.Status)
	}
	if p := e.login("director2@example.org").get(path); p.Status != 404 {
		t.Errorf("foreign director: %d", p.Status)
	}
	srv := startSMTP(t)
	e.sweep(e.mailer(srv.Addr, e.clock), at(t, "2026-11-23T09:00:00+07:00"))
	// Only B (1 day ahead) is within 2 days; C is 3 days overdue: an overdue
	// notice, no escalation before 10 days.
	want := []string{"digest director2@example.org", "digest director@example.org", "overdue staff@example.org", "reminder staff@example.org"}
	if got := kinds(srv.Take()); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMailLedgerShowsKindsOfOtherFeatures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.now = at(t, "2026-11-21T09:00:00+07:00") // a Saturday
	inv := domain.Mail{Kind: "invitation", To: "new@example.org", Day: domain.NewDate(2026, 11, 21), Subject: "Приглашение", Text: "Ссылка"}
	if ok, err := e.store.EnqueueMail(context.Background(), inv, "planboard.test"); err != nil || !ok {
		t.Fatalf("enqueue: %v %v", ok, err)
	}
	if ok, _ := e.store.EnqueueMail(context.Background(), inv, "planboard.test"); ok {
		t.Error("the same invitation was planned twice")
	}
	if r := e.sweep(e.mailer("", e.clock), e.now); r.Kept != 1 {
		t.Errorf("kept %+v, want the invitation only (Saturday)", r)
	}
	p := e.login("admin@example.org").get("/admin/mail")
	if p.Status != 200 || !contains(p.Body, ">invitation</td>") || !contains(p.Body, "new@example.org") {
		t.Errorf("ledger: %d\n%s", p.Status, p.Body)
	}
}
