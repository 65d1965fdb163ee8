package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"planboard/app"
	"planboard/domain"
)

// museumItem returns a demo museum item in the given status.
func museumItem(t *testing.T, e *env, status domain.ItemStatus) domain.Item {
	t.Helper()
	for _, it := range must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, e.planID(museum))) {
		if it.Status == status {
			return it
		}
	}
	t.Fatalf("no museum item in %s", status)
	return domain.Item{}
}

func userID(t *testing.T, e *env, email string) int64 {
	t.Helper()
	return must(e.store.UserByEmail(context.Background(), email)).ID
}

func historyLen(t *testing.T, e *env, itemID int64) int {
	t.Helper()
	return len(must(e.store.ItemHistory(context.Background(), domain.Scope{All: true}, itemID)))
}

func TestBulkAssignErrorKeepsValuesAndSavesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	it := museumItem(t, e, domain.StatusPlanned)
	// An approved plan: its deadlines move only with a reason (docs/ux.md §4).
	if _, err := e.store.DB().NewRaw(`UPDATE plans SET status = 'approved' WHERE id = ?`, it.PlanID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	dir := e.login("director@example.org")
	before := historyLen(t, e, it.ID)
	r := dir.post(fmt.Sprintf("/plans/%d/bulk", it.PlanID), url.Values{"ids": {itoa(it.ID)}, "deadline": {"31.02." + nextYearS}, "reason": {"подрядчик"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	for _, want := range []string{`value="31.02.` + nextYearS + `"`, `aria-describedby="bulk-deadline-hint bulk-deadline-error"`, `value="подрядчик"`, `value="` + itoa(it.ID) + `" id="sel-` + itoa(it.ID) + `" checked`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("re-rendered form lacks %s", want)
		}
	}
	if historyLen(t, e, it.ID) != before {
		t.Fatal("something was saved")
	}
	// A deadline move without a reason is refused too, for every item alike.
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/bulk", it.PlanID), url.Values{"ids": {itoa(it.ID)}, "deadline": {"IV квартал " + nextYearS}}), http.StatusUnprocessableEntity)
}

func TestDropTargetIsAuthorisedLikeTheAction(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	own, foreign := museumItem(t, e, domain.StatusReview), museumItem(t, e, domain.StatusPlanned)
	assign := func(it domain.Item, email string) {
		mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/bulk", it.PlanID), url.Values{"ids": {itoa(it.ID)}, "assignee": {itoa(userID(t, e, email))}}), http.StatusSeeOther)
	}
	assign(own, "staff@example.org")
	assign(foreign, "director@example.org")
	own = must(e.store.ItemWithAssignees(context.Background(), domain.Scope{All: true}, own.ID))
	foreign = must(e.store.ItemWithAssignees(context.Background(), domain.Scope{All: true}, foreign.ID))
	staff := e.login("staff@example.org")
	drop := func(it domain.Item, to string) response {
		return staff.post(itemURL(it.ID)+"/status", url.Values{"to": {to}, "version": {fmt.Sprint(it.Version)}})
	}
	// Staff may not accept their own work by dropping it on «выполнено».
	mustStatus(t, drop(own, "done"), http.StatusForbidden)
	// Nor start somebody else's task.
	mustStatus(t, drop(foreign, "in_progress"), http.StatusForbidden)
	// A drop no transition leads to is refused.
	mustStatus(t, drop(foreign, "done"), http.StatusConflict)
	if got := must(e.store.Item(context.Background(), domain.Scope{All: true}, own.ID)); got.Status != domain.StatusReview {
		t.Fatalf("status changed to %s", got.Status)
	}
}

func itemURL(id int64) string { return "/items/" + itoa(id) }

func TestForeignItemsAndChildRecordsAreNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	it := museumItem(t, e, domain.StatusInProgress)
	other := museumItem(t, e, domain.StatusPlanned)
	staff := e.login("staff@example.org")
	dir := e.login("director@example.org")
	mustStatus(t, dir.postFile(itemURL(it.ID)+"/attachments", url.Values{}, "evidence", "a.png", pngBytes), http.StatusSeeOther)
	aid := regexp.MustCompile(`/attachments/(\d+)`).FindStringSubmatch(dir.get(itemURL(it.ID)).Body)[1]
	// The attachment through another item of the same institution: not found.
	mustStatus(t, dir.get(itemURL(other.ID)+"/attachments/"+aid), http.StatusNotFound)
	mustStatus(t, staff.get(itemURL(it.ID)+"/attachments/"+aid), http.StatusOK)
	lib := e.login("director2@example.org")
	for _, path := range []string{itemURL(it.ID), itemURL(it.ID) + "/attachments/" + aid, itemURL(it.ID) + "/edit"} {
		mustStatus(t, lib.get(path), http.StatusNotFound)
	}
	mustStatus(t, lib.post(itemURL(it.ID)+"/comments", url.Values{"body": {"x"}}), http.StatusNotFound)
	mustStatus(t, lib.post(fmt.Sprintf("/plans/%d/bulk", it.PlanID), url.Values{"ids": {itoa(it.ID)}, "assignee": {"1"}}), http.StatusNotFound)
	// A checklist point of another item is not found through this one.
	var point int64
	for _, x := range must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, e.planID(museum))) {
		if x.ID != it.ID && len(x.Checklist) > 0 {
			point = x.Checklist[0].ID
		}
	}
	mustStatus(t, dir.post(fmt.Sprintf("%s/checklist/%d", itemURL(it.ID), point), url.Values{"done": {"1"}}), http.StatusNotFound)
}

