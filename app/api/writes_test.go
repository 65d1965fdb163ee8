package api_test

import (
	"net/http"
	"testing"
)

// TestDirectorPlansItemsThroughAPI: create an item (201), edit one field,
// assign it, move its deadline (refused without the reason the rules ask
// for, nothing changed), comment with a mention, and submit the plan.
func TestDirectorPlansItemsThroughAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.openAPI(t)
	w.strict = true
	tok := w.tokens[director][writeTok]
	type item struct {
		Assignee      int64 `json:"assignee_id"`
		Version       int
		Measure       string
		Description   string
		DeadlineMoves int `json:"deadline_moves"`
		Deadline      struct{ Spec string }
		Original      struct{ Spec string } `json:"original_deadline"`
		History       []struct{ Action, Note string }
	}
	var it item
	var created struct{ ID int64 }
	got := w.call(http.MethodPost, "/api/v1/plans/"+id(w.museumPlan)+"/items", tok,
		map[string]any{"section": "3", "measure": "Установить кнопку вызова персонала", "deadline": "IV квартал 2099", "checklist": []string{"Закупка", "Монтаж"}})
	got.json(t, &created)
	if got.status != http.StatusCreated || created.ID == 0 {
		t.Fatalf("create: %d %s", got.status, got.body)
	}
	path := "/api/v1/items/" + id(created.ID)
	w.call(http.MethodGet, path, tok, nil).json(t, &it)
	got = w.call(http.MethodPatch, path, tok, map[string]any{"version": it.Version, "description": "У входа"})
	got.json(t, &it)
	if got.status != http.StatusOK || it.Description != "У входа" || it.Measure != "Установить кнопку вызова персонала" {
		t.Fatalf("edit one field: %d %s", got.status, got.body)
	}
	got = w.call(http.MethodPost, path+"/assignee", tok, map[string]any{"version": it.Version, "assignee": w.museumStaffID})
	got.json(t, &it)
	if got.status != http.StatusOK || it.Assignee != w.museumStaffID {
		t.Fatalf("assign: %d %s", got.status, got.body)
	}
	// The museum's plan is a draft: its deadlines move freely (no reason,
	// not counted as a postponement), as on the pages (docs/ux.md §4).
	got = w.call(http.MethodPost, path+"/deadline", tok, map[string]any{"version": it.Version, "deadline": "30.06.2099"})
	got.json(t, &it)
	if got.status != http.StatusOK || it.DeadlineMoves != 0 || it.Deadline.Spec != "2099-06-30" || it.Original.Spec != "2099-06-30" {
		t.Fatalf("a draft's move without a reason: %d %s", got.status, got.body)
	}
	got = w.call(http.MethodPost, path+"/deadline", tok, map[string]any{"version": it.Version, "deadline": "31.12.2099"})
	if got.status != http.StatusOK {
		t.Fatalf("a second free move: %d %s", got.status, got.body)
	}
	got = w.call(http.MethodPost, path+"/comments", tok, map[string]any{"body": "Проверьте, пожалуйста"})
	if got.status != http.StatusCreated {
		t.Errorf("comment: %d %s", got.status, got.body)
	}
	var plan struct{ Status string }
	got = w.call(http.MethodPost, "/api/v1/plans/"+id(w.museumPlan)+"/transitions", tok, map[string]any{"transition": "submit"})
	got.json(t, &plan)
	if got.status != http.StatusOK || plan.Status != "submitted" {
		t.Errorf("submit the plan: %d %s", got.status, got.body)
	}
	// The founder returns it, with remarks.
	got = w.call(http.MethodPost, "/api/v1/plans/"+id(w.museumPlan)+"/transitions", w.tokens[founder][writeTok], map[string]any{"transition": "return", "remarks": "Уточните сроки"})
	got.json(t, &plan)
	if got.status != http.StatusOK || plan.Status != "draft" {
		t.Errorf("the founder returns it: %d %s", got.status, got.body)
	}
}
