package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"planboard/domain"
)

// A returned plan carries a badge with the founder's remarks
// in the plan list and on the plan page; the plan's log lists every step
// with who and when; a director withdraws a submitted plan after a
// confirmation page, and not once the founder has decided.
func TestReturnedBadgeLogAndWithdraw(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	plan := e.planID(museum)
	pp := fmt.Sprintf("/plans/%d", plan)
	dir, founder := e.login("director@example.org"), e.login("founder@example.org")
	mustStatus(t, dir.post(pp+"/submit", nil), http.StatusSeeOther)
	mustStatus(t, founder.post(pp+"/return", url.Values{"remarks": {"Уточните сроки раздела III"}}), http.StatusSeeOther)

	home := dir.get("/").Body
	if !strings.Contains(home, `class="badge returned">возвращён на доработку`) {
		t.Fatal("the plan list has no «возвращён на доработку» badge")
	}
	page := dir.get(pp).Body
	for _, want := range []string{`id="plan-returned"`, "Уточните сроки раздела III", "Журнал плана", "отправлен на утверждение", "возвращён на доработку"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the plan page lacks %q", want)
		}
	}

	// Submitted again, then withdrawn: GET asks, POST does it.
	mustStatus(t, dir.post(pp+"/submit", nil), http.StatusSeeOther)
	if strings.Contains(dir.get("/").Body, "badge returned") {
		t.Fatal("a resubmitted plan still shows as returned")
	}
	if !strings.Contains(dir.get(pp).Body, `href="`+pp+`/withdraw"`) {
		t.Fatal("no «Отозвать» on a submitted plan")
	}
	ask := dir.get(pp + "/withdraw")
	mustStatus(t, ask, http.StatusOK)
	if !strings.Contains(ask.Body, `action="`+pp+`/withdraw"`) || !strings.Contains(ask.Body, "Да, отозвать") {
		t.Fatal("the confirmation page has no form")
	}
	if got := must(e.store.Plan(ctx, domain.Scope{All: true}, plan)); got.Status != domain.PlanSubmitted {
		t.Fatal("asking withdrew the plan")
	}
	mustStatus(t, e.login("staff@example.org").post(pp+"/withdraw", nil), http.StatusForbidden)
	mustStatus(t, e.login("director2@example.org").post(pp+"/withdraw", nil), http.StatusNotFound)
	r := dir.post(pp+"/withdraw", nil)
	mustStatus(t, r, http.StatusSeeOther)
	if got := must(e.store.Plan(ctx, domain.Scope{All: true}, plan)); got.Status != domain.PlanDraft {
		t.Fatalf("withdrawn plan is %s", got.Status)
	}
	after := dir.get(r.Location).Body
	if !strings.Contains(after, `role="status">План отозван`) || !strings.Contains(after, "отозван руководителем") ||
		strings.Contains(after, `id="plan-returned"`) {
		t.Fatal("after withdrawing: no message, no log entry, or the old return still shown")
	}
	log := must(e.store.PlanLog(ctx, domain.Scope{All: true}, plan))
	var acts []string
	for _, l := range log {
		acts = append(acts, l.Action)
	}
	if strings.Join(acts, ",") != "submitted,returned,submitted,withdrawn" || log[3].ActorName == "" {
		t.Fatalf("log %v", log)
	}

	// Once approved, the log stays and withdrawing is refused.
	mustStatus(t, dir.post(pp+"/submit", nil), http.StatusSeeOther)
	mustStatus(t, founder.post(pp+"/approve", nil), http.StatusSeeOther)
	mustStatus(t, dir.post(pp+"/withdraw", nil), http.StatusConflict)
	if page := founder.get(pp).Body; !strings.Contains(page, "утверждён") || !strings.Contains(page, "отозван руководителем") {
		t.Fatal("the approved plan's log lost its steps")
	}
}

