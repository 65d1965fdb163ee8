package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"planboard/domain"
)

// After every action a message at the top of the next page
// (role="status", kept in the session, shown once); errors summarised at
// the top and the chosen file kept; confirmations before irreversible
// steps; the bulk bar of the plan table.

const flashTag = `<p class="flash" role="status">`

// flashAfter follows the redirect of a successful form and wants the
// one-time message on the next page, and not again on the one after.
func flashAfter(t *testing.T, c *client, r response, want string) response {
	t.Helper()
	if r.Status != http.StatusSeeOther {
		t.Fatalf("%q: status %d, want 303\n%s", want, r.Status, r.Body)
	}
	page := c.get(r.Location)
	if !strings.Contains(page.Body, flashTag+want) {
		i := strings.Index(page.Body, `role="status"`)
		t.Fatalf("after the action %s no message %q (status element at %d)", r.Location, want, i)
	}
	if again := c.get(r.Location); strings.Contains(again.Body, want) {
		t.Errorf("the message %q is shown twice", want)
	}
	return page
}

// uxItem is a planned museum item assigned to staff@.
func uxItem(t *testing.T, e *env) domain.Item {
	t.Helper()
	ctx := context.Background()
	staff, err := e.store.UserByEmail(ctx, "staff@example.org")
	if err != nil {
		t.Fatal(err)
	}
	items, err := e.store.PlanItems(ctx, domain.Scope{All: true}, e.planID(museum))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.AssigneeID == staff.ID && it.Status == domain.StatusPlanned {
			return it
		}
	}
	t.Fatal("no planned museum item of staff@")
	return domain.Item{}
}

func TestFlashAfterEachWorkflowStep(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	it := uxItem(t, e)
	item := fmt.Sprintf("/items/%d", it.ID)
	staff, dir := e.login("staff@example.org"), e.login("director@example.org")

	v := versionOf(t, staff.get(item))
	flashAfter(t, staff, staff.post(item+"/status", url.Values{"transition": {"start"}, "version": {v}}), "Мероприятие взято в работу.")
	v = versionOf(t, staff.get(item))
	flashAfter(t, staff, staff.post(item+"/status", url.Values{"transition": {"submit"}, "version": {v}, "implemented": {"Сделано"},
		"completed_on": {e.today().String()}}), "Отчёт о выполнении отправлен директору на проверку.")
	v = versionOf(t, dir.get(item))
	flashAfter(t, dir, dir.post(item+"/status", url.Values{"transition": {"accept"}, "version": {v}, "confirm": {"1"}}), "Мероприятие принято.")
	flashAfter(t, dir, dir.post(item+"/comments", url.Values{"body": {"Спасибо"}}), "Комментарий добавлен.")

	plan := fmt.Sprintf("/plans/%d", it.PlanID)
	flashAfter(t, dir, dir.post(plan+"/bulk", url.Values{"ids": {itoa(it.ID)}, "deadline": {"30.06." + nextYearS}, "reason": {"перенос"}}),
		"Назначено мероприятий: 1.")
	flashAfter(t, dir, dir.post(item+"/move", url.Values{"dir": {"down"}}), "Порядок мероприятий изменён.")
	flashAfter(t, dir, dir.post(plan+"/submit", nil), "План отправлен учредителю на утверждение.")
	founder := e.login("founder@example.org")
	flashAfter(t, founder, founder.post(plan+"/approve", nil), "План утверждён.")
	flashAfter(t, dir, dir.post("/settings/notifications", url.Values{"digests": {"on"}, "offsets": {"1"}}), "Настройки уведомлений сохранены.")
	page := flashAfter(t, dir, dir.post("/settings/lang", url.Values{"lang": {"en"}, "back": {"/"}}), "Interface language changed.")
	if !strings.Contains(page.Body, `lang="en"`) {
		t.Error("the language did not change")
	}
}

func TestDeleteIsConfirmedAndSetApart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	it := uxItem(t, e)
	item := fmt.Sprintf("/items/%d", it.ID)
	dir := e.login("director@example.org")
	page := dir.get(item)
	if strings.Contains(page.Body, `action="`+item+`/delete"`) {
		t.Error("the item page still deletes in one click")
	}
	danger, history := strings.Index(page.Body, `id="danger"`), strings.Index(page.Body, `id="history"`)
	if danger < 0 || danger < history || !strings.Contains(page.Body[danger:], `href="`+item+`/delete"`) {
		t.Errorf("no «Опасные действия» block at the end with the delete link (danger %d, history %d)", danger, history)
	}
	confirm := dir.get(item + "/delete")
	mustContain(t, "delete confirmation", confirm, 200, "Удалить мероприятие?", it.Measure, "Отменить удаление нельзя",
		`<form method="post" action="`+item+`/delete"`, `name="confirm" value="1"`, `href="`+item+`" class="cancel">Отмена</a>`)
	mustStatus(t, e.login("staff@example.org").get(item+"/delete"), http.StatusForbidden)
	mustStatus(t, e.login("director2@example.org").get(item+"/delete"), http.StatusNotFound)
	flashAfter(t, dir, dir.post(item+"/delete", url.Values{"version": {versionOf(t, confirm)}, "confirm": {"1"}}),
		"Мероприятие «"+it.Measure+"» удалено из плана.")
}

