package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planboard/app/officein/officetest"
	"planboard/domain"
)

// Uploads are priced by what they expand to, the way a person meets them:
// a plan workbook and a НОК table of a few kilobytes whose cells all
// reference one long shared string are refused at once, with the reason
// at the top of the form, and nothing is kept (docs/upload-limits.md).
func TestImportsRefuseSharedStringBombs(t *testing.T) {
	e := newEnv(t)
	dir := e.login("director@example.org")
	dir.get("/plans/new")
	plan := officetest.Bomb{Header: []string{"Мероприятие", "Срок"}, Row: []string{"", "постоянно"}, Rows: 1999,
		Shared: strings.Repeat("я", 19_999)}.XLSX()
	var r response
	officetest.Bounded(t, 64<<20, 5*time.Second, func() {
		r = dir.postFile("/plans/import", url.Values{"institution": {itoa(e.institutionID(museum))}}, "file", "план.xlsx", plan)
	})
	mustContain(t, "the plan bomb", r, http.StatusUnprocessableEntity, "раздувается при чтении", "ничего не сохранено")
	if n := countRows(t, e, "plan_imports"); n != 0 {
		t.Errorf("%d uploads kept", n)
	}
	founder := e.login("founder@example.org")
	founder.get("/founder/assessments")
	nok := officetest.Bomb{Header: []string{"Наименование организации", "ИНН", "Итого"}, Row: []string{"", "4200000001", "88"},
		Rows: 4999, Shared: strings.Repeat("я", 50_000)}.XLSX()
	officetest.Bounded(t, 64<<20, 5*time.Second, func() {
		r = founder.upload("/founder/assessments", url.Values{"year": {demoYearS}}, "file", "nok.xlsx", nok)
	})
	mustContain(t, "the НОК bomb", r, http.StatusUnprocessableEntity, "длиннее 1000 знаков", "ничего не сохранено")
	if n := countRows(t, e, "assessment_uploads"); n != 0 {
		t.Errorf("%d НОК uploads kept", n)
	}
}

// The preview is the file as read at upload: its GET and the confirmation
// never open the file again. With the kept file replaced by a bomb, the
// preview still shows the plan at once and the plan is created from it.
func TestPlanImportPreviewIsParsedOnce(t *testing.T) {
	e := newEnv(t)
	dir := e.login("director@example.org")
	path := uploadPlan(t, dir, e.institutionID(museum), "план.docx", importDOCX(t, importYear))
	bomb := officetest.Bomb{Header: []string{"Мероприятие", "Срок"}, Row: []string{"", "постоянно"}, Rows: 1999,
		Shared: strings.Repeat("я", 19_999)}.XLSX()
	if _, err := e.store.DB().ExecContext(context.Background(), "UPDATE plan_imports SET data = ?", bomb); err != nil {
		t.Fatal(err)
	}
	var r response
	officetest.Bounded(t, 64<<20, 5*time.Second, func() {
		for i := 0; i < 3; i++ {
			r = dir.get(path)
		}
	})
	mustContain(t, "the preview", r, http.StatusOK, "строк с мероприятиями — 5", "форму обращения")
	r = dir.post(path, previewForm(t, r.Body))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/plans/") {
		t.Fatalf("create = %d %s\n%.800s", r.Status, r.Location, r.Body)
	}
	_, items := planOf(t, e, r.Location)
	if len(items) != 5 {
		t.Fatalf("%d items", len(items))
	}
}

// A person keeps at most a few uploads waiting: a new one ends the oldest.
func TestPlanImportsPerPersonAreBounded(t *testing.T) {
	e := newEnv(t)
	dir := e.login("director@example.org")
	data := importDOCX(t, importYear)
	first := uploadPlan(t, dir, e.institutionID(museum), "план.docx", data)
	for i := 0; i < 5; i++ {
		uploadPlan(t, dir, e.institutionID(museum), "план.docx", data)
	}
	if n := countRows(t, e, "plan_imports"); n != 5 {
		t.Errorf("%d uploads kept, want 5", n)
	}
	if r := dir.get(first); r.Status != http.StatusNotFound {
		t.Errorf("the oldest upload = %d, want 404", r.Status)
	}
}