func TestUploadsAreLimitedAndSniffed(t *testing.T) {
	t.Parallel()
	e, _ := countingEnv(t, app.Config{MaxUploadMB: 1})
	it := museumItem(t, e, domain.StatusInProgress)
	dir := e.login("director@example.org")
	big := append(append([]byte{}, pngBytes...), bytes.Repeat([]byte{0}, 1<<20)...)
	r := dir.postFile(itemURL(it.ID)+"/attachments", url.Values{}, "evidence", "big.png", big)
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "1 МБ") {
		t.Fatal("the limit is not stated")
	}
	r = dir.postFile(itemURL(it.ID)+"/attachments", url.Values{}, "evidence", "photo.jpg", []byte("<html><script>alert(1)</script></html>"))
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "тип файла") {
		t.Fatal("type refusal not explained")
	}
	if n := len(must(e.store.ItemAttachments(context.Background(), it))); n != 0 {
		t.Fatalf("%d attachments stored", n)
	}
}

func TestStaleItemFormIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	it := museumItem(t, e, domain.StatusPlanned)
	dir := e.login("director@example.org")
	form := func(measure string) url.Values {
		return url.Values{"section": {string(it.Section)}, "measure": {measure}, "deadline": {it.Deadline.Spec()},
			"priority": {"2"}, "version": {fmt.Sprint(it.Version)}}
	}
	mustStatus(t, dir.get(itemURL(it.ID)+"/edit"), 200)
	mustStatus(t, dir.post(itemURL(it.ID)+"/edit", form("Первая правка")), http.StatusSeeOther)
	r := dir.post(itemURL(it.ID)+"/edit", form("Вторая правка поверх"))
	mustStatus(t, r, http.StatusConflict)
	if !strings.Contains(r.Body, "изменил кто-то другой") {
		t.Fatal("no stale message")
	}
	if got := must(e.store.Item(context.Background(), domain.Scope{All: true}, it.ID)); got.Measure != "Первая правка" {
		t.Fatalf("overwritten: %q", got.Measure)
	}
}

func TestDeadlineMoveNeedsReasonAndKeepsOriginal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	it := museumItem(t, e, domain.StatusPlanned)
	// Only an approved plan's deadlines move with a reason (docs/ux.md §4;
	// a draft's change freely: ux_deadline_test.go).
	if _, err := e.store.DB().NewRaw(`UPDATE plans SET status = 'approved' WHERE id = ?`, it.PlanID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	dir := e.login("director@example.org")
	form := url.Values{"section": {string(it.Section)}, "measure": {it.Measure}, "deadline": {"IV квартал " + nextYearS},
		"priority": {"1"}, "version": {fmt.Sprint(it.Version)}, "checklist": {"Первый пункт\nВторой пункт"}}
	r := dir.post(itemURL(it.ID)+"/edit", form)
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `value="IV квартал `+nextYearS+`"`) || !strings.Contains(r.Body, `id="deadline_reason-error"`) {
		t.Fatal("typed deadline not kept or error not by its field")
	}
	form.Set("deadline_reason", "Перенос финансирования")
	mustStatus(t, dir.post(itemURL(it.ID)+"/edit", form), http.StatusSeeOther)
	got := must(e.store.Item(context.Background(), domain.Scope{All: true}, it.ID))
	if got.DeadlineMoves != 1 || got.OriginalDeadline != it.OriginalDeadline || got.Deadline != domain.QuarterDeadline(demoYear+1, 4) || len(got.Checklist) != 2 {
		t.Fatalf("moves %d original %v deadline %v points %d", got.DeadlineMoves, got.OriginalDeadline, got.Deadline, len(got.Checklist))
	}
	page := dir.get(itemURL(it.ID)).Body
	if !strings.Contains(page, "первоначальный срок") || !strings.Contains(page, "Перенос финансирования") {
		t.Fatal("original deadline or reason not shown")
	}
}