func TestSubmitAndApproveAreConfirmed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	plan := fmt.Sprintf("/plans/%d", e.planID(museum))
	dir, founder := e.login("director@example.org"), e.login("founder@example.org")
	approval := dir.get(plan + "/approval")
	if strings.Contains(approval.Body, `action="`+plan+`/submit"`) || !strings.Contains(approval.Body, `href="`+plan+`/submit"`) {
		t.Error("«Отправить» posts in one click instead of leading to the confirmation")
	}
	mustContain(t, "submit confirmation", dir.get(plan+"/submit"), 200, "Отправить план учредителю?",
		`action="`+plan+`/submit"`, "Отправить учредителю", `class="cancel">Отмена</a>`)
	mustStatus(t, founder.get(plan+"/approve"), http.StatusConflict) // still a draft
	mustStatus(t, dir.post(plan+"/submit", url.Values{"confirm": {"1"}}), http.StatusSeeOther)
	mustStatus(t, dir.get(plan+"/submit"), http.StatusConflict) // already sent
	if page := founder.get(plan + "/approval"); strings.Contains(page.Body, `action="`+plan+`/approve"`) {
		t.Error("«Утвердить» posts in one click")
	}
	mustContain(t, "approve confirmation", founder.get(plan+"/approve"), 200, "Утвердить план?", "Отменить утверждение нельзя",
		`action="`+plan+`/approve"`)
	mustStatus(t, dir.get(plan+"/approve"), http.StatusForbidden)
}

func TestCloseFormErrorsOnTopAndFileKept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	it := uxItem(t, e)
	item := fmt.Sprintf("/items/%d", it.ID)
	staff := e.login("staff@example.org")
	v := versionOf(t, staff.get(item))
	mustStatus(t, staff.post(item+"/status", url.Values{"transition": {"start"}, "version": {v}}), http.StatusSeeOther)
	v = versionOf(t, staff.get(item))
	bad := staff.postFile(item+"/status", url.Values{"transition": {"submit"}, "version": {v}, "implemented": {" "}, "completed_on": {e.today().String()}},
		"evidence", "photo.png", pngBytes)
	mustStatus(t, bad, http.StatusUnprocessableEntity)
	main := strings.Index(bad.Body, `<main`)
	summary := strings.Index(bad.Body, `id="error-summary"`)
	if main < 0 || summary < main || summary > strings.Index(bad.Body, "<h1") {
		t.Fatalf("the error summary is not first in the main content (main %d, summary %d)", main, summary)
	}
	for _, want := range []string{`tabindex="-1"`, `<a href="#implemented">`, `/static/errors.js`,
		"Файл photo.png сохранён, выберите другой, чтобы заменить.", `name="pending" value="1"`} {
		if !strings.Contains(bad.Body, want) {
			t.Errorf("the failed closing form lacks %q", want)
		}
	}
	// Sent again right, without choosing the file again: the kept file is attached.
	ok := staff.post(item+"/status", url.Values{"transition": {"submit"}, "version": {v}, "implemented": {"Стенд обновлён"},
		"completed_on": {e.today().String()}, "pending": {"1"}})
	page := flashAfter(t, staff, ok, "Отчёт о выполнении отправлен директору на проверку.")
	if !regexp.MustCompile(item + `/attachments/\d+">photo.png</a>`).MatchString(page.Body) {
		t.Error("the kept file was not attached")
	}
	if _, err := e.store.PendingUpload(context.Background(), it.AssigneeID, it.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("the kept file outlived the report: %v", err)
	}
	// Nobody else's form picks it up: another user's pending flag finds nothing.
	if _, err := e.store.PendingUpload(context.Background(), it.AssigneeID+1000, it.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("pending upload of another user: %v", err)
	}
}

