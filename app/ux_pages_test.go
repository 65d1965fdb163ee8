package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"planboard/domain"
)

// renderUXPages renders the workflow pages of docs/ux.md for TestEveryPageRenders and
// returns their template names: the review queue, the accept confirmation
// (an item awaiting acceptance with an unticked point) and the withdraw
// confirmation (the museum's plan, submitted for it).
func renderUXPages(t *testing.T, e *env, dir *client, plan int64) []string {
	t.Helper()
	ctx := context.Background()
	it := museumItem(t, e, domain.StatusPlanned)
	if _, err := e.store.DB().NewRaw(`UPDATE items SET status = 'review', implemented = 'Сделано' WHERE id = ?`, it.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.DB().NewRaw(`INSERT INTO item_checklist (item_id, position, text) VALUES (?, 99, 'Не отмечен')`, it.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	cur := must(e.store.Item(ctx, domain.Scope{All: true}, it.ID))
	check := func(name string, r response, want string) {
		if r.Status != 200 || !strings.Contains(r.Body, want) || strings.Contains(r.Body, "{{") {
			t.Errorf("%s: %d, want 200 with %q", name, r.Status, want)
		}
	}
	check("review", dir.get("/review"), "Сделано")
	check("item_accept_confirm", dir.post(itemURL(it.ID)+"/status", url.Values{"transition": {"accept"}, "version": {fmt.Sprint(cur.Version)}}), "Принять всё равно")
	dir.post(fmt.Sprintf("/plans/%d/submit", plan), nil)
	check("plan_withdraw", dir.get(fmt.Sprintf("/plans/%d/withdraw", plan)), "Да, отозвать")
	return []string{"review", "item_accept_confirm", "plan_withdraw"}
}
