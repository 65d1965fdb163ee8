package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"planboard/app/officedoc"
	"planboard/domain"
)

// What the plan says can be trusted: an update from a file matches rows by
// what they say, changes nothing that exists unless ticked, shows what an
// item would lose, and can be undone from «Журнал плана».
func TestUpdateFromFileMatchesByText(t *testing.T) {
	e := newEnv(t)
	ctx, all := context.Background(), domain.Scope{All: true}
	dir, _, plan, items := importedMuseumPlan(t, e)
	base := fmt.Sprintf("/plans/%d", plan.ID)
	site, survey, meeting := items[1], items[2], items[0] // I.1 with two points, I.2, 0.1 (done)
	if site.Measure != "Обеспечить на сайте:" || survey.Measure != "Разместить анкету посетителя" || meeting.Status != domain.StatusDone {
		t.Fatalf("the plan's items: %+v", items)
	}
	// Work done on the items: a ticked point providing a НОК condition, evidence.
	if _, err := e.store.DB().NewRaw("UPDATE item_checklist SET done = true, condition_key = ? WHERE item_id = ? AND position = 2",
		domain.Cond11Site, site.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	director := must(e.store.UserByEmail(ctx, "director@example.org"))
	if err := e.store.AddAttachment(ctx, all, survey, director, &domain.Attachment{Kind: "link", URL: "https://museum.example/anketa"}); err != nil {
		t.Fatal(err)
	}
	y := strconv.Itoa(importYear)
	// The director's own file: rows numbered 1.1, 1.2… whatever the plan's order.
	doc, err := officedoc.DOCX(officedoc.Plan{Institution: "МБУК «Краеведческий музей»", Year: importYear, Sections: []officedoc.Section{
		{Title: "Организационные мероприятия", Rows: []officedoc.Row{
			{Number: "1", Measure: "Провести собрание коллектива", Deadline: "ноябрь " + y},
		}},
		{Roman: "I", Title: "Открытость и доступность информации об организации культуры", Rows: []officedoc.Row{
			{Number: "1.1", Measure: "Провести производственное собрание", Deadline: "март " + y},
			{Number: "1.2", Deficiency: "Нет обратной связи на сайте", Measure: "Обеспечить на сайте:", Checklist: []string{"форму обращения"},
				Deadline: "II квартал " + y},
			{Number: "1.3", Deficiency: "Нет анкеты", Measure: "Разместить анкету посетителя на сайте музея", Deadline: "до 30.06." + y},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	upload := func() (string, response) {
		t.Helper()
		dir.get(base)
		r := dir.postFile(base+"/update", url.Values{}, "file", "director-plan.docx", doc)
		mustStatus(t, r, http.StatusSeeOther)
		return r.Location, dir.get(r.Location)
	}
	upd, page := upload()
	mustStatus(t, page, http.StatusOK)
	for _, want := range []string{"новых строк — 1, изменённых — 3, без изменений — 0, нет в файле — 2",
		"Пропадут пункты", "раздел «Часто задаваемые вопросы»", "Пропадут условия НОК", "Меняется формулировка",
		"https://museum.example/anketa", "Мероприятие уже выполнено", "станет: Разместить анкету посетителя на сайте музея"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the update preview lacks %q", want)
		}
	}
	if c, _ := domain.LookupCondition(domain.Cond11Site); !strings.Contains(page.Body, c.Title) {
		t.Errorf("the preview does not name the condition lost: %q", c.Title)
	}
	for n, ticked := range map[int]bool{1: false, 2: true, 3: false, 4: false} {
		box := regexp.MustCompile(fmt.Sprintf(`<input type="checkbox" id="keep-%d"[^>]*>`, n)).FindString(page.Body)
		if box == "" || strings.Contains(box, " checked") != ticked {
			t.Errorf("row %d: %q, want ticked %v", n, box, ticked)
		}
	}
	// As the preview comes: only the new row.
	mustStatus(t, dir.post(upd, previewForm(t, page.Body)), http.StatusSeeOther)
	_, after := planOf(t, e, base)
	byID := map[int64]domain.Item{}
	var added domain.Item
	for _, it := range after {
		byID[it.ID] = it
		if it.Measure == "Провести производственное собрание" {
			added = it
		}
	}
	if len(after) != len(items)+1 || added.ID == 0 || len(added.Checklist) != 0 {
		t.Fatalf("after the first update: %d items, the new one %+v", len(after), added)
	}
	if it := byID[site.ID]; it.Measure != site.Measure || len(it.Checklist) != 2 || !it.Checklist[1].Done {
		t.Errorf("an unticked change touched I.1: %+v", it)
	}
	if it := byID[meeting.ID]; it.Deadline != meeting.Deadline || it.Status != domain.StatusDone {
		t.Errorf("an unticked change touched the done item: %+v", it)
	}
	// The same file again, the changes of I.1 and I.2 ticked.
	upd, page = upload()
	if !strings.Contains(page.Body, "новых строк — 0, изменённых — 3, без изменений — 1") {
		t.Errorf("the second preview: %s", between(page.Body, `role="status"`, "</p>"))
	}
	f := previewForm(t, page.Body)
	f.Set("keep-3", "1")
	f.Set("keep-4", "1")
	mustStatus(t, dir.post(upd, f), http.StatusSeeOther)
	if it := must(e.store.ItemWithAssignees(ctx, all, site.ID)); fmt.Sprint(checklistTexts(it)) != "[форму обращения]" {
		t.Errorf("the ticked checklist change: %v", checklistTexts(it))
	}
	if it := must(e.store.ItemWithAssignees(ctx, all, survey.ID)); it.Measure != "Разместить анкету посетителя на сайте музея" {
		t.Errorf("the ticked measure change: %q", it.Measure)
	}
	// «Журнал плана»: both updates with the file's name; the latest can be undone.
	body := dir.get(base).Body
	if n := strings.Count(body, "обновлён из файла «director-plan.docx»"); n != 2 {
		t.Errorf("the plan's log lists %d updates from the file", n)
	}
	links := regexp.MustCompile(base+`/file-updates/(\d+)/restore`).FindAllStringSubmatch(body, -1)
	if len(links) != 1 {
		t.Fatalf("restore links on the plan page: %v", links)
	}
	restore := links[0][0]
	mustStatus(t, e.login("staff@example.org").post(restore, url.Values{}), http.StatusForbidden)
	mustStatus(t, e.login("director2@example.org").get(restore), http.StatusNotFound)
	ask := dir.get(restore)
	mustStatus(t, ask, http.StatusOK)
	for _, want := range []string{"director-plan.docx", "Разместить анкету посетителя", "раздел «Часто задаваемые вопросы»", "Вернуть прежнюю версию"} {
		if !strings.Contains(ask.Body, want) {
			t.Errorf("the restore confirmation lacks %q", want)
		}
	}
	r := dir.post(restore, url.Values{})
	mustStatus(t, r, http.StatusSeeOther)
	if !strings.Contains(dir.get(r.Location).Body, "План возвращён к версии до обновления из файла «director-plan.docx».") {
		t.Error("no status message after the restore")
	}
	it := must(e.store.ItemWithAssignees(ctx, all, site.ID))
	if len(it.Checklist) != 2 || !it.Checklist[1].Done || it.Checklist[1].ConditionKey != domain.Cond11Site {
		t.Errorf("the restored checklist: %+v", it.Checklist)
	}
	if it := must(e.store.ItemWithAssignees(ctx, all, survey.ID)); it.Measure != survey.Measure {
		t.Errorf("the restored measure: %q", it.Measure)
	}
	mustStatus(t, dir.post(restore, url.Values{}), http.StatusConflict)
	// Then the first update: its new item goes.
	body = dir.get(base).Body
	if !strings.Contains(body, "возвращена версия до обновления из файла «director-plan.docx»") {
		t.Error("the log does not say the version was restored")
	}
	links = regexp.MustCompile(base+`/file-updates/(\d+)/restore`).FindAllStringSubmatch(body, -1)
	if len(links) != 1 || links[0][0] == restore {
		t.Fatalf("restore links after the first restore: %v", links)
	}
	mustStatus(t, dir.post(links[0][0], url.Values{}), http.StatusSeeOther)
	mustStatus(t, dir.get(fmt.Sprintf("/items/%d", added.ID)), http.StatusNotFound)
	if n := len(must(e.store.PlanItems(ctx, all, plan.ID))); n != len(items) {
		t.Errorf("%d items after both restores, want %d", n, len(items))
	}
}

// importedMuseumPlan is the museum's plan for importYear made from
// importDOCX by its director (signed in), with its items.
func importedMuseumPlan(t *testing.T, e *env) (dir *client, museumID int64, plan domain.Plan, items []domain.Item) {
	t.Helper()
	dir = e.login("director@example.org")
	museumID = e.institutionID(museum)
	path := uploadPlan(t, dir, museumID, "plan.docx", importDOCX(t, importYear))
	r := dir.post(path, previewForm(t, dir.get(path).Body))
	mustStatus(t, r, http.StatusSeeOther)
	plan, items = planOf(t, e, r.Location)
	return dir, museumID, plan, items
}

// A draft can be deleted after a confirmation naming what goes with it; an
// approved plan cannot and says why. A file for a year that has a draft
// offers, on its preview, to update that plan or to replace the draft.
func TestDeleteDraftAndImportOverIt(t *testing.T) {
	e := newEnv(t)
	dir, museumID, plan, items := importedMuseumPlan(t, e)
	base := fmt.Sprintf("/plans/%d", plan.ID)
	if !strings.Contains(dir.get(base).Body, base+"/delete") {
		t.Error("the draft's page does not link to its deletion")
	}
	year := strconv.Itoa(importYear)
	preview := uploadPlan(t, dir, museumID, "plan.docx", importDOCX(t, importYear))
	page := dir.get(preview)
	for _, want := range []string{"На " + year + " год у учреждения уже есть план", `href="` + base + `"`, "Обновить этот план",
		`href="` + base + "/delete?then=", "Заменить черновик", "Год взят из заголовка файла"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the preview over a draft lacks %q", want)
		}
	}
	// «Создать план» anyway: refused, the way out still there, the year's hint true.
	r := dir.post(preview, previewForm(t, page.Body))
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if strings.Contains(r.Body, "год не найден") || !strings.Contains(r.Body, "Год взят из заголовка файла") || !strings.Contains(r.Body, "Заменить черновик") {
		t.Error("the refused creation lost the year's hint or the way out")
	}
	// «Заменить черновик»: the deletion's confirmation, then back to the preview.
	del := base + "/delete?then=" + preview
	ask := dir.get(del)
	mustStatus(t, ask, http.StatusOK)
	for _, want := range []string{"Удалить черновик", "мероприятий — " + strconv.Itoa(len(items)), "пунктов мероприятий — 2", "нельзя отменить"} {
		if !strings.Contains(ask.Body, want) {
			t.Errorf("the deletion's confirmation lacks %q", want)
		}
	}
	mustStatus(t, e.login("staff@example.org").post(base+"/delete", url.Values{}), http.StatusForbidden)
	mustStatus(t, e.login("director2@example.org").post(base+"/delete", url.Values{}), http.StatusNotFound)
	r = dir.post(base+"/delete", url.Values{"then": {preview}})
	mustStatus(t, r, http.StatusSeeOther)
	if r.Location != preview {
		t.Fatalf("after the deletion went to %q", r.Location)
	}
	page = dir.get(preview)
	if !strings.Contains(page.Body, "План «"+plan.Title+"» удалён.") || strings.Contains(page.Body, "уже есть план") {
		t.Error("the preview after the deletion")
	}
	mustStatus(t, dir.get(base), http.StatusNotFound)
	var audits int
	if err := e.store.DB().NewRaw("SELECT count(*) FROM audit_log WHERE action = ? AND detail = ?", domain.AuditPlanDeleted, plan.Title).
		Scan(context.Background(), &audits); err != nil || audits != 1 {
		t.Errorf("audit rows of the deletion: %d (%v)", audits, err)
	}
	r = dir.post(preview, previewForm(t, page.Body))
	mustStatus(t, r, http.StatusSeeOther)
	again, _ := planOf(t, e, r.Location)
	// «Обновить этот план» turns a new plan's file into an update of the year's plan.
	preview = uploadPlan(t, dir, museumID, "plan.docx", importDOCX(t, importYear))
	r = dir.post(preview, url.Values{"update_plan": {itoa(again.ID)}})
	mustStatus(t, r, http.StatusSeeOther)
	if !regexp.MustCompile(fmt.Sprintf(`^/plans/%d/update/\d+$`, again.ID)).MatchString(r.Location) {
		t.Fatalf("«Обновить этот план» went to %q", r.Location)
	}
	if p := dir.get(r.Location); !strings.Contains(p.Body, "без изменений — "+strconv.Itoa(len(items))) {
		t.Errorf("the update's preview: %s", between(p.Body, `role="status">`, "</p>"))
	}
	// An approved plan cannot be deleted, and says why.
	lib := fmt.Sprintf("/plans/%d/delete", e.planID(library))
	dir2 := e.login("director2@example.org")
	if p := dir2.get(lib); !strings.Contains(p.Body, "Утверждённый план удалить нельзя") || strings.Contains(p.Body, `action="`+lib) {
		t.Error("the approved plan's deletion page")
	}
	mustStatus(t, dir2.post(lib, url.Values{}), http.StatusConflict)
}

// The public report and every export print in 5а/5б only work the
// director accepted; an open item past its deadline says so in words, and
// the header counts such items.
func TestPublicReportShowsOnlyAcceptedWork(t *testing.T) {
	e := newEnv(t)
	ctx, all := context.Background(), domain.Scope{All: true}
	planID := e.planID(library)
	items := must(e.store.PlanItems(ctx, all, planID))
	var review, late *domain.Item
	for i := range items {
		switch {
		case items[i].Status == domain.StatusCancelled:
		case review == nil:
			review = &items[i]
		case late == nil && items[i].Status != domain.StatusDone:
			late = &items[i]
		}
	}
	if review == nil || late == nil {
		t.Fatal("the library's plan lacks items to work with")
	}
	due := e.today().AddDays(-20)
	db := e.store.DB()
	if _, err := db.NewRaw(`UPDATE items SET status = 'review', implemented = 'Ждёт проверки: стенд заказан', completed_on = ? WHERE id = ?`,
		e.today().AddDays(-1).String(), review.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.NewRaw(`UPDATE items SET status = 'planned', implemented = '', completed_on = NULL, deadline_kind = 'date', deadline_date = ?,
		recur_kind = '' WHERE id = ?`, due.String(), late.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	dir := e.login("director2@example.org")
	dir.get(fmt.Sprintf("/plans/%d", planID))
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/publish", planID), url.Values{}), http.StatusSeeOther)
	anon := e.client()
	self := fmt.Sprintf("/p/centralnaya-biblioteka/%d", must(e.store.Plan(ctx, all, planID)).Year)
	page := anon.get(self)
	mustStatus(t, page, http.StatusOK)
	words := "срок прошёл " + due.Russian()
	if strings.Contains(page.Body, "Ждёт проверки: стенд заказан") {
		t.Error("the public page publishes work awaiting review as implemented")
	}
	if !strings.Contains(page.Body, words) {
		t.Errorf("the public page does not say %q", words)
	}
	var report domain.PublicReport
	if err := json.Unmarshal([]byte(anon.get(self+".json").Body), &report); err != nil {
		t.Fatal(err)
	}
	if report.Total.Overdue == 0 || !strings.Contains(page.Body, fmt.Sprintf("просрочено: <strong>%d</strong>", report.Total.Overdue)) {
		t.Errorf("the header does not count the %d overdue items", report.Total.Overdue)
	}
	for _, s := range report.Sections {
		for _, r := range s.Rows {
			if r.Status != domain.StatusDone && (r.Implemented != "" || r.CompletedOn != "") {
				t.Errorf("row %s (%s) carries 5а/5б: %q %q", r.Number, r.Status, r.Implemented, r.CompletedOn)
			}
		}
	}
	for _, f := range []string{self + ".csv", fmt.Sprintf("/plans/%d/export.csv", planID)} {
		c := anon
		if strings.HasPrefix(f, "/plans/") {
			c = dir
		}
		body := c.get(f).Body
		if strings.Contains(body, "Ждёт проверки: стенд заказан") || !strings.Contains(body, words) {
			t.Errorf("%s: 5а of the item awaiting review or the overdue one", f)
		}
	}
}

// Sending a plan to the founder lists, with links to the items, what is
// worth a look first: nobody responsible, a deadline outside the plan's
// year, a measure repeated; sending stays possible.
func TestSubmitConfirmationWarns(t *testing.T) {
	e := newEnv(t)
	ctx, all := context.Background(), domain.Scope{All: true}
	planID := e.planID(museum)
	plan := must(e.store.Plan(ctx, all, planID))
	items := must(e.store.PlanItems(ctx, all, planID))
	if plan.Status != domain.PlanDraft || len(items) < 3 {
		t.Fatalf("the museum's plan: %s, %d items", plan.Status, len(items))
	}
	db := e.store.DB()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"UPDATE items SET assignee_id = NULL, responsible_name = '', responsible_position = '' WHERE id = ?", []any{items[0].ID}},
		{"DELETE FROM item_assignees WHERE item_id = ?", []any{items[0].ID}},
		{"UPDATE items SET deadline_kind = 'date', deadline_date = ?, recur_kind = '' WHERE id = ?", []any{fmt.Sprintf("%d-02-01", plan.Year+1), items[1].ID}},
		{"UPDATE items SET measure = upper(?) || '.' WHERE id = ?", []any{items[0].Measure, items[2].ID}},
	} {
		if _, err := db.NewRaw(q.sql, q.args...).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	dir := e.login("director@example.org")
	page := dir.get(fmt.Sprintf("/plans/%d/submit", planID))
	mustStatus(t, page, http.StatusOK)
	for _, want := range []string{"Перед отправкой стоит проверить (",
		fmt.Sprintf(`<a href="/items/%d">Не указан ответственный`, items[0].ID),
		fmt.Sprintf(`<a href="/items/%d">Срок за пределами %d года (01.02.%d)`, items[1].ID, plan.Year, plan.Year+1),
		fmt.Sprintf(`<a href="/items/%d">Мероприятие повторяет другое`, items[2].ID),
		fmt.Sprintf(`action="/plans/%d/submit"`, planID)} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the send confirmation lacks %q in %s", want, between(page.Body, `id="warnings-title">`, "</ul>"))
		}
	}
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/submit", planID), url.Values{"confirm": {"1"}}), http.StatusSeeOther)
}

// A progress report's period is the one running today («IV квартал» in
// December), and the institution may recall a report until the founder
// decides, then report that period again.
func TestProgressReportPeriodAndRecall(t *testing.T) {
	e := newEnv(t)
	ctx, all := context.Background(), domain.Scope{All: true}
	planID := e.planID(library)
	plan := must(e.store.Plan(ctx, all, planID))
	var rid int64
	var period string
	if err := e.store.DB().NewRaw("SELECT id, period FROM progress_reports WHERE plan_id = ? AND status = 'submitted'", planID).
		Scan(ctx, &rid, &period); err != nil {
		t.Fatalf("the demo's report awaiting the founder: %v", err)
	}
	dir := e.login("director2@example.org")
	want := "year"
	switch today := e.today(); {
	case today.Year == plan.Year:
		want = fmt.Sprintf("q%d", (int(today.Month)+2)/3)
	case today.Year < plan.Year:
		want = "q1"
	}
	page := dir.get(fmt.Sprintf("/plans/%d/approval", planID))
	if !strings.Contains(page.Body, `<option value="`+want+`" selected>`) {
		t.Errorf("the report's period is not %s by default", want)
	}
	report := fmt.Sprintf("/plans/%d/reports/%d", planID, rid)
	if !strings.Contains(dir.get(report).Body, report+"/recall") {
		t.Error("the report awaiting the founder offers no recall")
	}
	mustStatus(t, e.login("staff2@example.org").post(report+"/recall", url.Values{}), http.StatusForbidden)
	mustStatus(t, e.login("founder@example.org").post(report+"/recall", url.Values{}), http.StatusForbidden)
	dir.get(report)
	r := dir.post(report+"/recall", url.Values{})
	mustStatus(t, r, http.StatusSeeOther)
	if body := dir.get(r.Location).Body; !strings.Contains(body, "Отчёт отозван.") || !strings.Contains(body, "отозван руководителем") ||
		strings.Contains(body, report+"/recall") {
		t.Error("the recalled report's page")
	}
	if !strings.Contains(dir.get(fmt.Sprintf("/plans/%d", planID)).Body, "отчёт отозван руководителем до решения учредителя") {
		t.Error("the plan's log does not show the recall")
	}
	for _, d := range must(e.store.AwaitingDecisions(ctx, all)) {
		if d.Kind == "report" && d.PlanID == planID {
			t.Error("the recalled report still waits for the founder")
		}
	}
	mustStatus(t, dir.post(report+"/recall", url.Values{}), http.StatusConflict)
	dir.get(fmt.Sprintf("/plans/%d/approval", planID))
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/reports", planID), url.Values{"period": {period}}), http.StatusSeeOther)
}

// The founder's counters agree with the list «Ждут решения» under them
// whatever year the dashboard shows, and its times are the institutions'.
func TestFounderCountersAgreeAndLocalTimes(t *testing.T) {
	e := newEnv(t)
	planID := e.planID(museum)
	plan := must(e.store.Plan(context.Background(), domain.Scope{All: true}, planID))
	dir := e.login("director@example.org")
	dir.get(fmt.Sprintf("/plans/%d/submit", planID))
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/submit", planID), url.Values{"confirm": {"1"}}), http.StatusSeeOther)
	founder := e.login("founder@example.org")
	for _, year := range []int{plan.Year, plan.Year + 1} {
		page := founder.get(fmt.Sprintf("/founder?year=%d", year))
		mustStatus(t, page, http.StatusOK)
		list := between(page.Body, `id="h-awaiting"`, "</section>")
		plans, reports := strings.Count(list, ">План на "), strings.Count(list, ">Отчёт за ")
		if plans == 0 {
			t.Fatalf("%d: the submitted plan is not in «Ждут решения»: %s", year, list)
		}
		if !strings.Contains(page.Body, fmt.Sprintf("Планов на утверждении: <strong>%d</strong>", plans)) ||
			!strings.Contains(page.Body, fmt.Sprintf("<strong>%d</strong>", reports)) {
			t.Errorf("%d: the counters disagree with the list of %d plans and %d reports: %s", year, plans, reports,
				between(page.Body, "Планов на утверждении", "</p>"))
		}
		if local := e.now.In(demoZone).Format("02.01.2006 15:04"); !strings.Contains(list, "с "+local) {
			t.Errorf("%d: the submission's time is not shown as %s in the institution's zone: %s", year, local, list)
		}
	}
}

// The founder's approval page shows the whole plan before the decision,
// which comes at its end; the mail that brought the founder there names
// the institution by its short name.
func TestApprovalPageShowsTheWholePlan(t *testing.T) {
	e := newEnv(t)
	ctx, all := context.Background(), domain.Scope{All: true}
	planID := e.planID(museum)
	items := must(e.store.PlanItems(ctx, all, planID))
	dir := e.login("director@example.org")
	dir.get(fmt.Sprintf("/plans/%d/submit", planID))
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/submit", planID), url.Values{"confirm": {"1"}}), http.StatusSeeOther)
	// The founder's mail names the institution by its short name, whole.
	var subjects []string
	if err := e.store.DB().NewRaw("SELECT subject FROM mail_outbox WHERE kind = ?", domain.MailPlanSubmitted).Scan(ctx, &subjects); err != nil ||
		len(subjects) == 0 {
		t.Fatalf("no mail of the submission (%v)", err)
	}
	for _, s := range subjects {
		if !strings.Contains(s, "МБУК «Краеведческий музей»") || strings.Contains(s, "…") {
			t.Errorf("the submission's subject: %q", s)
		}
	}
	page := e.login("founder@example.org").get(fmt.Sprintf("/plans/%d/approval", planID))
	mustStatus(t, page, http.StatusOK)
	whole, decide := strings.Index(page.Body, `id="h-whole"`), strings.Index(page.Body, `id="h-decide"`)
	if whole < 0 || decide < whole {
		t.Fatalf("the whole plan (%d) is not before the decision (%d)", whole, decide)
	}
	for _, it := range items {
		if it.Status != domain.StatusCancelled && !strings.Contains(page.Body[whole:decide], template.HTMLEscapeString(it.Measure)) {
			t.Errorf("the approval page lacks the measure %q", it.Measure)
		}
	}
}

// A responsible person kept as text (no account) is edited on the item,
// and linked to an account by choosing the member, who then gets the
// assignment mail.
func TestPersonKeptAsTextIsEditedAndLinked(t *testing.T) {
	e := newEnv(t)
	ctx, all := context.Background(), domain.Scope{All: true}
	dir, _, _, items := importedMuseumPlan(t, e)
	it := items[2] // I.2: «Петренко П.П., завхоз», no account
	if it.ResponsibleName != "Петренко П.П." || it.AssigneeID != 0 {
		t.Fatalf("the item kept as text: %+v", it)
	}
	edit := itemURL(it.ID) + "/edit"
	page := dir.get(edit)
	if !strings.Contains(page.Body, `name="responsible_name" value="Петренко П.П."`) ||
		!strings.Contains(page.Body, `name="responsible_position" value="завхоз"`) {
		t.Fatal("the item's form does not offer the person kept as text")
	}
	form := func(version int, assignee string, name string) url.Values {
		return url.Values{"section": {string(it.Section)}, "deficiency": {it.Deficiency}, "measure": {it.Measure},
			"deadline": {it.Deadline.OfficialText()}, "deadline_kind": {it.Deadline.FormKind()}, "priority": {"2"},
			"version": {strconv.Itoa(version)}, "assignee": {assignee}, "responsible_name": {name}, "responsible_position": {"заведующий хозяйством"}}
	}
	mustStatus(t, dir.post(edit, form(it.Version, "0", "Петренко Пётр Петрович")), http.StatusSeeOther)
	got := must(e.store.ItemWithAssignees(ctx, all, it.ID))
	if got.ResponsibleText() != "Петренко Пётр Петрович, заведующий хозяйством" {
		t.Fatalf("the edited person: %q", got.ResponsibleText())
	}
	staff := e.userID("staff@example.org")
	dir.get(edit)
	mustStatus(t, dir.post(edit, form(got.Version, strconv.FormatInt(staff, 10), got.ResponsibleName)), http.StatusSeeOther)
	got = must(e.store.ItemWithAssignees(ctx, all, it.ID))
	if got.AssigneeID != staff || got.ResponsibleText() != "" {
		t.Errorf("linked to the account: assignee %d, text %q", got.AssigneeID, got.ResponsibleText())
	}
	var mails int
	if err := e.store.DB().NewRaw("SELECT count(*) FROM mail_outbox WHERE recipient_id = ? AND kind = ?", staff, domain.MailAssigned).
		Scan(ctx, &mails); err != nil || mails == 0 {
		t.Errorf("no assignment mail to the linked account (%v)", err)
	}
	if strings.Contains(dir.get(edit).Body, `name="responsible_name"`) {
		t.Error("the linked item still offers a person kept as text")
	}
}

// fileUpdateOf records an update of a plan from a file that changed
// nothing, as «Журнал плана» keeps it, and returns its id.
func fileUpdateOf(t *testing.T, e *env, planID int64) int64 {
	t.Helper()
	var id int64
	err := e.store.DB().NewRaw(`INSERT INTO plan_file_updates (plan_id, institution_id, at, actor_name, file_name)
		SELECT id, institution_id, ?, 'Иванов Сергей Петрович', 'plan.docx' FROM plans WHERE id = ? RETURNING id`, e.now, planID).
		Scan(context.Background(), &id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