func TestCancelNeedsReason(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	it := museumItem(t, e, domain.StatusPlanned)
	dir := e.login("director@example.org")
	r := dir.post(itemURL(it.ID)+"/status", url.Values{"transition": {"cancel"}, "version": {fmt.Sprint(it.Version)}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `id="reason-cancel-error"`) {
		t.Fatal("reason error not next to the cancel field")
	}
	mustStatus(t, dir.post(itemURL(it.ID)+"/status", url.Values{"transition": {"cancel"}, "reason": {"Дублирует п. 2"}, "version": {fmt.Sprint(it.Version)}}), http.StatusSeeOther)
}

func TestRecurringItemHasQuarterEndOccurrences(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	planID := e.planID(museum)
	dir := e.login("director@example.org")
	r := dir.post(fmt.Sprintf("/plans/%d/items", planID), url.Values{"section": {"2"}, "measure": {"Проверка кулеров"},
		"deadline": {"постоянно"}, "priority": {"2"}, "recur_kind": {"quarterly"}})
	mustStatus(t, r, http.StatusSeeOther)
	id := atoi(strings.TrimPrefix(r.Location, "/items/"))
	it := must(e.store.Item(context.Background(), domain.Scope{All: true}, id))
	occ := must(e.store.Occurrences(context.Background(), it))
	if len(occ) != 4 || occ[0].Due != domain.NewDate(demoYear, 3, 31) || occ[3].Due != domain.NewDate(demoYear, 12, 31) {
		t.Fatalf("occurrences %v", occ)
	}
	mustStatus(t, dir.post(fmt.Sprintf("%s/occurrences/%d", itemURL(id), occ[0].ID), url.Values{"implemented": {"Проверено"}}), http.StatusSeeOther)
	if o := must(e.store.Occurrences(context.Background(), it)); !o[0].Done || o[1].Done {
		t.Fatal("occurrence not closed on its own")
	}
	bad := dir.post(fmt.Sprintf("/plans/%d/items", planID), url.Values{"section": {"2"}, "measure": {"x"}, "recur_kind": {"cron"}, "recur_expr": {"every day"}})
	mustStatus(t, bad, http.StatusUnprocessableEntity)
	ok := dir.post(fmt.Sprintf("/plans/%d/items", planID), url.Values{"section": {"2"}, "measure": {"Отчёт"}, "recur_kind": {"cron"}, "recur_expr": {"0 9 1 */2 *"}})
	mustStatus(t, ok, http.StatusSeeOther)
	cronItem := must(e.store.Item(context.Background(), domain.Scope{All: true}, atoi(strings.TrimPrefix(ok.Location, "/items/"))))
	if n := len(must(e.store.Occurrences(context.Background(), cronItem))); n != 6 {
		t.Fatalf("cron every second month: %d occurrences", n)
	}
}

func TestCopyUnfinishedAndDeleteKeepHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	planID := e.planID(museum)
	items := must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, planID))
	open := 0
	for _, it := range items {
		if it.Status.Open() {
			open++
		}
	}
	dir := e.login("director@example.org")
	r := dir.post(fmt.Sprintf("/plans/%d/copy", planID), nil)
	mustStatus(t, r, http.StatusSeeOther)
	next := atoi(strings.TrimPrefix(r.Location, "/plans/"))
	copied := must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, next))
	if len(copied) != open {
		t.Fatalf("copied %d of %d open items", len(copied), open)
	}
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/copy", planID), nil), http.StatusConflict)
	victim := copied[0]
	mustStatus(t, dir.post(itemURL(victim.ID)+"/delete", url.Values{"version": {fmt.Sprint(victim.Version)}}), http.StatusSeeOther)
	h := must(e.store.ItemHistory(context.Background(), domain.Scope{All: true}, victim.ID))
	if h[len(h)-1].Action != "deleted" {
		t.Fatalf("last history entry %+v", h[len(h)-1])
	}
}

