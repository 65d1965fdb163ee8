package app_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"planboard/domain"
)

// A busy item's page shows its latest history entries, says how many there
// are in all and links to the whole history, which lists every entry; the
// whole history of another institution's item is not found.
func TestItemPageShowsLatestHistoryAndLinksToAll(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	it := must(e.store.PlanItems(ctx, domain.Scope{All: true}, e.planID(museum)))[0]
	for i := range 30 {
		if err := e.store.AppendHistory(ctx, domain.HistoryEntry{InstitutionID: it.InstitutionID, PlanID: it.PlanID, ItemID: it.ID,
			ActorName: "Иванова", Action: "commented", Note: fmt.Sprintf("запись №%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	total := len(must(e.store.ItemHistory(ctx, domain.Scope{All: true}, it.ID)))
	path := "/items/" + strconv.FormatInt(it.ID, 10)
	dir := e.login("director@example.org")

	page := dir.get(path)
	mustStatus(t, page, 200)
	rows := strings.Count(sectionOf(t, page.Body, `id="history"`), "<tr>") - 1 // the header row
	if rows != 10 {
		t.Errorf("the item page lists %d history entries, want the latest 10", rows)
	}
	for _, want := range []string{"запись №29", "запись №20", fmt.Sprintf("Показаны последние 10 записей из %d.", total),
		`href="` + path + `?history=all#history"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the item page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "запись №19") {
		t.Error("the item page lists an entry older than the latest 10")
	}

	all := dir.get(path + "?history=all")
	mustStatus(t, all, 200)
	if rows := strings.Count(sectionOf(t, all.Body, `id="history"`), "<tr>") - 1; rows != total {
		t.Errorf("the whole history lists %d entries, want %d", rows, total)
	}
	if !strings.Contains(all.Body, "запись №00") || strings.Contains(all.Body, "Показаны последние") {
		t.Error("the whole history is not whole")
	}
	mustStatus(t, e.login("director2@example.org").get(path+"?history=all"), 404)
}

// sectionOf is the HTML from the element marked by attr to the end of its
// section.
func sectionOf(t *testing.T, body, attr string) string {
	t.Helper()
	i := strings.Index(body, attr)
	if i < 0 {
		t.Fatalf("no element %s on the page", attr)
	}
	s := body[i:]
	if j := strings.Index(s, "</section>"); j >= 0 {
		s = s[:j]
	}
	return s
}
