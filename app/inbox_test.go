package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"planboard/app/mail"
	"planboard/domain"
)

// noticeRow is one row of a user's inbox as the tests read it.
type noticeRow struct {
	ID        int64  `bun:"id"`
	Kind      string `bun:"kind"`
	SubjectID int64  `bun:"subject_id"`
	Text      string `bun:"text"`
	Link      string `bun:"link"`
	Read      bool   `bun:"read"`
}

// inbox lists a user's notices, oldest first.
func (e *env) inbox(email string) []noticeRow {
	e.t.Helper()
	var rows []noticeRow
	err := e.store.DB().NewRaw(`SELECT n.id, n.kind, n.subject_id, n.text, n.link, n.read_at IS NOT NULL AS read
		FROM inbox_notices n JOIN users u ON u.id = n.recipient_id WHERE u.email = ? ORDER BY n.id`, email).Scan(context.Background(), &rows)
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

func noticeKinds(rows []noticeRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Kind)
	}
	return out
}

// count runs a counting query.
func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.store.DB().NewRaw(q, args...).Scan(context.Background(), &n); err != nil {
		e.t.Fatalf("%v\n%s", err, q)
	}
	return n
}

// overdueScript leaves the museum three open items of staff@: one due
// tomorrow (its reminder), one five working days overdue (an overdue
// notice and the directors' escalation, which waits 3 working days), one two
// months overdue (the founder's escalation too, after 14 working days);
// every other item is cancelled.
//
// Escalations count working days of the production calendar by default
// (domain.MailRules.EscalateWorkingDays), so the second item's deadline is
// counted back in working days: a week of calendar days around the New Year
// holidays (1–8 January) holds fewer than three working days, and an item
// that late is rightly not escalated yet.
func (e *env) overdueScript(now time.Time) []int64 {
	e.t.Helper()
	ctx := context.Background()
	db := e.store.DB()
	if _, err := db.NewRaw(`UPDATE items SET status = 'cancelled'`).Exec(ctx); err != nil {
		e.t.Fatal(err)
	}
	items := must(e.store.PlanItems(ctx, domain.Scope{All: true}, e.planID(museum)))
	today := domain.Today(now, demoZone)
	cal := domain.RussianCalendar()
	deadlines := []domain.Date{today.AddDays(1), cal.AddWorkingDays(today, -5), today.AddDays(-60)}
	if n := cal.WorkingDaysBetween(deadlines[2], today); n < 14 {
		e.t.Fatalf("60 days before %s hold %d working days, fewer than the founder's 14", today, n)
	}
	var ids []int64
	for i, due := range deadlines {
		_, err := db.NewRaw(`UPDATE items SET status = 'planned', deadline_kind = 'date', deadline_date = ?::date,
			assignee_id = ? WHERE id = ?`, due.String(), e.userID("staff@example.org"), items[i].ID).Exec(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, items[i].ID)
	}
	return ids
}