// «На проверке» lists the items awaiting acceptance across the
// director's plans, with the count in the navigation; the item shows the
// report and evidence first; accepting with unticked points asks first.
func TestReviewQueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	it := museumItem(t, e, domain.StatusPlanned)
	if _, err := e.store.DB().NewRaw(`UPDATE items SET status = 'review', implemented = 'Кулер установлен', completed_on = ? WHERE id = ?`,
		e.today().String(), it.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.DB().NewRaw(`INSERT INTO item_checklist (item_id, position, text) VALUES (?, 90, 'Табличка у кулера')`, it.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	dir := e.login("director@example.org")
	q := dir.get("/review")
	mustStatus(t, q, http.StatusOK)
	if !strings.Contains(q.Body, fmt.Sprintf(`href="/items/%d#report"`, it.ID)) || !strings.Contains(q.Body, "Кулер установлен") {
		t.Fatal("the review queue does not list the closed item with its report")
	}
	if !strings.Contains(q.Body, `id="nav-review" aria-current="page">На проверке <span class="badge review-count">`) {
		t.Fatal("no review count in the navigation")
	}
	if other := e.login("director2@example.org").get("/review").Body; strings.Contains(other, it.Measure) {
		t.Fatal("another institution's director sees the museum's item")
	}
	mustStatus(t, e.login("staff@example.org").get("/review"), http.StatusForbidden)

	item := dir.get(itemURL(it.ID)).Body
	rep, act := strings.Index(item, `id="report"`), strings.Index(item, `id="actions"`)
	if rep < 0 || act < 0 || rep > act {
		t.Fatal("the report does not come before the decision")
	}
	cur := must(e.store.Item(ctx, domain.Scope{All: true}, it.ID))
	accept := url.Values{"transition": {"accept"}, "version": {fmt.Sprint(cur.Version)}}
	ask := dir.post(itemURL(it.ID)+"/status", accept)
	mustStatus(t, ask, http.StatusOK)
	if !strings.Contains(ask.Body, "Табличка у кулера") || !strings.Contains(ask.Body, `name="confirm" value="1"`) {
		t.Fatal("accepting with an unticked point did not ask first")
	}
	if must(e.store.Item(ctx, domain.Scope{All: true}, it.ID)).Status != domain.StatusReview {
		t.Fatal("the question accepted the item")
	}
	accept.Set("confirm", "1")
	mustStatus(t, dir.post(itemURL(it.ID)+"/status", accept), http.StatusSeeOther)
	if must(e.store.Item(ctx, domain.Scope{All: true}, it.ID)).Status != domain.StatusDone {
		t.Fatal("confirmed acceptance did not accept")
	}
	if strings.Contains(dir.get("/review").Body, fmt.Sprintf(`/items/%d#report`, it.ID)) {
		t.Fatal("an accepted item stays in the queue")
	}
}

// The navigation follows the role (no «Мои задачи» and no
// drag hint for the founder), «Мои задачи» puts overdue work first, then by
// deadline, and the mail settings are named for what they hold.
func TestNavigationByRoleAndMyTasksOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	founder := e.login("founder@example.org")
	home := founder.get("/founder").Body
	if strings.Contains(home, `href="/my"`) || strings.Contains(home, `href="/review"`) {
		t.Fatal("the founder is offered «Мои задачи» or the review queue")
	}
	if !strings.Contains(home, "Письма на почту") || strings.Contains(home, "Настройки уведомлений") {
		t.Fatal("the mail settings are not named for what they hold")
	}
	if b := founder.get(fmt.Sprintf("/plans/%d/board", e.planID(library))).Body; strings.Contains(b, "перетаскивать") || strings.Contains(b, "board.js") {
		t.Fatal("a read-only board offers dragging")
	}
	staff := e.login("staff@example.org")
	if b := staff.get("/my").Body; !strings.Contains(b, `href="/my" aria-current="page"`) || strings.Contains(b, `href="/review"`) {
		t.Fatal("staff navigation: «Мои задачи» missing or the review queue offered")
	}
	staffID := e.userID("staff@example.org")
	plan := e.planID(museum)
	today := e.today()
	for i, d := range []domain.Date{today.AddDays(40), today.AddDays(-3), today.AddDays(5)} {
		if _, err := e.store.DB().NewRaw(`INSERT INTO items (plan_id, institution_id, position, section, measure, deadline_kind, deadline_date, assignee_id, status)
			SELECT id, institution_id, 900 + ?, '5', ?, 'date', ?, ?, 'planned' FROM plans WHERE id = ?`,
			i, fmt.Sprintf("Срочность %d", i), d.String(), staffID, plan).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	b := staff.get("/my").Body
	late, soon, later := strings.Index(b, "Срочность 1"), strings.Index(b, "Срочность 2"), strings.Index(b, "Срочность 0")
	if late < 0 || !(late < soon && soon < later) {
		t.Fatalf("«Мои задачи» not overdue first, then by deadline: %d %d %d", late, soon, later)
	}
}
