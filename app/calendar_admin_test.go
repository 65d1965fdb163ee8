package app_test

import (
	"context"
	"net/url"
	"testing"

	"planboard/domain"
)

func TestCalendarAdminCorrectsDaysYearsRegions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	adm := e.login("admin@example.org")
	museumID := e.institutionID(museum)
	if p := adm.get("/admin/calendar?year=2027"); p.Status != 200 || !contains(p.Body, "статье 112 ТК РФ") || !contains(p.Body, "Новогодние каникулы") {
		t.Fatalf("2027 page: %d\n%s", p.Status, p.Body)
	}
	// A bad day is refused with the typed values and the error by the field.
	bad := adm.post("/admin/calendar/days", url.Values{"date": {"31.02.2026"}, "kind": {"non_working"}, "note": {"Поправка"}})
	if bad.Status != 422 || !contains(bad.Body, `id="date-error"`) || !contains(bad.Body, `value="Поправка"`) {
		t.Fatalf("bad date: %d\n%s", bad.Status, bad.Body)
	}
	if r := adm.post("/admin/calendar/days", url.Values{"date": {"10.03.2026"}, "kind": {"non_working"}, "note": {"Поправка"}}); r.Status != 303 {
		t.Fatalf("correct a day: %d\n%s", r.Status, r.Body)
	}
	// A year's decree: its lines, and the Labour Code's transfers stop.
	badYear := adm.post("/admin/calendar/years", url.Values{"year": {"2027"}, "source": {"ПП № 1"}, "lines": {"2028-01-10 non_working Не тот год"}})
	if badYear.Status != 422 || !contains(badYear.Body, `id="lines-error"`) {
		t.Fatalf("a line of another year: %d\n%s", badYear.Status, badYear.Body)
	}
	if r := adm.post("/admin/calendar/years", url.Values{"year": {"2027"}, "source": {"Постановление Правительства РФ № 0000"},
		"lines": {"2027-12-31 non_working Перенос\n2027-05-03 working Рабочий день по постановлению"}}); r.Status != 303 {
		t.Fatalf("add a year: %d\n%s", r.Status, r.Body)
	}
	if r := adm.post("/admin/calendar/holidays", url.Values{"region": {"16"}, "date": {"30.08.2027"}, "name": {"День Республики"}}); r.Status != 303 {
		t.Fatalf("regional holiday: %d\n%s", r.Status, r.Body)
	}
	if r := adm.post("/admin/calendar/regions", url.Values{"institution_id": {itoa(museumID)}, "region": {"16"}}); r.Status != 303 {
		t.Fatalf("set region: %d", r.Status)
	}
	if r := adm.post("/admin/calendar/regions", url.Values{"institution_id": {itoa(museumID)}, "region": {"Татарстан"}}); r.Status != 422 {
		t.Errorf("a Cyrillic region code: %d", r.Status)
	}
	page := adm.get("/admin/calendar?year=2027")
	if !contains(page.Body, "Постановление Правительства РФ № 0000") || !contains(page.Body, "День Республики") || !contains(page.Body, `value="16"`) {
		t.Errorf("the page does not show the year, the holiday or the region\n%s", page.Body)
	}
	cal, err := e.store.InstitutionCalendar(ctx, domain.Scope{All: true}, museumID)
	if err != nil {
		t.Fatal(err)
	}
	for day, working := range map[string]bool{"2026-03-10": false, "2027-12-31": false, "2027-05-03": true,
		"2027-06-14": true /* no automatic transfer in a published year */, "2027-08-30": false, "2027-01-07": false} {
		d, _ := domain.ParseISODate(day)
		if cal.IsWorkingDay(d) != working {
			t.Errorf("museum's %s: working %v, want %v", day, !working, working)
		}
	}
	// Removing a correction; a second time there is nothing to remove.
	if r := adm.post("/admin/calendar/days/delete", url.Values{"date": {"2026-03-10"}}); r.Status != 303 {
		t.Errorf("delete: %d", r.Status)
	}
	if r := adm.post("/admin/calendar/days/delete", url.Values{"date": {"2026-03-10"}}); r.Status != 404 {
		t.Errorf("delete again: %d", r.Status)
	}
	if r := adm.post("/admin/calendar/holidays/delete", url.Values{"region": {"16"}, "date": {"2027-08-30"}}); r.Status != 303 {
		t.Errorf("delete holiday: %d", r.Status)
	}
	if p := adm.get("/admin/audit"); !contains(p.Body, "изменён производственный календарь") {
		t.Error("calendar changes are not in the audit log")
	}
}

func TestCalendarItemFormFlagsNonWorkingDeadline(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.dueItems(museum, "staff@example.org", "2026-03-09")[0]
	dir := e.login("director@example.org")
	form := dir.get("/items/" + itoa(id) + "/edit")
	if form.Status != 200 || !contains(form.Body, "09.03.2026 — нерабочий день") {
		t.Fatalf("no note by a deadline on 9 March 2026: %d\n%s", form.Status, form.Body)
	}
	e.dueItems(museum, "staff@example.org", "2026-03-10")
	if form := dir.get("/items/" + itoa(id) + "/edit"); contains(form.Body, "нерабочий день") {
		t.Error("a note by a deadline on a working day")
	}
	// A refused form flags the typed deadline too (here with a bad priority
	// would not do: an empty measure is refused).
	r := dir.post("/plans/"+itoa(e.planID(museum))+"/items", url.Values{"section": {"1"}, "deadline": {"31.12.2026"}, "priority": {"2"}})
	if r.Status != 422 || !contains(r.Body, "31.12.2026 — нерабочий день") {
		t.Errorf("refused form: %d, no note for 31 December 2026\n%s", r.Status, r.Body)
	}
}

func TestCalendarMailRulesCountingUnits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	path := "/institutions/" + itoa(e.institutionID(museum)) + "/mail-rules"
	if p := dir.get(path); !contains(p.Body, `<option value="working" selected>`) || !contains(p.Body, `<option value="calendar" selected>`) {
		t.Fatalf("defaults: reminders in calendar days, escalations in working days\n%s", p.Body)
	}
	if r := dir.post(path, url.Values{"offsets": {"3, 0"}, "overdue_every": {"3"}, "escalate_director": {"3"}, "escalate_founder": {"14"},
		"remind_unit": {"working"}, "escalate_unit": {"calendar"}}); r.Status != 303 {
		t.Fatalf("save: %d\n%s", r.Status, r.Body)
	}
	rules, err := e.store.InstitutionMailRules(context.Background(), domain.Scope{All: true}, e.institutionID(museum))
	if err != nil || !rules.RemindWorkingDays || rules.EscalateWorkingDays {
		t.Errorf("saved rules %+v, %v", rules, err)
	}
}