// Done when: each notice appears in the inbox once with two replicas and a
// restart. Two mailers plan the same morning at the same moment, then two
// new ones (after a "restart") plan it again: every scheduled notice is one
// inbox row, as it is one ledger row, and the grouped escalation mail adds
// none of its own (each escalated item is a row).
func TestInboxNoticesOnceAcrossReplicasAndRestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := e.workMorning(0)
	e.now = now
	ids := e.overdueScript(now)
	plan := func(ms ...*mail.Mailer) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make([]error, len(ms))
		start := make(chan struct{})
		for i, m := range ms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = m.Plan(context.Background(), now)
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	inboxRows := func() int { return e.count(`SELECT count(*) FROM inbox_notices`) }
	plan(e.mailer("", e.clock), e.mailer("", e.clock))
	first := inboxRows()
	plan(e.mailer("", e.clock), e.mailer("", e.clock)) // restarted replicas: new mailers, same moment
	if again := inboxRows(); again != first {
		t.Fatalf("inbox rows %d after the restart, %d before", again, first)
	}
	staff := noticeKinds(e.inbox("staff@example.org"))
	sort.Strings(staff)
	if strings.Join(staff, " ") != "overdue overdue reminder" {
		t.Errorf("staff's inbox: %v, want a reminder and two overdue notices", staff)
	}
	dir := e.inbox("director@example.org")
	if len(dir) != 2 || dir[0].Kind != domain.MailEscalateDirector || dir[1].Kind != domain.MailEscalateDirector {
		t.Errorf("director's inbox: %v, want the two escalated items", noticeKinds(dir))
	}
	for _, r := range dir {
		if r.Link != fmt.Sprintf("/items/%d", r.SubjectID) || (r.SubjectID != ids[1] && r.SubjectID != ids[2]) {
			t.Errorf("escalation notice %+v does not link its item", r)
		}
	}
	if f := noticeKinds(e.inbox("founder@example.org")); len(f) != 1 || f[0] != domain.MailEscalateFounder {
		t.Errorf("founder's inbox: %v", f)
	}
	if dup := e.count(`SELECT count(*) FROM (SELECT 1 FROM inbox_notices GROUP BY recipient_id, kind, subject_id HAVING count(*) > 1) d`); dup != 0 {
		t.Errorf("%d notices are in an inbox twice", dup)
	}
	ledger := e.count(`SELECT count(*) FROM mail_outbox WHERE kind IN ('reminder', 'overdue') OR status = 'grouped'`)
	if first != ledger {
		t.Errorf("%d inbox rows for %d scheduled notices in the ledger", first, ledger)
	}

	// A workflow notice is written in the change's transaction: once, and
	// a repeated request (a stale version) adds nothing.
	st := e.login("staff@example.org")
	item := itemURL(ids[0])
	v := versionOf(t, st.get(item))
	form := url.Values{"transition": {"submit"}, "version": {v}, "implemented": {"Готово"}, "completed_on": {e.today().String()}}
	mustStatus(t, st.post(item+"/status", form), http.StatusSeeOther)
	st.post(item+"/status", form)
	if got := noticeKinds(e.inbox("director@example.org")); len(got) != 3 || got[2] != domain.MailReview {
		t.Errorf("director's inbox after the review request: %v", got)
	}
}