func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	staff := e.login("staff@example.org")
	mustStatus(t, staff.post("/settings/lang", url.Values{"lang": {"en"}, "back": {"/my"}}), http.StatusSeeOther)
	if body := staff.get("/my").Body; !strings.Contains(body, "My tasks") || !strings.Contains(body, `lang="en"`) {
		t.Fatal("not English after the switch")
	}
	mustStatus(t, staff.post("/settings/lang", url.Values{"lang": {"de"}}), http.StatusUnprocessableEntity)
}

func TestPlanEditAndReorder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	planID := e.planID(museum)
	plan := must(e.store.Plan(context.Background(), domain.Scope{All: true}, planID))
	dir := e.login("director@example.org")
	path := fmt.Sprintf("/plans/%d", planID)
	r := dir.post(path+"/edit", url.Values{"title": {"План 2026"}, "period_start": {demoYearS + "-12-01"}, "period_end": {demoYearS + "-01-01"}, "version": {fmt.Sprint(plan.Version)}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `value="План 2026"`) || !strings.Contains(r.Body, `id="period_end-error"`) {
		t.Fatal("plan form values or error lost")
	}
	mustStatus(t, dir.post(path+"/edit", url.Values{"title": {"План 2026"}, "period_start": {demoYearS + "-01-01"}, "period_end": {demoYearS + "-12-31"}, "version": {fmt.Sprint(plan.Version)}}), http.StatusSeeOther)
	mustStatus(t, dir.post(path+"/edit", url.Values{"title": {"Опоздавшая правка"}, "period_start": {demoYearS + "-01-01"}, "period_end": {demoYearS + "-12-31"}, "version": {fmt.Sprint(plan.Version)}}), http.StatusConflict)
	if got := must(e.store.Plan(context.Background(), domain.Scope{All: true}, planID)); got.Title != "План 2026" {
		t.Fatalf("title %q", got.Title)
	}
	var a, b domain.Item
	for _, it := range must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, planID)) {
		if it.Section == domain.Section1 {
			if a.ID == 0 {
				a = it
			} else if b.ID == 0 {
				b = it
			}
		}
	}
	mustStatus(t, dir.post(itemURL(b.ID)+"/move", url.Values{"dir": {"up"}}), http.StatusSeeOther)
	first := must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, planID))
	for _, it := range first {
		if it.Section == domain.Section1 {
			if it.ID != b.ID {
				t.Fatalf("item %d not moved up", b.ID)
			}
			break
		}
	}
	staff := e.login("staff@example.org")
	mustStatus(t, staff.post(itemURL(a.ID)+"/move", url.Values{"dir": {"up"}}), http.StatusForbidden)
}

func TestBoardFiltersAndCoAssignees(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	planID := e.planID(museum)
	items := must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, planID))
	today := e.today()
	overdue := 0
	for i := range items {
		if domain.IsOverdue(&items[i], today) {
			overdue++
		}
	}
	dir := e.login("director@example.org")
	cards := regexp.MustCompile(`<li class="card`)
	board := dir.get(fmt.Sprintf("/plans/%d/board?overdue=1", planID)).Body
	if n := len(cards.FindAllString(board, -1)); n != overdue || overdue == 0 {
		t.Fatalf("overdue filter shows %d cards, want %d", n, overdue)
	}
	if strings.Count(board, "⚠") < overdue {
		t.Fatal("overdue cards are not marked with an icon and text")
	}
	// A co-assignee finds the item in their tasks and under their name.
	it := museumItem(t, e, domain.StatusPlanned)
	staff2 := userID(t, e, "staff@example.org")
	form := url.Values{"section": {string(it.Section)}, "measure": {it.Measure}, "deadline": {it.Deadline.Spec()}, "priority": {"2"},
		"version": {fmt.Sprint(it.Version)}, "assignee": {itoa(userID(t, e, "director@example.org"))}, "co": {itoa(staff2)}}
	mustStatus(t, dir.post(itemURL(it.ID)+"/edit", form), http.StatusSeeOther)
	if !strings.Contains(dir.get(fmt.Sprintf("/plans/%d/board?assignee=%d", planID, staff2)).Body, itemURL(it.ID)+`"`) {
		t.Fatal("assignee filter misses the co-assigned item")
	}
	staff := e.login("staff@example.org")
	if !strings.Contains(staff.get("/my").Body, itemURL(it.ID)+`"`) {
		t.Fatal("my tasks misses the co-assigned item")
	}
	// The co-assignee may work on it.
	mustStatus(t, staff.post(itemURL(it.ID)+"/status", url.Values{"transition": {"start"}, "version": {fmt.Sprint(it.Version + 1)}}), http.StatusSeeOther)
}
