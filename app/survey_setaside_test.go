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

// The director sets aside a batch of answers with a reason: the figures
// lose exactly those answers and get them back on restore (after a
// confirmation); a missing reason or a selection matching nothing is
// refused with everything typed kept and nothing saved.
func TestSurveySetAside(t *testing.T) {
	e, lib, results, staff, dir := librarySurvey(t)
	ctx := context.Background()
	mustStatus(t, staff.post(results+"/paper", paperBatch(10, "Проверка формы", 3)), http.StatusSeeOther)
	mustStatus(t, staff.post(results+"/paper", paperBatch(5, "Выставка")), http.StatusSeeOther)

	// figures: the forms counted and 5.3 (satisfied overall): answers, «Да».
	type figs struct{ forms, overall, satisfied int }
	figures := func() (f figs) {
		t.Helper()
		counts, err := e.store.SurveyCounts(ctx, domain.Scope{All: true}, lib.ID, domain.NewDate(1, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			switch c.Part {
			case "":
				f.forms += c.Respondents
			case "5.3":
				f.overall += c.Respondents
				f.satisfied += c.Satisfied
			}
		}
		return f
	}
	rows := func(table string) (n int) {
		t.Helper()
		if err := e.store.DB().NewRaw(`SELECT count(*) FROM `+table).Scan(ctx, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	all := figs{15, 15, 14}
	if got := figures(); got != all {
		t.Fatalf("before: %+v", got)
	}
	setAside := results + "/set-aside"

	// No reason: refused, everything typed kept, nothing saved.
	r := dir.post(setAside, url.Values{"batch": {"Проверка формы"}, "reason": {"  "}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#sa-reason"`) || !strings.Contains(r.Body, `value="Проверка формы"`) {
		t.Errorf("no reason: %d", r.Status)
	}
	r = dir.post(setAside, url.Values{"batch": {"Нет такой"}, "reason": {"проверка"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Под эти условия не подходит ни одна учитываемая анкета.") {
		t.Errorf("nothing matching: %d", r.Status)
	}
	r = dir.post(setAside, url.Values{"from": {"31.13.2026"}, "to": {"01.01.2026"}, "reason": {"проверка"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#sa-from"`) || !strings.Contains(r.Body, `value="31.13.2026"`) {
		t.Errorf("a bad day: %d", r.Status)
	}
	if got := figures(); got != all || rows("survey_set_asides")+rows("survey_set_aside_responses") != 0 {
		t.Fatalf("a refused set-aside changed something: %+v", got)
	}
	mustStatus(t, staff.post(setAside, url.Values{"batch": {"Проверка формы"}, "reason": {"проверка формы"}}), http.StatusForbidden)

	// The test batch: 10 forms, 9 satisfied overall, out of every figure.
	mustStatus(t, dir.post(setAside, url.Values{"batch": {"Проверка формы"}, "reason": {"проверка формы"}}), http.StatusSeeOther)
	if got, want := figures(), (figs{5, 5, 5}); got != want {
		t.Fatalf("after the batch: %+v, want %+v", got, want)
	}
	res := dir.get(results)
	for _, want := range []string{"Отложено ответов: 10.", `role="status"`, "Отложенные ответы", "Ответов: 10", "пачка «Проверка формы»", "Причина: проверка формы", "Вернуть в расчёт"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the results lack %q", want)
		}
	}
	if strings.Contains(staff.get(results).Body, "Отложенные ответы") {
		t.Error("staff see the set-aside form")
	}

	// By source and days: today's paper forms still counted are the other 5.
	today := dmy(e.today())
	mustStatus(t, dir.post(setAside, url.Values{"source": {"paper"}, "from": {today}, "to": {today}, "reason": {"двойной ввод"}}), http.StatusSeeOther)
	if got := figures(); got != (figs{}) {
		t.Fatalf("after the days: %+v", got)
	}
	var ids []int64
	if err := e.store.DB().NewRaw(`SELECT id FROM survey_set_asides ORDER BY id`).Scan(ctx, &ids); err != nil || len(ids) != 2 {
		t.Fatalf("set-asides: %v, %v", ids, err)
	}

	// Restore the first: a confirmation first, then exactly its answers back.
	restore := fmt.Sprintf("%s/set-aside/%d/restore", results, ids[0])
	if r := dir.get(restore); r.Status != http.StatusOK || !strings.Contains(r.Body, "Вернуть отложенные ответы?") || !strings.Contains(r.Body, `action="`+restore+`"`) {
		t.Errorf("the confirmation: %d", r.Status)
	}
	mustStatus(t, staff.get(restore), http.StatusForbidden)
	mustStatus(t, e.login("director@example.org").post(restore, nil), http.StatusNotFound)
	if got := figures(); got != (figs{}) {
		t.Fatalf("asking changed the figures: %+v", got)
	}
	mustStatus(t, dir.post(restore, nil), http.StatusSeeOther)
	if got, want := figures(), (figs{10, 10, 9}); got != want {
		t.Fatalf("after restoring the batch: %+v, want %+v", got, want)
	}
	if res := dir.get(results); !strings.Contains(res.Body, "Ответы возвращены в расчёт.") || !strings.Contains(res.Body, "возвращены ") {
		t.Error("no message or no record of the restore")
	}
	mustStatus(t, dir.post(restore, nil), http.StatusNotFound)
	mustStatus(t, dir.post(fmt.Sprintf("%s/set-aside/%d/restore", results, ids[1]), nil), http.StatusSeeOther)
	if got := figures(); got != all {
		t.Fatalf("after restoring both: %+v", got)
	}
	var audits int
	if err := e.store.DB().NewRaw(`SELECT count(*) FROM audit_log WHERE action IN ('survey_set_aside', 'survey_restored') AND institution_id = ?`, lib.ID).Scan(ctx, &audits); err != nil || audits != 4 {
		t.Errorf("audit rows: %d, %v", audits, err)
	}
}