func TestItemFormErrorsOnTop(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	plan := fmt.Sprintf("/plans/%d", e.planID(museum))
	r := dir.post(plan+"/items", url.Values{"section": {"1"}, "measure": {""}, "deadline": {"31.02." + nextYearS}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	summary := strings.Index(r.Body, `id="error-summary"`)
	if summary < 0 || summary > strings.Index(r.Body, "<h1") || !strings.Contains(r.Body, `<a href="#measure">`) || !strings.Contains(r.Body, `<a href="#deadline">`) {
		t.Fatalf("the item form's errors are not summarised at the top")
	}
}

func TestBoardAcceptLeadsToReport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	it := uxItem(t, e)
	item := fmt.Sprintf("/items/%d", it.ID)
	staff, dir := e.login("staff@example.org"), e.login("director@example.org")
	v := versionOf(t, staff.get(item))
	mustStatus(t, staff.post(item+"/status", url.Values{"transition": {"submit"}, "version": {v}, "implemented": {"Готово"}, "completed_on": {e.today().String()}}), http.StatusSeeOther)
	board := dir.get(fmt.Sprintf("/plans/%d/board", it.PlanID))
	card := board.Body[strings.Index(board.Body, `data-id="`+itoa(it.ID)+`"`):]
	card = card[:strings.Index(card, "</li>")]
	if strings.Contains(card, `value="accept"`) || !strings.Contains(card, `href="`+item+`#report"`) {
		t.Errorf("«Принять» on the card accepts blind:\n%s", card)
	}
	page := dir.get(item)
	review, accept := strings.Index(page.Body, `id="report"`), strings.Index(page.Body, `value="accept"`)
	if review < 0 || accept < review || !strings.Contains(page.Body[review:accept], "Готово") {
		t.Errorf("the report is not shown before «Принять» (review %d, accept %d)", review, accept)
	}
}

func TestBulkBar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	plan := fmt.Sprintf("/plans/%d", e.planID(museum))
	page := dir.get(plan)
	form := strings.Index(page.Body, `id="bulk"`)
	bar := strings.Index(page.Body, `id="bulk-bar"`)
	if form < 0 || bar < form || !strings.Contains(page.Body, "Отметьте мероприятия в таблице.") || !strings.Contains(page.Body, "/static/bulk.js") {
		t.Fatal("no bulk bar with its count inside the bulk form")
	}
	if !strings.Contains(page.Body, "Смирнова Анна Игоревна, Научный сотрудник</option>") {
		t.Error("no position next to the name in the assignee choice")
	}
	if !strings.Contains(page.Body, `href="?select=1#bulk-bar"`) {
		t.Fatal("no «выбрать раздел» link")
	}
	css := dir.get("/static/app.css")
	if !regexp.MustCompile(`\.bulk-bar \{ position: sticky; bottom: 0;`).MatchString(css.Body) {
		t.Error("the bulk bar does not stay in view")
	}
	items, err := e.store.PlanItems(context.Background(), domain.Scope{All: true}, e.planID(museum))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range items {
		if it.Section == domain.Section1 {
			n++
		}
	}
	sel := dir.get(plan + "?select=1")
	if got := strings.Count(sel.Body, `" checked aria-label=`); got != n || n == 0 {
		t.Errorf("«выбрать раздел» ticked %d rows, section I has %d", got, n)
	}
	if !strings.Contains(sel.Body, fmt.Sprintf("Выбрано мероприятий: %d", n)) {
		t.Error("the bar does not count the selection")
	}
	// A bulk form with errors: the summary at the top links into the bar.
	r := dir.post(plan+"/bulk", url.Values{"deadline": {"31.02." + nextYearS}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if i := strings.Index(r.Body, `id="error-summary"`); i < 0 || i > strings.Index(r.Body, "<h1") || !strings.Contains(r.Body, `href="#bulk-`) {
		t.Error("the bulk form's errors are not summarised at the top")
	}
}

// TestEveryFormSummarisesErrorsOnTop sends each form with field errors
// wrong once: the one summary partial is first in the page, before the
// heading, linked to a field and focused by errors.js.
func TestEveryFormSummarisesErrorsOnTop(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir, admin := e.login("director@example.org"), e.login("admin@example.org")
	museumID := e.institutionID(museum)
	cases := []struct {
		name string
		c    *client
		path string
		form url.Values
		link string
	}{
		{"invite", dir, fmt.Sprintf("/institutions/%d/members", museumID), url.Values{"email": {"not-an-address"}, "role": {"staff"}, "locale": {"ru"}}, `href="#email"`},
		{"profile", dir, "/profile", url.Values{"full_name": {""}, "locale": {"ru"}}, `href="#full_name"`},
		{"notification settings", dir, "/settings/notifications", url.Values{"offsets": {"много"}}, `href="#offsets"`},
		{"mail rules", dir, fmt.Sprintf("/institutions/%d/mail-rules", museumID), url.Values{"offsets": {"много"}, "overdue_every": {"3"}, "escalate_director": {"3"}, "escalate_founder": {"14"}}, `href="#offsets"`},
		{"new founder", admin, "/admin/founders", url.Values{"name": {""}}, `href="#founder_name"`},
		{"plan", dir, "/plans", url.Values{"year": {"1900"}}, `href="#year"`},
	}
	for _, tc := range cases {
		r := tc.c.post(tc.path, tc.form)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tc.name, r.Status)
			continue
		}
		s, h := strings.Index(r.Body, `id="error-summary"`), strings.Index(r.Body, "<h1")
		if s < 0 || s > h || !strings.Contains(r.Body[s:], tc.link) || !strings.Contains(r.Body, "/static/errors.js") {
			t.Errorf("%s: no error summary on top linking %s (summary at %d, heading at %d)", tc.name, tc.link, s, h)
		}
	}
}
