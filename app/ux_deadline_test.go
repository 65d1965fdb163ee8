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

// A draft's deadlines change freely on every surface (item
// form, bulk form); an approved plan's ask for a reason and are counted.
func TestDraftDeadlinesNeedNoReason(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	it := museumItem(t, e, domain.StatusPlanned) // the museum's plan is a draft
	dir := e.login("director@example.org")
	edit := dir.get(itemURL(it.ID) + "/edit")
	mustStatus(t, edit, http.StatusOK)
	if strings.Contains(edit.Body, `name="deadline_reason"`) {
		t.Fatal("a draft's item form asks for a reason to move the deadline")
	}
	form := url.Values{"section": {string(it.Section)}, "measure": {it.Measure}, "deadline_kind": {"quarter"},
		"deadline": {"II квартал " + nextYearS}, "priority": {"2"}, "version": {fmt.Sprint(it.Version)}}
	mustStatus(t, dir.post(itemURL(it.ID)+"/edit", form), http.StatusSeeOther)
	got := must(e.store.Item(ctx, domain.Scope{All: true}, it.ID))
	if got.DeadlineMoves != 0 || got.Deadline != domain.QuarterDeadline(demoYear+1, 2) || got.OriginalDeadline != got.Deadline {
		t.Fatalf("draft item form: moves %d deadline %v original %v", got.DeadlineMoves, got.Deadline, got.OriginalDeadline)
	}
	if page := dir.get(itemURL(it.ID)).Body; strings.Contains(page, "переносов") || strings.Contains(page, "первоначальный срок") {
		t.Fatal("the item page reports a draft's change as a postponement")
	}
	plan := e.planID(museum)
	plain := dir.get(fmt.Sprintf("/plans/%d", plan)).Body
	if strings.Contains(plain, `name="reason"`) {
		t.Fatal("a draft's bulk form asks for a reason")
	}
	r := dir.post(fmt.Sprintf("/plans/%d/bulk", plan), url.Values{"ids": {fmt.Sprint(it.ID)}, "deadline": {"30.06." + nextYearS}})
	mustStatus(t, r, http.StatusSeeOther)
	got = must(e.store.Item(ctx, domain.Scope{All: true}, it.ID))
	if got.DeadlineMoves != 0 || got.Deadline != domain.DateDeadline(domain.NewDate(demoYear+1, 6, 30)) {
		t.Fatalf("draft bulk: moves %d deadline %v", got.DeadlineMoves, got.Deadline)
	}

	// The library's plan is approved: the same bulk step needs a reason and counts.
	lib := e.login("director2@example.org")
	lp := e.planID(library)
	var li domain.Item
	for _, x := range must(e.store.PlanItems(ctx, domain.Scope{All: true}, lp)) {
		if x.Deadline.Kind != domain.DeadlineNone && x.Status.Open() {
			li = x
			break
		}
	}
	r = lib.post(fmt.Sprintf("/plans/%d/bulk", lp), url.Values{"ids": {fmt.Sprint(li.ID)}, "deadline": {"31.12." + nextYearS}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `id="bulk-reason-error"`) {
		t.Fatal("an approved plan's move without a reason: no error at the reason field")
	}
	r = lib.post(fmt.Sprintf("/plans/%d/bulk", lp), url.Values{"ids": {fmt.Sprint(li.ID)}, "deadline": {"31.12." + nextYearS}, "reason": {"Нет подрядчика"}})
	mustStatus(t, r, http.StatusSeeOther)
	if got := must(e.store.Item(ctx, domain.Scope{All: true}, li.ID)); got.DeadlineMoves != li.DeadlineMoves+1 || got.OriginalDeadline != li.OriginalDeadline {
		t.Fatalf("approved bulk: moves %d→%d original %v→%v", li.DeadlineMoves, got.DeadlineMoves, li.OriginalDeadline, got.OriginalDeadline)
	}
}

// The item form shows and reads deadlines as people write
// them, offers recurrence in plain words (the expression only as the
// advanced choice) and asks no reason on a new item.
func TestItemFormSpeaksPlainWords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	it := museumItem(t, e, domain.StatusPlanned)
	dir := e.login("director@example.org")
	plan := e.planID(museum)
	fresh := dir.get(fmt.Sprintf("/plans/%d/items/new", plan)).Body
	for _, bad := range []string{"Cron-выражение", `name="deadline_reason"`, "Причина переноса"} {
		if strings.Contains(fresh, bad) {
			t.Fatalf("the new-item form shows %q", bad)
		}
	}
	for _, word := range []string{"ежемесячно", "ежеквартально", "раз в полгода", "ежегодно", "к дате", "квартал", "постоянно", "Особое расписание (для опытных)"} {
		if !strings.Contains(fresh, word) {
			t.Fatalf("the new-item form lacks %q", word)
		}
	}
	if _, err := e.store.DB().NewRaw(`UPDATE items SET deadline_kind = 'quarter', deadline_date = ? WHERE id = ?`,
		domain.QuarterDeadline(demoYear+1, 2).Due.String(), it.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	edit := dir.get(itemURL(it.ID) + "/edit").Body
	if !strings.Contains(edit, `value="II квартал `+nextYearS+`"`) || strings.Contains(edit, nextYearS+"-Q2") {
		t.Fatal("the item form shows the deadline as a code, not «II квартал»")
	}
	if !strings.Contains(edit, `<option value="quarter" selected>`) {
		t.Fatal("the deadline's kind is not preselected")
	}
	r := dir.post(fmt.Sprintf("/plans/%d/items", plan), url.Values{"section": {"2"}, "measure": {"Отчёт полугодия"},
		"deadline_kind": {"date"}, "deadline": {"до 30.06." + nextYearS}, "recur_kind": {"halfyearly"}, "priority": {"2"}})
	mustStatus(t, r, http.StatusSeeOther)
	made := must(e.store.Item(ctx, domain.Scope{All: true}, atoi(strings.TrimPrefix(r.Location, "/items/"))))
	if made.Deadline != domain.DateDeadline(domain.NewDate(demoYear+1, 6, 30)) || made.Recurrence.Kind != domain.RecurHalfYearly {
		t.Fatalf("«до 30.06» and «раз в полгода» read as %v %v", made.Deadline, made.Recurrence)
	}
	r = dir.post(fmt.Sprintf("/plans/%d/items", plan), url.Values{"section": {"2"}, "measure": {"Без срока, но со словами"},
		"deadline_kind": {"none"}, "deadline": {"30.06." + nextYearS}, "priority": {"2"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `id="deadline-error"`) || !strings.Contains(r.Body, `value="30.06.`+nextYearS+`"`) {
		t.Fatal("words under «без срока»: no error at the field, or the words not kept")
	}
}