// Each user chooses per kind: mail, inbox, both or none; with the real SMTP
// server, "mail" sends and lists nothing, "inbox" lists and sends nothing
// (the ledger row is dropped with the reason), "none" neither, and the
// default is both.
func TestInboxChannelChoicesPerKind(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	srv := startSMTP(t)
	now := e.morning(0)
	e.now = now
	staffID := e.userID("staff@example.org")
	st := e.login("staff@example.org")
	page := st.get("/settings/notifications")
	for _, k := range domain.NoticeKinds {
		if !strings.Contains(page.Body, `name="ch_`+k+`"`) {
			t.Errorf("settings page has no choice for %s", k)
		}
	}
	mustStatus(t, st.post("/settings/notifications", url.Values{"digests": {"on"}, "offsets": {"1"},
		"ch_reminder": {"inbox"}, "ch_assigned": {"mail"}, "ch_returned": {"none"}}), http.StatusSeeOther)
	page = st.get("/settings/notifications?saved=1")
	for _, want := range []string{`<option value="inbox" selected>`, `<option value="mail" selected>`, `<option value="none" selected>`,
		`value="1"`, `role="status"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("saved settings page lacks %s", want)
		}
	}
	if r := st.post("/settings/notifications", url.Values{"ch_mention": {"sms"}, "offsets": {"2"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `id="ch_mention-error"`) {
		t.Errorf("an unknown channel: %d", r.Status)
	}
	if s := must(e.store.MailSettings(ctx, staffID)); s.ChannelOf(domain.MailMention) != domain.ChannelBoth || s.ChannelOf(domain.MailReminder) != domain.ChannelInbox {
		t.Errorf("refused form changed the settings: %+v", s)
	}

	// Assignment (mail only): a mail, no inbox row.
	items := must(e.store.PlanItems(ctx, domain.Scope{All: true}, e.planID(museum)))
	var it domain.Item
	for _, x := range items {
		if x.AssigneeID != staffID && x.Status == domain.StatusPlanned {
			it = x
			break
		}
	}
	dir := e.login("director@example.org")
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/bulk", e.planID(museum)), url.Values{"assignee": {itoa(staffID)}, "ids": {itoa(it.ID)}}), http.StatusSeeOther)
	onlyMail(t, e.deliver(t, srv), "staff@example.org", "Вам поручено: ")
	if got := e.inbox("staff@example.org"); len(got) != 0 {
		t.Fatalf("mail-only assignment is in the inbox: %v", noticeKinds(got))
	}

	// Reminder (inbox only): an inbox row, no mail; the ledger row is
	// dropped with the reason.
	if _, err := e.store.DB().NewRaw(`UPDATE items SET status = 'cancelled' WHERE id <> ?`, it.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.DB().NewRaw(`UPDATE items SET deadline_kind = 'date', deadline_date = ?::date WHERE id = ?`,
		e.today().AddDays(1).String(), it.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	m := e.mailer(srv.Addr, e.clock)
	e.sweep(m, now)
	for _, msg := range srv.Take() { // digests and summaries may be due too
		if msg.To == "staff@example.org" {
			t.Errorf("inbox-only reminder mailed: %q", msg.Subject)
		}
	}
	if got := e.inbox("staff@example.org"); len(got) != 1 || got[0].Kind != domain.MailReminder || got[0].Link != itemURL(it.ID) {
		t.Fatalf("staff's inbox: %+v, want the reminder", got)
	}
	if n := e.count(`SELECT count(*) FROM mail_outbox WHERE kind = 'reminder' AND status = 'dropped' AND drop_reason = 'channel'`); n != 1 {
		t.Errorf("%d reminders dropped for the channel, want 1", n)
	}
	adm := e.login("admin@example.org")
	if p := adm.get("/admin/mail?status=dropped"); !strings.Contains(p.Body, "получатель выбрал не получать такие уведомления по почте") {
		t.Error("the admin's ledger does not say why the reminder was not sent")
	}

	// Review (the director's default, both): mail and inbox.
	v := versionOf(t, st.get(itemURL(it.ID)))
	mustStatus(t, st.post(itemURL(it.ID)+"/status", url.Values{"transition": {"submit"}, "version": {v},
		"implemented": {"Сделано"}, "completed_on": {e.today().String()}}), http.StatusSeeOther)
	onlyMail(t, e.deliver(t, srv), "director@example.org", "На проверке: ")
	if got := noticeKinds(e.inbox("director@example.org")); len(got) != 1 || got[0] != domain.MailReview {
		t.Errorf("director's inbox: %v", got)
	}

	// Return (none): neither.
	v = versionOf(t, dir.get(itemURL(it.ID)))
	mustStatus(t, dir.post(itemURL(it.ID)+"/status", url.Values{"transition": {"return"}, "version": {v}, "reason": {"Нужно фото"}}), http.StatusSeeOther)
	if msgs := e.deliver(t, srv); len(msgs) != 0 {
		t.Errorf("a return the staff member wants no notice of was mailed: %q", kinds(msgs))
	}
	if got := noticeKinds(e.inbox("staff@example.org")); len(got) != 1 {
		t.Errorf("staff's inbox after the return: %v", got)
	}
}

// Mentions: «@Фамилия» notifies that member only (not the author, not the
// others); an ambiguous surname saves nothing and asks to clarify; the
// first name after it picks one. A comment also tells the item's
// assignees.
func TestInboxMentionsAndComments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	srv := startSMTP(t)
	items := must(e.store.PlanItems(ctx, domain.Scope{All: true}, e.planID(museum)))
	it := items[0]
	staffID := e.userID("staff@example.org")
	if _, err := e.store.DB().NewRaw(`UPDATE items SET assignee_id = ? WHERE id = ?`, staffID, it.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	path := itemURL(it.ID)
	st := e.login("staff@example.org")
	page := st.get(path)
	if !strings.Contains(page.Body, `data-mentions="[{&#34;insert&#34;:&#34;Иванов&#34;`) || !strings.Contains(page.Body, "/static/mention.js") {
		t.Errorf("the comment box has no names to complete:\n%s", page.Body[strings.Index(page.Body, `id="comments"`):])
	}
	r := st.post(path+"/comments", url.Values{"body": {"@иванов посмотрите, пожалуйста, смету"}})
	mustStatus(t, r, http.StatusSeeOther)
	if !strings.HasSuffix(r.Location, "#comments") {
		t.Errorf("redirect %q", r.Location)
	}
	if p := st.get(r.Location); !strings.Contains(p.Body, `role="status">Комментарий добавлен, упомянутые сотрудники уведомлены: 1.`) {
		t.Error("no status message after the comment")
	}
	dir := e.inbox("director@example.org")
	if len(dir) != 1 || dir[0].Kind != domain.MailMention || dir[0].Link != path+"#comments" ||
		!strings.Contains(dir[0].Text, "Смирнова Анна Игоревна упоминает вас") || !strings.Contains(dir[0].Text, "смету") {
		t.Fatalf("director's inbox: %+v", dir)
	}
	msg := onlyMail(t, e.deliver(t, srv), "director@example.org", "Смирнова Анна Игоревна упоминает вас")
	if !strings.Contains(msg.Text, "Комментарий: @иванов посмотрите") {
		t.Errorf("mention mail:\n%s", msg.Text)
	}
	for _, who := range []string{"staff@example.org", "staff2@example.org", "director2@example.org", "founder@example.org"} {
		if got := e.inbox(who); len(got) != 0 {
			t.Errorf("%s was told: %v", who, noticeKinds(got))
		}
	}

	// A namesake joins the museum: «@Иванов» is ambiguous.
	petr := &domain.User{Email: "petr@example.org", FullName: "Иванов Пётр Ильич", PasswordHash: demoHash()}
	if err := e.store.CreateUser(ctx, petr); err != nil {
		t.Fatal(err)
	}
	if err := e.store.AddMembership(ctx, &domain.Membership{UserID: petr.ID, Role: domain.RoleStaff, InstitutionID: e.institutionID(museum)}); err != nil {
		t.Fatal(err)
	}
	comments := e.count(`SELECT count(*) FROM item_comments WHERE item_id = ?`, it.ID)
	r = st.post(path+"/comments", url.Values{"body": {"@Иванов срочно"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	for _, want := range []string{"Уточните: несколько сотрудников с фамилией Иванов", "Иванов Пётр Ильич, Иванов Сергей Петрович",
		"например @Иванов Пётр", `role="status">Комментарий не отправлен`, `aria-invalid="true"`, ">@Иванов срочно</textarea>"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("ambiguous mention page lacks %q", want)
			if i := strings.Index(r.Body, "body-error"); i > 0 {
				t.Log(r.Body[i:min(len(r.Body), i+600)])
			}
		}
	}
	if n := e.count(`SELECT count(*) FROM item_comments WHERE item_id = ?`, it.ID); n != comments {
		t.Error("the comment with an ambiguous mention was saved")
	}
	if n := e.count(`SELECT count(*) FROM inbox_notices`); n != 1 {
		t.Errorf("an ambiguous mention notified someone: %d notices", n)
	}
	mustStatus(t, st.post(path+"/comments", url.Values{"body": {"@Иванов Пётр, срочно"}}), http.StatusSeeOther)
	if got := e.inbox("petr@example.org"); len(got) != 1 || got[0].Kind != domain.MailMention {
		t.Errorf("Пётр's inbox: %v", noticeKinds(got))
	}
	if got := e.inbox("director@example.org"); len(got) != 1 {
		t.Errorf("Сергей was told of Пётр's mention: %v", noticeKinds(got))
	}
	onlyMail(t, e.deliver(t, srv), "petr@example.org", "Смирнова Анна Игоревна упоминает вас")

	// The director comments on staff's task: the assignee is told (kind
	// comment); two comments on one day are two notices; the author never.
	d := e.login("director@example.org")
	mustStatus(t, d.post(path+"/comments", url.Values{"body": {"Смету согласовал"}}), http.StatusSeeOther)
	mustStatus(t, d.post(path+"/comments", url.Values{"body": {"И договор тоже"}}), http.StatusSeeOther)
	if got := e.inbox("staff@example.org"); len(got) != 2 || got[0].Kind != domain.MailComment || !strings.Contains(got[1].Text, "И договор тоже") {
		t.Errorf("staff's inbox: %+v", got)
	}
	if got := e.inbox("director@example.org"); len(got) != 1 {
		t.Errorf("the author was told of their own comment: %v", noticeKinds(got))
	}
	// A mention of the assignee is one notice (the mention), not two.
	mustStatus(t, d.post(path+"/comments", url.Values{"body": {"@Смирнова, см. выше"}}), http.StatusSeeOther)
	if got := noticeKinds(e.inbox("staff@example.org")); len(got) != 3 || got[2] != domain.MailMention {
		t.Errorf("staff's inbox after a mention: %v", got)
	}
}

var navCountRe = regexp.MustCompile(`<a href="/notifications" id="nav-inbox"[^>]*><span aria-hidden="true">Уведомления<span class="badge unread-count" id="nav-unread"( hidden)?>([^<]*)</span></span><span class="sr-only" id="nav-unread-label">([^<]*)</span></a>`)

// The inbox page: the unread count in the navigation (and its JSON for the
// script), «прочитано» per notice and «все прочитаны», a link straight to
// the item, 90 days kept, a report decision listed for the directors.
func TestInboxPageReadAndCount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	libPlan := e.planID(library)
	var rid int64
	if err := e.store.DB().NewRaw(`SELECT id FROM progress_reports WHERE plan_id = ? AND status = 'submitted'`, libPlan).Scan(ctx, &rid); err != nil {
		t.Fatalf("no demo report awaiting the founder: %v", err)
	}
	fo := e.login("founder@example.org")
	fo.get(fmt.Sprintf("/plans/%d/reports/%d", libPlan, rid))
	mustStatus(t, fo.post(fmt.Sprintf("/plans/%d/reports/%d/return", libPlan, rid), url.Values{"remarks": {"Приложите фото"}}), http.StatusSeeOther)
	// and a comment on a task of staff2 makes two notices in two inboxes
	items := must(e.store.PlanItems(ctx, domain.Scope{All: true}, libPlan))
	d2 := e.login("director2@example.org")
	mustStatus(t, d2.post(itemURL(items[0].ID)+"/comments", url.Values{"body": {"@Волков, посмотрите"}}), http.StatusSeeOther)

	home := d2.get("/")
	m := navCountRe.FindStringSubmatch(home.Body)
	if m == nil || m[3] != "Уведомления, непрочитанных: 1" || m[1] != "" || m[2] != "1" {
		t.Fatalf("navigation's count: %q", m)
	}
	var count struct {
		Unread int    `json:"unread"`
		Text   string `json:"text"`
		Label  string `json:"label"`
	}
	r := d2.get("/notifications/count")
	if err := json.Unmarshal([]byte(r.Body), &count); err != nil || count.Unread != 1 || count.Label != "Уведомления, непрочитанных: 1" ||
		r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("count JSON %q (%v), %+v", r.Body, err, count)
	}
	page := d2.get("/notifications")
	link := fmt.Sprintf(`<a href="/plans/%d/reports/%d">Отчёт возвращён: `, libPlan, rid)
	if !strings.Contains(page.Body, link) || !strings.Contains(page.Body, "Отчёт возвращён</span>") || !strings.Contains(page.Body, `aria-current="page"`) {
		t.Fatalf("inbox page lacks the report's notice and its link:\n%s", page.Body)
	}
	if mail := e.count(`SELECT count(*) FROM mail_outbox WHERE kind = 'report_returned' AND body_text LIKE '%Приложите фото%'`); mail != 1 {
		t.Errorf("report notice mails with the remarks: %d", mail)
	}
	n := e.inbox("director2@example.org")[0]
	r = d2.post(fmt.Sprintf("/notifications/%d/read", n.ID), url.Values{"page": {"1"}})
	mustStatus(t, r, http.StatusSeeOther)
	page = d2.get(r.Location)
	if !strings.Contains(page.Body, `role="status">Уведомление отмечено прочитанным.`) || strings.Contains(page.Body, "inbox.mark") || strings.Contains(page.Body, "notice.kind.") {
		t.Errorf("after «прочитано»:\n%s", page.Body)
	}
	if m := navCountRe.FindStringSubmatch(page.Body); m == nil || m[3] != "Уведомления, непрочитанных нет" || m[1] != " hidden" {
		t.Errorf("navigation's count after reading: %q", m)
	}
	// Another user's notice is not found, and stays unread.
	st2 := e.login("staff2@example.org")
	theirs := e.inbox("staff2@example.org")
	if len(theirs) != 1 || theirs[0].Kind != domain.MailMention {
		t.Fatalf("staff2's inbox: %+v", theirs)
	}
	mustStatus(t, d2.post(fmt.Sprintf("/notifications/%d/read", theirs[0].ID), nil), http.StatusNotFound)
	if e.inbox("staff2@example.org")[0].Read {
		t.Error("another user's notice was marked read")
	}
	if p := d2.get("/notifications"); strings.Contains(p.Body, "посмотрите") {
		t.Error("the inbox shows another user's notice")
	}
	r = st2.post("/notifications/read", nil)
	mustStatus(t, r, http.StatusSeeOther)
	if p := st2.get(r.Location); !strings.Contains(p.Body, `role="status">Отмечено прочитанными: 1.`) || !e.inbox("staff2@example.org")[0].Read {
		t.Error("«все прочитаны» did not mark the notice read")
	}

	// Kept 90 days: the sweep deletes older notices.
	old := e.now.Add(-domain.InboxKeep - time.Hour)
	if _, err := e.store.DB().NewRaw(`UPDATE inbox_notices SET created_at = ? WHERE id = ?`, old, n.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	e.sweep(e.mailer("", e.clock), e.now)
	if n := e.count(`SELECT count(*) FROM inbox_notices WHERE id = ?`, n.ID); n != 0 {
		t.Error("a notice older than 90 days was kept")
	}
	if n := e.count(`SELECT count(*) FROM inbox_notices WHERE id = ?`, theirs[0].ID); n != 1 {
		t.Error("a recent notice was deleted")
	}
}
