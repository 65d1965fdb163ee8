package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"planboard/app/smtptest"
	"planboard/domain"
)

// deliver sends what the ledger holds to srv and returns the messages.
func (e *env) deliver(t *testing.T, srv *smtptest.Server) []received {
	t.Helper()
	if _, err := e.mailer(srv.Addr, e.clock).Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
	return srv.Take()
}

// onlyMail asserts that exactly one message went out, to whom, and returns it.
func onlyMail(t *testing.T, msgs []received, to, subject string) received {
	t.Helper()
	if len(msgs) != 1 || msgs[0].To != to || !strings.HasPrefix(msgs[0].Subject, subject) {
		t.Fatalf("want one mail to %s %q, got %q", to, subject, kinds(msgs))
	}
	return msgs[0]
}

func TestWorkflowNoticesGoToTheRightPeopleOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	srv := startSMTP(t)
	dir := e.login("director@example.org")
	r := dir.post("/plans", url.Values{"year": {strconv.Itoa(demoYear + 1)}, "template": {"museum"}})
	mustStatus(t, r, http.StatusSeeOther)
	planPath := r.Location
	ids := regexp.MustCompile(`name="ids" value="(\d+)"`).FindAllStringSubmatch(dir.get(planPath).Body, -1)
	staff := must(e.store.UserByEmail(ctx, "staff@example.org"))
	director := must(e.store.UserByEmail(ctx, "director@example.org"))

	// Journey 1: three items to the staff member at once, one to oneself:
	// the staff member gets one mail listing the three, the director none.
	form := url.Values{"assignee": {itoa(staff.ID)}}
	for _, m := range ids[:3] {
		form.Add("ids", m[1])
	}
	mustStatus(t, dir.post(planPath+"/bulk", form), http.StatusSeeOther)
	mustStatus(t, dir.post(planPath+"/bulk", url.Values{"assignee": {itoa(director.ID)}, "ids": {ids[3][1]}}), http.StatusSeeOther)
	msg := onlyMail(t, e.deliver(t, srv), "staff@example.org", "Вам поручены мероприятия плана: 3")
	for _, m := range ids[:3] {
		if !strings.Contains(msg.Text, "/items/"+m[1]) {
			t.Errorf("assignment mail lacks item %s:\n%s", m[1], msg.Text)
		}
	}
	// The same assignment again changes nobody: no mail.
	mustStatus(t, dir.post(planPath+"/bulk", form), http.StatusSeeOther)
	if msgs := e.deliver(t, srv); len(msgs) != 0 {
		t.Fatalf("repeated assignment mailed %q", kinds(msgs))
	}

	// Journey 2: the staff member closes a task: the directors are told,
	// with the report; a return comes back with the remark; closing again
	// the same day is a new notice; acceptance is told to the assignee.
	item := "/items/" + ids[0][1]
	st := e.login("staff@example.org")
	submit := func() {
		v := versionOf(t, st.get(item))
		mustStatus(t, st.post(item+"/status", url.Values{"transition": {"submit"}, "version": {v},
			"implemented": {"Кулер установлен в фойе"}, "completed_on": {e.today().String()}}), http.StatusSeeOther)
	}
	submit()
	msg = onlyMail(t, e.deliver(t, srv), "director@example.org", "На проверке: ")
	if !strings.Contains(msg.Text, "Кулер установлен в фойе") || !strings.Contains(msg.Text, item) {
		t.Errorf("review notice lacks the report or the link:\n%s", msg.Text)
	}
	v := versionOf(t, dir.get(item))
	mustStatus(t, dir.post(item+"/status", url.Values{"transition": {"return"}, "version": {v}, "reason": {"Нужна фотография кулера"}}), http.StatusSeeOther)
	msg = onlyMail(t, e.deliver(t, srv), "staff@example.org", "Возвращено на доработку: ")
	if !strings.Contains(msg.Text, "Нужна фотография кулера") {
		t.Errorf("return notice lacks the remark:\n%s", msg.Text)
	}
	submit()
	onlyMail(t, e.deliver(t, srv), "director@example.org", "На проверке: ")
	v = versionOf(t, dir.get(item))
	mustStatus(t, dir.post(item+"/status", url.Values{"transition": {"accept"}, "version": {v}}), http.StatusSeeOther)
	onlyMail(t, e.deliver(t, srv), "staff@example.org", "Принято: ")

	// The item form: a new responsible person is told, in their language.
	if _, err := e.store.DB().NewRaw(`UPDATE users SET locale = 'en' WHERE id = ?`, staff.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	edit := "/items/" + ids[4][1] + "/edit"
	page := dir.get(edit)
	f := url.Values{"version": {versionOf(t, page)}, "section": {"1"}, "measure": {"Обновить указатели в фойе"},
		"deadline": {"31.03." + strconv.Itoa(demoYear+1)}, "deadline_reason": {"уточнение"}, "assignee": {itoa(staff.ID)}, "priority": {"2"}}
	mustStatus(t, dir.post(edit, f), http.StatusSeeOther)
	onlyMail(t, e.deliver(t, srv), "staff@example.org", "Assigned to you: Обновить указатели")

	// Plan notices: submitted to the founder, returned with the remarks to
	// the directors.
	plan := mustPlan(t, e, planPath)
	mustStatus(t, dir.post(planPath+"/submit", nil), http.StatusSeeOther)
	onlyMail(t, e.deliver(t, srv), "founder@example.org", "План на утверждение: ")
	fo := e.login("founder@example.org")
	fo.get(planPath + "/approval")
	mustStatus(t, fo.post(planPath+"/return", url.Values{"remarks": {"Добавьте сроки по разделу II"}}), http.StatusSeeOther)
	msg = onlyMail(t, e.deliver(t, srv), "director@example.org", "План возвращён: ")
	if !strings.Contains(msg.Text, "Добавьте сроки по разделу II") || !strings.Contains(msg.Text, "/plans/"+itoa(plan.ID)) {
		t.Errorf("plan return notice:\n%s", msg.Text)
	}
}

// A change and its notices are one transaction: when the notice cannot be
// planned, the change is not saved either.
func TestItemChangeAndItsNoticeAreSavedTogether(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	items := must(e.store.PlanItems(ctx, domain.Scope{All: true}, e.planID(museum)))
	old := items[0]
	cur := old
	cur.Measure = "Изменено"
	bad := domain.Notices{Host: "planboard.test", Mails: []domain.Mail{{Kind: domain.MailAssigned, SubjectID: old.ID,
		RecipientID: 1 << 40, To: "nobody@example.org", Day: domain.NewDate(2026, 11, 23), Subject: "x", Text: "x"}}}
	err := e.store.UpdateItem(ctx, domain.ItemUpdate{Scope: domain.Scope{All: true}, Old: old, New: cur, Names: func(int64) string { return "" }, Notices: bad})
	if err == nil {
		t.Fatal("a notice to a user who does not exist was planned")
	}
	after := must(e.store.ItemWithAssignees(ctx, domain.Scope{All: true}, old.ID))
	if after.Measure != old.Measure || after.Version != old.Version {
		t.Fatalf("the change was saved without its notice: %q v%d", after.Measure, after.Version)
	}
}