// Text from files keeps to the text rule: the plan importer stores no bidi
// override, zero-width space or isolate and says on the preview that it
// dropped them; the НОК preview shows none either and says so.
func TestImportsDropInvisibleCharacters(t *testing.T) {
	e := newEnv(t)
	dir := e.login("director@example.org")
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Наименование мероприятия")
	f.SetCellValue("Sheet1", "B1", "Срок")
	f.SetCellValue("Sheet1", "A2", "Установить\u202e кулер\u200b у входа\u2066")
	f.SetCellValue("Sheet1", "B2", "постоянно")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	path := uploadPlan(t, dir, e.institutionID(museum), "план\u202exslx.xlsx", buf.Bytes())
	r := dir.get(path)
	mustContain(t, "the preview", r, http.StatusOK, "невидимые символы (3)", "Установить кулер у входа", "планxslx.xlsx")
	if strings.ContainsAny(r.Body, "\u202e\u200b\u2066") {
		t.Error("the plan preview shows an invisible character")
	}
	r = dir.post(path, previewForm(t, r.Body))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create = %d\n%.800s", r.Status, r.Body)
	}
	_, items := planOf(t, e, r.Location)
	for _, it := range items {
		if strings.ContainsAny(it.Measure, "\u202e\u200b\u2066") {
			t.Errorf("stored measure %q", it.Measure)
		}
	}
	founder := e.login("founder@example.org")
	founder.get("/founder/assessments")
	csv := "Наименование организации;ИНН;Итого\nДом\u202e культуры;4200000001;abc\u2066\n"
	r = founder.upload("/founder/assessments", url.Values{"year": {demoYearS}}, "file", "nok\u202ecsv.txt", []byte(csv))
	if strings.ContainsAny(r.Body, "\u202e\u2066") || !strings.Contains(r.Body, "невидимые символы (2)") {
		t.Errorf("НОК preview %d\n%.2000s", r.Status, r.Body)
	}
}

// An office document is what its parts say: a .docx holding an .exe is
// refused as evidence with a message, and nothing is attached.
func TestEvidenceOfficeFileNeedsItsParts(t *testing.T) {
	e := newEnv(t)
	dir := e.login("director@example.org")
	item := "/items/" + itoa(firstItem(t, e, museum))
	dir.get(item)
	exe := officetest.Zip(map[string]string{"setup.exe": "MZ\x90\x00"})
	r := dir.postFile(item+"/attachments", url.Values{}, "evidence", "отчёт.docx", exe)
	mustContain(t, "a .docx holding an .exe", r, http.StatusUnprocessableEntity, "нет частей такого документа")
	doc := officetest.Zip(map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
	r = dir.postFile(item+"/attachments", url.Values{}, "evidence", "отчёт.docx", doc)
	if r.Status != http.StatusSeeOther {
		t.Errorf("a document with its parts = %d\n%.500s", r.Status, r.Body)
	}
}

// The НОК table held for the confirmation is the table as read at the
// preview: the confirmation matches it again but never reads the file.
// With the kept file replaced by a bomb, the save is quick and saves what
// the preview showed.
func TestNokConfirmationReadsTheKeptTable(t *testing.T) {
	e := newEnv(t)
	lib := e.institution(library)
	founder := e.login("founder@example.org")
	founder.get("/founder/assessments")
	csv := "Наименование организации;1.1;2.1\n" + lib.Name + ";87,5;80\n"
	r := founder.upload("/founder/assessments", url.Values{"year": {demoYearS}}, "file", "nok.csv", []byte(csv))
	m := uploadActionRe.FindStringSubmatch(r.Body)
	if r.Status != http.StatusOK || m == nil {
		t.Fatalf("preview = %d\n%.1500s", r.Status, r.Body)
	}
	bomb := officetest.Bomb{Header: []string{"Наименование организации", "ИНН", "Итого"}, Row: []string{"", "4200000001", "88"},
		Rows: 4999, Shared: strings.Repeat("я", 50_000)}.XLSX()
	if _, err := e.store.DB().ExecContext(context.Background(), "UPDATE assessment_uploads SET data = ?", bomb); err != nil {
		t.Fatal(err)
	}
	officetest.Bounded(t, 64<<20, 5*time.Second, func() { r = founder.post("/founder/assessments/uploads/"+m[1], nil) })
	if r.Status != http.StatusSeeOther || r.Location != "/founder/assessments" {
		t.Fatalf("confirm = %d %s\n%.800s", r.Status, r.Location, r.Body)
	}
	a, err := e.store.AssessmentFor(context.Background(), domain.Scope{All: true}, lib.ID, demoYear)
	if err != nil || a.Values["1.1"] != 87.5 || a.Values["2.1"] != 80 {
		t.Errorf("saved %+v, %v", a.Values, err)
	}
}
