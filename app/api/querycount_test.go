package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"planboard/domain"
	"planboard/storage"
)

// TestItemListQueryCountConstant: the item list's SQL count does not grow
// with the number of items on the page (checklists are aggregated in the
// page's query, co-assignees come in one more), and the keyset cursor walks
// the whole plan without a repeat or a gap; an ETag answers 304.
func TestItemListQueryCountConstant(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	var more []domain.Item
	for i := 0; i < 40; i++ {
		more = append(more, domain.Item{Section: "3", Measure: "Пандус у входа " + id(int64(i)),
			Checklist: []domain.ChecklistPoint{{Text: "Проект"}, {Text: "Монтаж"}}})
	}
	plan := &domain.Plan{InstitutionID: w.house, Year: domain.Today(testNow, mustZone(t)).Year + 1, Title: "Большой план", Status: domain.PlanDraft}
	if err := w.store.CreatePlan(ctx, plan, more, w.users[admin]); err != nil {
		t.Fatal(err)
	}
	for _, it := range more[:10] {
		w.exec("INSERT INTO item_assignees (item_id, user_id) VALUES (?, ?)", it.ID, w.users[admin].ID)
	}
	tok := w.tokens[admin][readTok]
	path := "/api/v1/plans/" + id(plan.ID) + "/items"
	w.call(http.MethodGet, path+"?limit=1", tok, nil) // the token's first use is recorded once
	counter := storage.CountQueries(w.db)
	count := func(limit string) int64 {
		before := counter.Count()
		if got := w.call(http.MethodGet, path+"?limit="+limit, tok, nil); got.status != http.StatusOK {
			t.Fatalf("%s: %d %s", limit, got.status, got.body)
		}
		return counter.Count() - before
	}
	small, large := count("2"), count("200")
	if small != large || large > 7 {
		t.Errorf("item list: %d statements for 2 items, %d for 41: want the same, at most 7", small, large)
	}
	// Asked again with nothing changed, the answer is kept: the token, its
	// user with their roles, and the plan's change counter are all it reads.
	if again := count("200"); again >= large || again > 3 {
		t.Errorf("item list asked again: %d statements, %d the first time: want the kept answer (at most 3)", again, large)
	}
	// A change (here by plain SQL, as another replica or the CLI would make
	// it) shows at once.
	w.exec("UPDATE items SET measure = 'Изменено в обход API' WHERE id = ?", more[0].ID)
	if got := w.call(http.MethodGet, path+"?limit=200", tok, nil); !strings.Contains(string(got.body), "Изменено в обход API") {
		t.Errorf("the kept answer did not follow a change: %s", got.body)
	}

	seen := map[int64]bool{}
	next := ""
	for pages := 0; ; pages++ {
		var l struct {
			Data []struct {
				ID        int64
				Checklist []struct{ Text string }
			}
			Next string
		}
		w.call(http.MethodGet, path+"?limit=7&cursor="+next, tok, nil).json(t, &l)
		for _, it := range l.Data {
			if seen[it.ID] {
				t.Fatalf("item %d on two pages", it.ID)
			}
			seen[it.ID] = true
		}
		if l.Next == "" {
			break
		}
		next = l.Next
		if pages > 10 {
			t.Fatal("the cursor does not end")
		}
	}
	if len(seen) != len(more)+0 {
		t.Errorf("the pages hold %d items, the plan %d", len(seen), len(more))
	}
	if got := w.call(http.MethodGet, path+"?limit=7&cursor=bm9wZQ", tok, nil); got.status != http.StatusUnprocessableEntity {
		t.Errorf("a made-up cursor: %d %s", got.status, got.body)
	}
	first := w.call(http.MethodGet, path, tok, nil)
	tag := first.header.Get("ETag")
	if got := w.call(http.MethodGet, path, tok, nil, "If-None-Match", tag); tag == "" || got.status != http.StatusNotModified || len(got.body) != 0 {
		t.Errorf("If-None-Match %q: %d %q", tag, got.status, got.body)
	}
	w.exec("UPDATE items SET measure = 'Изменено', version = version + 1 WHERE id = ?", more[0].ID)
	if got := w.call(http.MethodGet, path, tok, nil, "If-None-Match", tag); got.status != http.StatusOK {
		t.Errorf("after a change, the old ETag: %d", got.status)
	}
	// Filters as on the board: an assignee's items only.
	var mine struct{ Data []struct{ ID int64 } }
	w.call(http.MethodGet, path+"?assignee="+id(w.users[admin].ID), tok, nil).json(t, &mine)
	if len(mine.Data) != 10 {
		t.Errorf("assignee filter: %d items, want the 10 co-assigned", len(mine.Data))
	}
}
