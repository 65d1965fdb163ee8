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

// «Добавить в план» on a visitor's suggestion: the director alone, a clear
// message without a plan to add to, then one planned item quoting the
// suggestion, linked both ways, with an audit row; a second press adds
// nothing, and another institution's director gets 404.
func TestSurveySuggestionToPlan(t *testing.T) {
	e, lib, results, staff, dir := librarySurvey(t)
	ctx := context.Background()
	batch := paperBatch(1, "Выставка")
	batch.Set("r1_suggestion", "  Поставить кулер с питьевой водой у входа  ")
	mustStatus(t, staff.post(results+"/paper", batch), http.StatusSeeOther)
	sugg, err := e.store.SurveySuggestions(ctx, domain.Scope{All: true}, lib.ID, 10)
	if err != nil || len(sugg) != 1 {
		t.Fatalf("suggestions: %v, %v", sugg, err)
	}
	add := fmt.Sprintf("%s/suggestions/%d/plan", results, sugg[0].ID)
	if r := dir.get(results); !strings.Contains(r.Body, `action="`+add+`"`) || !strings.Contains(r.Body, "Добавить в план") {
		t.Fatal("the director sees no «Добавить в план»")
	}
	if r := staff.get(results); strings.Contains(r.Body, "Добавить в план") {
		t.Error("staff are offered «Добавить в план»")
	}
	mustStatus(t, staff.post(add, nil), http.StatusForbidden)
	mustStatus(t, e.login("director@example.org").post(add, nil), http.StatusNotFound)

	countItems := func() (n int) {
		t.Helper()
		if err := e.store.DB().NewRaw(`SELECT count(*) FROM items WHERE institution_id = ?`, lib.ID).Scan(ctx, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	items := countItems()

	// No plan open: a clear message with a link to make one; nothing saved.
	var open []struct {
		ID     int64  `bun:"id"`
		Status string `bun:"status"`
	}
	if err := e.store.DB().NewRaw(`SELECT id, status FROM plans WHERE institution_id = ? AND status <> 'closed'`, lib.ID).Scan(ctx, &open); err != nil || len(open) == 0 {
		t.Fatalf("the demo library has no open plan: %v", err)
	}
	setStatus := func(id int64, status string) {
		t.Helper()
		if _, err := e.store.DB().NewRaw(`UPDATE plans SET status = ? WHERE id = ?`, status, id).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range open {
		setStatus(p.ID, "closed")
	}
	r := dir.post(add, nil)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Нет плана, в который можно добавить предложение") ||
		!strings.Contains(r.Body, `href="/plans/new"`) || !strings.Contains(r.Body, `href="#plan-error"`) {
		t.Errorf("no plan: %d", r.Status)
	}
	if countItems() != items {
		t.Fatal("an item was saved without a plan")
	}
	for _, p := range open {
		setStatus(p.ID, p.Status)
	}

	r = dir.post(add, nil)
	mustStatus(t, r, http.StatusSeeOther)
	if countItems() != items+1 {
		t.Fatalf("items: %d, want %d", countItems(), items+1)
	}
	sugg, err = e.store.SurveySuggestions(ctx, domain.Scope{All: true}, lib.ID, 10)
	if err != nil || sugg[0].ItemID == 0 {
		t.Fatalf("the suggestion is not linked: %+v, %v", sugg, err)
	}
	var it struct {
		Deficiency, Measure, Status string
	}
	if err := e.store.DB().NewRaw(`SELECT deficiency, measure, status FROM items WHERE id = ?`, sugg[0].ItemID).Scan(ctx, &it.Deficiency, &it.Measure, &it.Status); err != nil {
		t.Fatal(err)
	}
	if it.Deficiency != "Предложение посетителя: Поставить кулер с питьевой водой у входа" || it.Measure != "Рассмотреть предложение посетителя" || it.Status != string(domain.StatusPlanned) {
		t.Errorf("the item: %+v", it)
	}
	res := dir.get(results)
	if !strings.HasPrefix(sugg[0].ItemNumber, "V.") {
		t.Errorf("the item's number %q is not in section V", sugg[0].ItemNumber)
	}
	if plan := dir.get(fmt.Sprintf("/plans/%d", e.planID(library))); !strings.Contains(plan.Body, ">"+sugg[0].ItemNumber) {
		t.Errorf("the plan page does not number an item %s", sugg[0].ItemNumber)
	}
	inPlan := fmt.Sprintf(`<a href="/items/%d">в плане: пункт %s</a>`, sugg[0].ItemID, sugg[0].ItemNumber)
	if !strings.Contains(res.Body, inPlan) || !strings.Contains(res.Body, `role="status"`) || !strings.Contains(res.Body, fmt.Sprintf("Предложение добавлено в план: пункт %s.", sugg[0].ItemNumber)) {
		t.Errorf("the results lack %q or the message", inPlan)
	}
	if strings.Contains(res.Body, `action="`+add+`"`) {
		t.Error("«Добавить в план» still offered for a suggestion in the plan")
	}
	page := dir.get(fmt.Sprintf("/items/%d", sugg[0].ItemID))
	if want := "из анкеты посетителя от " + dmy(domain.Today(sugg[0].At, demoZone)); !strings.Contains(page.Body, want) {
		t.Errorf("the item page lacks %q", want)
	}

	// A second press: no second item, a message in words.
	mustStatus(t, dir.post(add, url.Values{}), http.StatusSeeOther)
	if countItems() != items+1 {
		t.Error("a second press made a second item")
	}
	if res := dir.get(results); !strings.Contains(res.Body, "Это предложение уже есть в плане.") {
		t.Error("no message after the second press")
	}
	var links, audits int
	if err := e.store.DB().NewRaw(`SELECT count(*) FROM survey_plan_items`).Scan(ctx, &links); err != nil || links != 1 {
		t.Errorf("links: %d, %v", links, err)
	}
	if err := e.store.DB().NewRaw(`SELECT count(*) FROM audit_log WHERE action = 'survey_suggestion_planned' AND institution_id = ?`, lib.ID).Scan(ctx, &audits); err != nil || audits != 1 {
		t.Errorf("audit rows: %d, %v", audits, err)
	}
}

// librarySurvey is a fresh demo with the library's results path and its
// staff and director signed in.
func librarySurvey(t *testing.T) (*env, domain.Institution, string, *client, *client) {
	t.Helper()
	e := newEnv(t)
	lib, err := e.store.InstitutionBySlug(context.Background(), library)
	if err != nil {
		t.Fatal(err)
	}
	return e, lib, fmt.Sprintf("/institutions/%d/survey", lib.ID), e.login("staff2@example.org"), e.login("director2@example.org")
}
