package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planboard/app/docimport"
	"planboard/app/internal/lotest"
	"planboard/app/officedoc"
	"planboard/domain"
)

// Plans from and to Word and Excel files (docs/plan-files.md), through the real app:
// the upload, the preview, the confirmation, the plan as stored.

// importYear is the year of the imported plans: the year after the demo's,
// which has no plan yet.
var importYear = demoYear + 1

// importDOCX is a plan in the official form as the Word writer makes it:
// a member of the museum (matched by full name), a person without an
// account, a done row (5а/5б), a checklist, deadlines written as people do.
func importDOCX(t *testing.T, year int) []byte {
	t.Helper()
	y := strconv.Itoa(year)
	doc, err := officedoc.DOCX(officedoc.Plan{Institution: "МБУК «Краеведческий музей»", Year: year,
		Approval: officedoc.Approval{Position: "Начальник управления культуры", Name: "П.П. Петров", Date: "15.01." + y},
		Sections: []officedoc.Section{
			{Title: "Организационные мероприятия", Rows: []officedoc.Row{
				{Number: "0.1", Measure: "Провести собрание коллектива", Deadline: "декабрь", Responsible: "Иванов Сергей Петрович, Директор",
					Implemented: "Собрание проведено, протокол № 1", CompletedOn: "20.01." + y},
			}},
			{Roman: "I", Title: "Открытость и доступность информации об организации культуры", Rows: []officedoc.Row{
				{Number: "I.1", Deficiency: "Нет обратной связи на сайте", Measure: "Обеспечить на сайте:",
					Checklist: []string{"форму обращения", "раздел «Часто задаваемые вопросы»"}, Deadline: "II квартал " + y,
					Responsible: "Смирнова Анна Игоревна, Научный сотрудник"},
				{Number: "I.2", Deficiency: "Нет анкеты", Measure: "Разместить анкету посетителя", Deadline: "до 30.06." + y,
					Responsible: "Петренко П.П., завхоз"},
			}},
			{Roman: "II", Title: "Комфортность условий предоставления услуг", Rows: []officedoc.Row{
				{Number: "II.1", Measure: "Проводить опрос посетителей", Deadline: "ежеквартально", Responsible: "Смирнова А.И."},
				{Number: "II.2", Measure: "Установить кулер с питьевой водой", Deadline: "постоянно"},
			}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// importXLSX is a plan table in a workbook as a person would type it, with
// one deadline nobody can read.
func importXLSX(t *testing.T, year int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Sheet1"
	y := strconv.Itoa(year)
	rows := [][]string{
		{"", "", "", "", "", "УТВЕРЖДАЮ"},
		{"", "", "", "", "", "Начальник управления культуры"},
		{"", "", "", "", "", "_________ П.П. Петров"},
		{"ПЛАН по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, МБУК «Краеведческий музей» на " + y + " год"},
		append([]string{"№ п/п"}, domain.OfficialColumns...),
		{"I. Открытость и доступность информации об организации культуры"},
		{"1.1", "Нет версии для слабовидящих", "Сделать версию сайта для слабовидящих", "когда-нибудь", "Петренко П.П., завхоз", "", ""},
		{"1.2", "", "Опубликовать результаты НОК", "до 01.03." + y, "Смирнова А.И., научный сотрудник", "Опубликованы на сайте", "15.02." + y},
		{"III. Доступность услуг для инвалидов"},
		{"3.1", "Нет пандуса", "Установить пандус", "III квартал " + y, "", "", ""},
	}
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr(sh, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, r := range []int{4, 6, 9} {
		if err := f.MergeCell(sh, fmt.Sprintf("A%d", r), fmt.Sprintf("G%d", r)); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var previewPath = regexp.MustCompile(`^/plans/import/(\d+)$`)

// uploadPlan sends a file from «Новый план» and returns its preview's path.
func uploadPlan(t *testing.T, c *client, inst int64, name string, data []byte) string {
	t.Helper()
	c.get("/plans/new")
	r := c.postFile("/plans/import", url.Values{"institution": {itoa(inst)}}, "file", name, data)
	mustStatus(t, r, http.StatusSeeOther)
	if !previewPath.MatchString(r.Location) {
		t.Fatalf("upload went to %q", r.Location)
	}
	return r.Location
}

// previewForm is what the preview's form sends as rendered: every field
// with its value, every ticked box.
func previewForm(t *testing.T, body string) url.Values {
	t.Helper()
	f := url.Values{}
	for _, m := range regexp.MustCompile(`<input [^>]*>`).FindAllString(body, -1) {
		a := attrs(m)
		if a["name"] == "" || a["name"] == "_csrf" || a["type"] == "file" {
			continue
		}
		if a["type"] == "checkbox" && !strings.Contains(m, " checked") {
			continue
		}
		f.Set(a["name"], a["value"])
	}
	for _, m := range textareaRe.FindAllStringSubmatch(body, -1) {
		f.Set(attrs(m[1])["name"], htmlUnescape(m[2]))
	}
	return f
}

func htmlUnescape(s string) string {
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&amp;", "&")
	return r.Replace(s)
}

// planOf returns the plan a confirmation redirected to, with its items.
func planOf(t *testing.T, e *env, location string) (domain.Plan, []domain.Item) {
	t.Helper()
	m := regexp.MustCompile(`^/plans/(\d+)`).FindStringSubmatch(location)
	if m == nil {
		t.Fatalf("confirmation went to %q", location)
	}
	id := atoi(m[1])
	ctx, all := context.Background(), domain.Scope{All: true}
	plan, err := e.store.Plan(ctx, all, id)
	if err != nil {
		t.Fatal(err)
	}
	items := must(e.store.PlanItems(ctx, all, id))
	for i := range items {
		items[i] = must(e.store.ItemWithAssignees(ctx, all, items[i].ID))
	}
	return plan, items
}

func checklistTexts(it domain.Item) []string {
	var out []string
	for _, p := range it.Checklist {
		out = append(out, p.Text)
	}
	return out
}

func countRows(t *testing.T, e *env, table string) int {
	t.Helper()
	var n int
	if err := e.store.DB().NewRaw("SELECT count(*) FROM "+table).Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A .docx in the official form through the preview and the confirmation:
// every row understood, the plan created field by field.
func TestImportDOCXCreatesThePlan(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	museumID := e.institutionID(museum)
	path := uploadPlan(t, dir, museumID, "план.docx", importDOCX(t, importYear))
	r := dir.get(path)
	mustStatus(t, r, http.StatusOK)
	y := strconv.Itoa(importYear)
	for _, want := range []string{`role="status"`, "план.docx", "строк с мероприятиями — 5", "УТВЕРЖДАЮ", "П.П. Петров",
		"Обеспечить на сайте:", "форму обращения", `value="II квартал ` + y + `"`, "Понято как: II квартал " + y,
		`value="до 30.06.` + y + `"`, "Понято как: 30.06." + y, `value="постоянно"`, "ежеквартально",
		"сотрудник: Смирнова Анна Игоревна", "сотрудник: Иванов Сергей Петрович", "Петренко П.П., завхоз", "нет учётной записи",
		"Собрание проведено, протокол № 1", "20.01." + y, "будет отмечено выполненным", "Создать план", `name="keep-5"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	form := previewForm(t, r.Body)
	if form.Get("year") != y || form.Get("keep-1") == "" {
		t.Fatalf("preview form %v", form)
	}
	form.Set("title", "План из Word")
	r = dir.post(path, form)
	mustStatus(t, r, http.StatusSeeOther)
	plan, items := planOf(t, e, r.Location)
	if plan.InstitutionID != museumID || plan.Year != importYear || plan.Title != "План из Word" || plan.Status != domain.PlanDraft ||
		plan.PeriodStart != domain.NewDate(importYear, 1, 1) || plan.PeriodEnd != domain.NewDate(importYear, 12, 31) {
		t.Errorf("plan %+v", plan)
	}
	if a := docimport.ParseApproval(plan.ApprovalText); a == nil || a.Position != "Начальник управления культуры" ||
		a.Name != "П.П. Петров" || a.Date != domain.NewDate(importYear, 1, 15) {
		t.Errorf("approval text %q", plan.ApprovalText)
	}
	if len(items) != 5 {
		t.Fatalf("%d items", len(items))
	}
	director, staff := e.userID("director@example.org"), e.userID("staff@example.org")
	type want struct {
		section     domain.Section
		measure     string
		deficiency  string
		checklist   []string
		deadline    domain.Deadline
		recur       domain.RecurrenceKind
		assignee    int64
		name, pos   string
		status      domain.ItemStatus
		implemented string
		completed   domain.Date
	}
	wants := []want{
		{domain.SectionOrg, "Провести собрание коллектива", "", nil, domain.MonthDeadline(importYear, 12), "", director, "", "",
			domain.StatusDone, "Собрание проведено, протокол № 1", domain.NewDate(importYear, 1, 20)},
		{domain.Section1, "Обеспечить на сайте:", "Нет обратной связи на сайте", []string{"форму обращения", "раздел «Часто задаваемые вопросы»"},
			domain.QuarterDeadline(importYear, 2), "", staff, "", "", domain.StatusPlanned, "", domain.Date{}},
		{domain.Section1, "Разместить анкету посетителя", "Нет анкеты", nil, domain.DateDeadline(domain.NewDate(importYear, 6, 30)), "", 0,
			"Петренко П.П.", "завхоз", domain.StatusPlanned, "", domain.Date{}},
		{domain.Section2, "Проводить опрос посетителей", "", nil, domain.Ongoing, domain.RecurQuarterly, staff, "", "", domain.StatusPlanned, "", domain.Date{}},
		{domain.Section2, "Установить кулер с питьевой водой", "", nil, domain.Ongoing, "", 0, "", "", domain.StatusPlanned, "", domain.Date{}},
	}
	for i, w := range wants {
		it := items[i]
		got := want{it.Section, it.Measure, it.Deficiency, checklistTexts(it), it.Deadline, it.Recurrence.Kind, it.AssigneeID,
			it.ResponsibleName, it.ResponsiblePosition, it.Status, it.Implemented, it.CompletedOn}
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("item %d:\n got %+v\nwant %+v", i+1, got, w)
		}
	}
	occ := must(e.store.Occurrences(context.Background(), items[3]))
	if len(occ) != 4 {
		t.Errorf("the quarterly item has %d occurrences, want 4", len(occ))
	}
	// The plan page says what happened; the board shows the items, the
	// person without an account by name.
	page := dir.get(r.Location)
	if !strings.Contains(page.Body, `role="status">План создан из файла: мероприятий — 5.`) {
		t.Error("no status message after the import")
	}
	board := dir.get(fmt.Sprintf("/plans/%d/board", plan.ID))
	for _, want := range []string{"Обеспечить на сайте:", "Установить кулер с питьевой водой", "Петренко П.П., завхоз (без учётной записи)"} {
		if !strings.Contains(board.Body, want) {
			t.Errorf("the board lacks %q", want)
		}
	}
	if it := dir.get(itemURL(items[2].ID)); !strings.Contains(it.Body, "Петренко П.П., завхоз (без учётной записи)") {
		t.Error("the item page does not show the responsible person without an account")
	}
	// The upload is used up: a second confirmation finds nothing.
	mustStatus(t, dir.post(path, form), http.StatusNotFound)
	if n := countRows(t, e, "plan_imports"); n != 0 {
		t.Errorf("%d uploads left", n)
	}
}

// An .xlsx with a deadline nobody can read: the confirmation is refused and
// creates nothing, the error links to the field; fixed inline, with a row
// dropped and a responsible person retyped, the plan is created.
func TestImportXLSXWithCorrections(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	path := uploadPlan(t, dir, e.institutionID(museum), "plan.xlsx", importXLSX(t, importYear))
	r := dir.get(path)
	mustStatus(t, r, http.StatusOK)
	for _, want := range []string{"Срок не распознан: «когда-нибудь».", `href="#row-1-deadline"`, "Опубликованы на сайте",
		"сотрудник: Смирнова Анна Игоревна", "Доступность услуг для инвалидов"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	plans := countRows(t, e, "plans")
	form := previewForm(t, r.Body)
	r = dir.post(path, form)
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `<a href="#row-1-deadline">Строка 1: срок не распознан`) || !strings.Contains(r.Body, `id="row-1-deadline"`) {
		t.Error("the refusal does not link to the deadline field")
	}
	if countRows(t, e, "plans") != plans {
		t.Fatal("a refused confirmation created a plan")
	}
	// «Проверить» shows how the corrections are read, and creates nothing.
	y := strconv.Itoa(importYear)
	form.Set("deadline-1", "IV квартал "+y)
	form.Set("responsible-1", "Смирнова А.И., научный сотрудник")
	form.Del("keep-3")
	form.Set("check", "1")
	r = dir.post(path, form)
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.Body, "Проверено: будет создано мероприятий — 2 из 3.") || !strings.Contains(r.Body, "Понято как: IV квартал "+y) {
		t.Error("the check does not show the corrections")
	}
	if countRows(t, e, "plans") != plans {
		t.Fatal("a check created a plan")
	}
	form.Del("check")
	r = dir.post(path, form)
	mustStatus(t, r, http.StatusSeeOther)
	plan, items := planOf(t, e, r.Location)
	if plan.Year != importYear || !strings.Contains(plan.ApprovalText, "П.П. Петров") {
		t.Errorf("plan %+v", plan)
	}
	staff := e.userID("staff@example.org")
	if len(items) != 2 {
		t.Fatalf("%d items", len(items))
	}
	if it := items[0]; it.Section != domain.Section1 || it.Measure != "Сделать версию сайта для слабовидящих" ||
		it.Deadline != domain.QuarterDeadline(importYear, 4) || it.AssigneeID != staff || it.ResponsibleName != "" {
		t.Errorf("item 1 %+v", it)
	}
	if it := items[1]; it.Measure != "Опубликовать результаты НОК" || it.Status != domain.StatusDone ||
		it.Implemented != "Опубликованы на сайте" || it.CompletedOn != domain.NewDate(importYear, 2, 15) ||
		it.Deadline != domain.DateDeadline(domain.NewDate(importYear, 3, 1)) {
		t.Errorf("item 2 %+v", it)
	}
}

// Files that are not a plan are refused on the upload with the reader's
// message; nothing is stored, nothing is created.
func TestImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	museumID := e.institutionID(museum)
	odt := func(mime string) []byte {
		var buf bytes.Buffer
		z := zip.NewWriter(&buf)
		w, _ := z.Create("mimetype")
		w.Write([]byte(mime))
		w, _ = z.Create("content.xml")
		w.Write([]byte("<office:document-content/>"))
		z.Close()
		return buf.Bytes()
	}
	noTable, err := officedoc.DOCX(officedoc.Plan{Institution: "Музей", Year: importYear})
	if err != nil {
		t.Fatal(err)
	}
	plans := countRows(t, e, "plans")
	for _, tc := range []struct {
		name string
		data []byte
		says string
	}{
		{"plan.odt", odt("application/vnd.oasis.opendocument.text"), "OpenDocument (.odt)"},
		{"plan.ods", odt("application/vnd.oasis.opendocument.spreadsheet"), "OpenDocument (.ods)"},
		{"plan.pdf", []byte("%PDF-1.4 ..."), "Это PDF"},
		{"plan.txt", []byte("просто текст"), "Читаются форматы .docx и .xlsx"},
		{"empty.docx", noTable, "нет ни одного мероприятия"},
	} {
		dir.get("/plans/new")
		r := dir.postFile("/plans/import", url.Values{"institution": {itoa(museumID)}}, "file", tc.name, tc.data)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.says) || !strings.Contains(r.Body, `href="#import-file"`) {
			t.Errorf("%s: %d, want 422 saying %q\n%s", tc.name, r.Status, tc.says, r.Body)
		}
	}
	dir.get("/plans/new")
	r := dir.post("/plans/import", url.Values{"institution": {itoa(museumID)}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Выберите файл .docx или .xlsx.") {
		t.Errorf("no file: %d", r.Status)
	}
	if countRows(t, e, "plan_imports") != 0 || countRows(t, e, "plans") != plans {
		t.Error("a refused file was stored or created a plan")
	}
	// The page says which formats are read.
	if !strings.Contains(dir.get("/plans/new").Body, "Читаются файлы Word (.docx) и Excel (.xlsx)") {
		t.Error("«Новый план» does not say which formats are read")
	}
	// An upload is its uploader's only: nobody else sees or confirms it.
	path := uploadPlan(t, dir, museumID, "plan.docx", importDOCX(t, importYear))
	for _, who := range []string{"director2@example.org", "staff@example.org", "admin@example.org", "founder@example.org"} {
		c := e.login(who)
		mustStatus(t, c.get(path), http.StatusNotFound)
		mustStatus(t, c.post(path, url.Values{"keep-1": {"1"}, "year": {strconv.Itoa(importYear)}, "title": {"x"}}), http.StatusNotFound)
	}
	// It expires after an hour.
	e.now = e.now.Add(domain.PlanImportTTL + 1)
	mustStatus(t, dir.get(path), http.StatusNotFound)
	if countRows(t, e, "plans") != plans {
		t.Error("a plan was created")
	}
}

// Export a plan as .docx and as .xlsx, import each file again: the same plan.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	museumID := e.institutionID(museum)
	path := uploadPlan(t, dir, museumID, "plan.docx", importDOCX(t, importYear))
	form := previewForm(t, dir.get(path).Body)
	r := dir.post(path, form)
	mustStatus(t, r, http.StatusSeeOther)
	orig, origItems := planOf(t, e, r.Location)
	for i, ext := range []string{"docx", "xlsx"} {
		file := dir.get(fmt.Sprintf("/plans/%d/export.%s", orig.ID, ext))
		mustStatus(t, file, http.StatusOK)
		year := importYear + 1 + i
		back := uploadPlan(t, dir, museumID, "back."+ext, []byte(file.Body))
		page := dir.get(back)
		f := previewForm(t, page.Body)
		f.Set("year", strconv.Itoa(year))
		r := dir.post(back, f)
		mustStatus(t, r, http.StatusSeeOther)
		plan, items := planOf(t, e, r.Location)
		a, b := docimport.ParseApproval(orig.ApprovalText), docimport.ParseApproval(plan.ApprovalText)
		if a == nil || b == nil || a.Position != b.Position || a.Name != b.Name || a.Date != b.Date {
			t.Errorf("%s: approval %q, want %q", ext, plan.ApprovalText, orig.ApprovalText)
		}
		if len(items) != len(origItems) {
			t.Fatalf("%s: %d items, want %d", ext, len(items), len(origItems))
		}
		for j, it := range items {
			o := origItems[j]
			same := it.Section == o.Section && it.Measure == o.Measure && it.Deficiency == o.Deficiency && it.Deadline == o.Deadline &&
				it.AssigneeID == o.AssigneeID && it.ResponsibleText() == o.ResponsibleText() && it.Status == o.Status &&
				it.Implemented == o.Implemented && it.CompletedOn == o.CompletedOn
			if ext == "docx" { // the .xlsx form has no bullet points under a measure
				same = same && strings.Join(checklistTexts(it), "|") == strings.Join(checklistTexts(o), "|")
			}
			if !same {
				t.Errorf("%s item %d:\n got %+v\nwant %+v", ext, j+1, it, o)
			}
		}
	}
}

// Every plan, draft included, has its files and print view for everyone
// who may see it; the files are the official form.
func TestLivePlanFilesAndPrint(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	demoPlan := e.planID(museum)
	dir := e.login("director@example.org")
	path := uploadPlan(t, dir, e.institutionID(museum), "plan.docx", importDOCX(t, importYear))
	r := dir.post(path, previewForm(t, dir.get(path).Body))
	mustStatus(t, r, http.StatusSeeOther)
	plan, _ := planOf(t, e, r.Location)
	base := fmt.Sprintf("/plans/%d", plan.ID)
	page := dir.get(base)
	for _, link := range []string{"/print", "/export.docx", "/export.xlsx", "/export.pdf", "/export.csv"} {
		if !strings.Contains(page.Body, `href="`+base+link+`"`) {
			t.Errorf("the plan page has no link to %s", link)
		}
	}
	staff := e.login("staff@example.org")
	for ext, mime := range map[string]string{"docx": "wordprocessingml", "xlsx": "spreadsheetml", "pdf": "application/pdf", "csv": "text/csv"} {
		r := staff.get(base + "/export." + ext)
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), mime) ||
			!strings.Contains(r.Header.Get("Content-Disposition"), "plan-"+museum+"-"+strconv.Itoa(importYear)+"."+ext) {
			t.Errorf("%s: %d %s %s", ext, r.Status, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
		}
	}
	csv := staff.get(base + "/export.csv").Body
	for _, want := range []string{"Разместить анкету посетителя", "Петренко П.П., завхоз", "Смирнова Анна Игоревна, Научный сотрудник", "II квартал " + strconv.Itoa(importYear)} {
		if !strings.Contains(csv, want) {
			t.Errorf("the CSV lacks %q", want)
		}
	}
	pr := staff.get(base + "/print")
	mustStatus(t, pr, http.StatusOK)
	for _, want := range []string{"УТВЕРЖДАЮ", "Начальник управления культуры", "П.П. Петров", "15.01." + strconv.Itoa(importYear),
		"<thead>", "print.css", domain.OfficialColumns[1], "5а", "5б", "I. Открытость и доступность информации об организации культуры",
		"форму обращения", "Петренко П.П., завхоз"} {
		if !strings.Contains(pr.Body, want) {
			t.Errorf("the print view lacks %q", want)
		}
	}
	for _, never := range []string{"<nav", "<form", "<button"} {
		if strings.Contains(pr.Body, never) {
			t.Errorf("the print view has %s", never)
		}
	}
	// Without an approval at all, the block has blanks for the pen.
	demo := dir.get(fmt.Sprintf("/plans/%d/print", demoPlan))
	if !strings.Contains(demo.Body, "«____» ______________ 20____ г.") || !strings.Contains(demo.Body, "______________________________") {
		t.Error("an unapproved plan's print view does not leave the approval blank")
	}
	css, err := os.ReadFile("../views/static/print.css")
	if err != nil || !strings.Contains(string(css), "thead { display: table-header-group; }") {
		t.Error("the print stylesheet does not repeat the header rows")
	}
}

// The exported .docx opened by LibreOffice shows the official columns and
// «УТВЕРЖДАЮ».
func TestExportedDOCXInLibreOffice(t *testing.T) {
	t.Parallel()
	lotest.Require(t)
	e := newEnv(t)
	dir := e.login("director@example.org")
	path := uploadPlan(t, dir, e.institutionID(museum), "plan.docx", importDOCX(t, importYear))
	r := dir.post(path, previewForm(t, dir.get(path).Body))
	mustStatus(t, r, http.StatusSeeOther)
	plan, _ := planOf(t, e, r.Location)
	file := dir.get(fmt.Sprintf("/plans/%d/export.docx", plan.ID))
	mustStatus(t, file, http.StatusOK)
	in := filepath.Join(t.TempDir(), "plan.docx")
	if err := os.WriteFile(in, []byte(file.Body), 0o600); err != nil {
		t.Fatal(err)
	}
	text := lotest.PDFText(t, lotest.Convert(t, in, "pdf"))
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"УТВЕРЖДАЮ", "Начальник управления культуры", "П.П. Петров", "ПЛАН", strconv.Itoa(importYear) + " год",
		"Недостатки,", "Наименование", "Плановый", "Ответственный", "исполнитель", "Сведения", "реализованные", "фактический", "5а", "5б",
		"Обеспечить на сайте:", "форму обращения", "Петренко", "Собрание"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}

// «Обновить из файла»: rows matched by number, else by measure; the
// changes shown, then applied in one step; items missing from the file stay.
func TestUpdatePlanFromFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir, museumID, plan, items := importedMuseumPlan(t, e)
	base := fmt.Sprintf("/plans/%d", plan.ID)
	y := strconv.Itoa(importYear)
	// The new file: I.1 moved to III quarter and reported done, I.2 gone,
	// II.1 renumbered, a new row.
	doc, err := officedoc.DOCX(officedoc.Plan{Institution: "МБУК «Краеведческий музей»", Year: importYear, Sections: []officedoc.Section{
		{Title: "Организационные мероприятия", Rows: []officedoc.Row{
			{Number: "0.1", Measure: "Провести собрание коллектива", Deadline: "декабрь " + y, Responsible: "Иванов Сергей Петрович, Директор",
				Implemented: "Собрание проведено, протокол № 1", CompletedOn: "20.01." + y},
		}},
		{Roman: "I", Title: "Открытость и доступность информации об организации культуры", Rows: []officedoc.Row{
			{Number: "I.1", Deficiency: "Нет обратной связи на сайте", Measure: "Обеспечить на сайте:",
				Checklist: []string{"форму обращения", "раздел «Часто задаваемые вопросы»"}, Deadline: "III квартал " + y,
				Responsible: "Смирнова Анна Игоревна, Научный сотрудник", Implemented: "Форма работает", CompletedOn: "10.07." + y},
		}},
		{Roman: "II", Title: "Комфортность условий предоставления услуг", Rows: []officedoc.Row{
			{Number: "II.5", Measure: "Установить кулер с питьевой водой", Deadline: "постоянно"},
			{Number: "II.6", Measure: "Обновить навигацию в залах", Deadline: "до 01.10." + y, Responsible: "Петренко П.П., завхоз"},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	mustStatus(t, e.login("staff@example.org").postFile(base+"/update", url.Values{}, "file", "plan.docx", doc), http.StatusForbidden)
	mustStatus(t, e.login("director2@example.org").postFile(base+"/update", url.Values{}, "file", "plan.docx", doc), http.StatusNotFound)
	dir.get(base)
	r := dir.postFile(base+"/update", url.Values{}, "file", "plan.docx", doc)
	mustStatus(t, r, http.StatusSeeOther)
	upd := r.Location
	if !regexp.MustCompile(`^` + base + `/update/\d+$`).MatchString(upd) {
		t.Fatalf("update went to %q", upd)
	}
	page := dir.get(upd)
	mustStatus(t, page, http.StatusOK)
	for _, want := range []string{"новых строк — 1, изменённых — 1, без изменений — 2, нет в файле — 2", "Обновить навигацию в залах",
		"было: II квартал " + y, "станет: III квартал " + y, "станет: Форма работает", "Разместить анкету посетителя", "Проводить опрос посетителей"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the update preview lacks %q", want)
		}
	}
	before := len(must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, plan.ID)))
	mustStatus(t, dir.post(upd, url.Values{}), http.StatusUnprocessableEntity)
	if n := len(must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, plan.ID))); n != before {
		t.Fatal("a refused update changed the plan")
	}
	subscribeAll(t, e, museumID)
	f := previewForm(t, page.Body)
	if f.Get("keep-2") != "" {
		t.Error("a change to an existing item comes ticked")
	}
	f.Set("keep-2", "1") // the change of I.1, ticked by the director
	r = dir.post(upd, f)
	mustStatus(t, r, http.StatusSeeOther)
	// The update's webhook events, in its transaction: the new row, and
	// the changed one's deadline and status (reported done).
	if got := storedEventKinds(t, e); fmt.Sprint(got) != fmt.Sprint(map[string]int{domain.EventItemCreated: 1,
		domain.EventItemDeadlineMoved: 1, domain.EventItemStatusChanged: 1}) {
		t.Errorf("events of the update: %v", got)
	}
	if !strings.Contains(dir.get(r.Location).Body, "План обновлён из файла: добавлено мероприятий — 1, изменено — 1.") {
		t.Error("no status message after the update")
	}
	_, after := planOf(t, e, r.Location)
	if len(after) != len(items)+1 {
		t.Fatalf("%d items after the update, want %d", len(after), len(items)+1)
	}
	byMeasure := map[string]domain.Item{}
	for _, it := range after {
		byMeasure[it.Measure] = it
	}
	if it := byMeasure["Обеспечить на сайте:"]; it.Deadline != domain.QuarterDeadline(importYear, 3) || it.Status != domain.StatusDone ||
		it.Implemented != "Форма работает" || it.CompletedOn != domain.NewDate(importYear, 7, 10) || it.ID != items[1].ID {
		t.Errorf("changed item %+v", it)
	}
	if it := byMeasure["Обновить навигацию в залах"]; it.Section != domain.Section2 || it.ResponsibleText() != "Петренко П.П., завхоз" ||
		it.Deadline != domain.DateDeadline(domain.NewDate(importYear, 10, 1)) {
		t.Errorf("new item %+v", it)
	}
	if it := byMeasure["Разместить анкету посетителя"]; it.ID != items[2].ID || it.Status != domain.StatusPlanned {
		t.Errorf("the item missing from the file changed: %+v", it)
	}
	hist := must(e.store.ItemHistory(context.Background(), domain.Scope{All: true}, items[1].ID))
	found := false
	for _, h := range hist {
		found = found || (h.Field == "deadline" && h.NewValue == domain.QuarterDeadline(importYear, 3).Spec())
	}
	if !found {
		t.Error("the deadline change is not in the item's history")
	}
}

// The admin makes a template from a file; a plan from it takes the
// deadlines in its own year.
func TestTemplateFromFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	adm := e.login("admin@example.org")
	adm.get("/admin")
	mustStatus(t, e.login("director@example.org").postFile("/admin/templates/import", url.Values{}, "file", "p.docx", importDOCX(t, importYear)), http.StatusNotFound)
	r := adm.postFile("/admin/templates/import", url.Values{}, "file", "plan.docx", importDOCX(t, importYear))
	mustStatus(t, r, http.StatusSeeOther)
	path := r.Location
	page := adm.get(path)
	mustStatus(t, page, http.StatusOK)
	form := previewForm(t, page.Body)
	form.Set("code", "Bad Code")
	r = adm.post(path, form)
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `href="#code"`) {
		t.Error("the bad code is not linked from the error summary")
	}
	form.Set("code", "museum-from-file")
	form.Set("title", "Музей: план из файла")
	form.Set("kind", "museum")
	form.Del("keep-3")
	r = adm.post(path, form)
	mustStatus(t, r, http.StatusSeeOther)
	tpl, err := e.store.Template(context.Background(), "museum-from-file")
	if err != nil {
		t.Fatal(err)
	}
	var specs []string
	for _, it := range tpl.Items {
		specs = append(specs, it.Deadline)
	}
	if tpl.Title != "Музей: план из файла" || tpl.Kind != domain.KindMuseum || strings.Join(specs, " ") != "M12 Q2 ongoing ongoing" ||
		strings.Join(tpl.Items[1].Checklist, "|") != "форму обращения|раздел «Часто задаваемые вопросы»" {
		t.Errorf("template %+v", tpl)
	}
	// A plan of another year from the template.
	lib := e.login("director2@example.org")
	lib.get("/plans/new")
	year := demoYear + 2
	r = lib.post("/plans", url.Values{"institution": {itoa(e.institutionID(library))}, "year": {strconv.Itoa(year)}, "template": {"museum-from-file"}})
	mustStatus(t, r, http.StatusSeeOther)
	_, items := planOf(t, e, r.Location)
	if len(items) != 4 || items[0].Deadline != domain.MonthDeadline(year, 12) || items[1].Deadline != domain.QuarterDeadline(year, 2) {
		t.Errorf("plan from the template: %+v", items)
	}
}
