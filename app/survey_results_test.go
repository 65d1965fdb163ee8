package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"planboard/app"
	"planboard/domain"
)

// paperBatch fills n rows of the paper entry form: every question «д»
// except overall («н») in the rows listed in no (from 1).
func paperBatch(n int, batch string, no ...int) url.Values {
	v := url.Values{"rows": {fmt.Sprint(n)}, "batch": {batch}}
	neg := map[int]bool{}
	for _, r := range no {
		neg[r] = true
	}
	for r := 1; r <= n; r++ {
		for _, q := range domain.SurveyQuestions() {
			v.Set(fmt.Sprintf("r%d_%s", r, q.Key), "д")
		}
		if r == 1 {
			v.Set("r1_suggestion", "бумага")
		}
		if neg[r] {
			v.Set(fmt.Sprintf("r%d_overall", r), "н")
		}
	}
	return v
}

// Staff type in 20 paper forms in one go; a bad batch is refused whole
// with everything typed kept; a correction and a removal move the figures
// and leave an audit trail; the director's results show it all, in the
// same number of statements with 20 or 2,020 answers on record.
func TestSurveyPaperAndResults(t *testing.T) {
	e, counter := countingEnv(t, app.Config{})
	ctx := context.Background()
	lib, err := e.store.InstitutionBySlug(ctx, "centralnaya-biblioteka")
	if err != nil {
		t.Fatal(err)
	}
	paper := fmt.Sprintf("/institutions/%d/survey/paper", lib.ID)
	results := fmt.Sprintf("/institutions/%d/survey", lib.ID)
	staff, dir := e.login("staff2@example.org"), e.login("director2@example.org")
	mustStatus(t, staff.get(paper), http.StatusOK)

	bad := paperBatch(20, "Выставка", 3)
	bad.Set("r2_comfort", "может быть")
	bad.Del("r5_recommend")
	r := staff.post(paper, bad)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a bad batch: %d", r.Status)
	}
	for _, want := range []string{`href="#r2_comfort"`, "Анкета 5: Ответьте «Да» или «Нет» на вопрос 12.", `value="может быть"`, `name="r3_overall" value="н"`, `value="Выставка"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the refused batch lacks %q", want)
		}
	}
	if list, _ := e.store.PaperSurveys(ctx, domain.Scope{All: true}, lib.ID, 100); len(list) != 0 {
		t.Fatalf("a refused batch saved %d forms", len(list))
	}

	r = staff.post(paper, paperBatch(20, "Выставка, 1–20 декабря", 3, 7))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("20 forms: %d\n%s", r.Status, r.Body)
	}
	if page := staff.get(paper); !strings.Contains(page.Body, "Сохранено анкет: 20 (пачка «Выставка, 1–20 декабря»).") || !strings.Contains(page.Body, `role="status"`) {
		t.Errorf("no message after saving")
	}
	res := dir.get(results)
	// 18 of 20 satisfied overall: 90,00; every other indicator 100,00 on 20 answers.
	for _, want := range []string{"Бумажные анкеты", ">20<", "90,00", "ориентировочно", "от 69,90 до 97,21"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the results lack %q", want)
		}
	}

	// Correct form 3 (its «н» was a typo), remove another.
	list, err := e.store.PaperSurveys(ctx, domain.Scope{All: true}, lib.ID, 100)
	if err != nil || len(list) != 20 {
		t.Fatalf("list: %d, %v", len(list), err)
	}
	var third int64
	for _, f := range list {
		if !f.Response.Answers["overall"] {
			third = f.ID
			break
		}
	}
	form := fmt.Sprintf("%s/%d", paper, third)
	mustStatus(t, staff.get(form), http.StatusOK)
	fix := paperBatch(1, "")
	if r = staff.post(form, fix); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#reason"`) {
		t.Errorf("a correction without a reason: %d", r.Status)
	}
	fix.Set("reason", "опечатка при вводе")
	fix.Set("action", "correct")
	mustStatus(t, staff.post(form, fix), http.StatusSeeOther)
	mustStatus(t, staff.post(fmt.Sprintf("%s/%d", paper, list[0].ID), url.Values{"reason": {"двойной ввод"}, "action": {"remove"}}), http.StatusSeeOther)
	if res = dir.get(results); !strings.Contains(res.Body, "94,74") { // 18 of 19
		t.Errorf("after the correction and the removal the results do not show 94,74")
	}
	var audits int
	if err := e.store.DB().NewRaw(`SELECT count(*) FROM audit_log WHERE action IN ('survey_paper_added', 'survey_corrected', 'survey_removed')`).Scan(ctx, &audits); err != nil || audits != 3 {
		t.Errorf("audit rows: %d, %v", audits, err)
	}
	if founder := e.login("founder@example.org"); founder.get(paper).Status != http.StatusForbidden || founder.get(results).Status != http.StatusOK {
		t.Error("the founder types in or cannot read")
	}

	// «Скрыть» asks for a reason; the suggestion leaves the list, the form still counts.
	sugg, err := e.store.SurveySuggestions(ctx, domain.Scope{All: true}, lib.ID, 10)
	if err != nil || len(sugg) != 2 { // form 1's and the corrected form's
		t.Fatalf("suggestions: %v, %v", sugg, err)
	}
	hide := fmt.Sprintf("%s/suggestions/%d/hide", results, sugg[0].ID)
	if r = dir.post(hide, nil); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, fmt.Sprintf(`href="#hide-%d"`, sugg[0].ID)) {
		t.Errorf("hiding without a reason: %d", r.Status)
	}
	mustStatus(t, staff.post(hide, url.Values{"reason": {"телефон в тексте"}}), http.StatusForbidden)
	mustStatus(t, dir.post(hide, url.Values{"reason": {"телефон в тексте"}}), http.StatusSeeOther)
	if res = dir.get(results); strings.Count(res.Body, "<blockquote>бумага</blockquote>") != 1 || !strings.Contains(res.Body, "Предложение скрыто") || !strings.Contains(res.Body, "94,74") {
		t.Error("the hidden suggestion still shows, or the form stopped counting")
	}

	// A fixed number of statements whatever the number of answers.
	before := queriesFor(t, dir, counter, results)
	if _, err := e.store.DB().NewRaw(`INSERT INTO survey_responses (institution_id, at, month, source, answers, suggestion)
		SELECT ?, now(), date_trunc('month', now())::date, 'web', '{"overall": true}', 'предложение ' || g FROM generate_series(1, 2000) g`, lib.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if after := queriesFor(t, dir, counter, results); after != before {
		t.Errorf("results: %d statements with 20 answers, %d with 2,020", before, after)
	}
}
