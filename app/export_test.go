package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planboard/domain"
)

// TestPublicExports opens each export of the demo library's published
// report the way a user's program would: excelize reads the XLSX back,
// pdftotext reads the PDF, encoding/csv reads the CSV, encoding/json the JSON.
func TestPublicExports(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	checkExports(t, c, library, true)
}

// TestEmptyPlanExports: an approved plan with no items still publishes and
// exports a valid, empty official form.
func TestEmptyPlanExports(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	inst := e.institution(museum)
	p := &domain.Plan{InstitutionID: inst.ID, Year: demoYear + 1, Title: "План на следующий год"}
	if err := e.store.CreatePlan(ctx, p, nil, domain.User{}); err != nil {
		t.Fatal(err)
	}
	for _, tr := range []domain.PlanTransition{domain.PlanTrSubmit, domain.PlanTrApprove} {
		if _, err := e.store.TransitionPlan(ctx, domain.Scope{All: true}, p.ID, tr, domain.Approval{ActorName: "Петрова О. В.", ActorPosition: "Начальник отдела", OnDate: domain.NewDate(2026, 11, 23), At: e.now}, domain.Notices{}); err != nil {
			t.Fatal(err)
		}
	}
	dir := e.login("director@example.org")
	dir.get("/plans/" + itoa(p.ID) + "/approval")
	if r := dir.post("/plans/"+itoa(p.ID)+"/publish", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("publish empty plan = %d", r.Status)
	}
	r := e.client().get("/p/" + museum + "/" + strconv.Itoa(demoYear+1))
	if r.Status != 200 || !strings.Contains(r.Body, "Мероприятия не запланированы") {
		t.Errorf("empty public report = %d", r.Status)
	}
	checkExportsAt(t, e.client(), "/p/"+museum+"/"+strconv.Itoa(demoYear+1), false)
}

func checkExports(t *testing.T, c *client, slug string, withItems bool) {
	checkExportsAt(t, c, publicURL(slug), withItems)
}

func checkExportsAt(t *testing.T, c *client, base string, withItems bool) {
	t.Helper()
	// XLSX
	x := c.get(base + ".xlsx")
	if x.Status != 200 || !strings.Contains(x.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("xlsx = %d", x.Status)
	}
	f, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatalf("xlsx does not open: %v", err)
	}
	rows, err := f.GetRows("План")
	if err != nil {
		t.Fatal(err)
	}
	all := flatten(rows)
	for _, want := range append([]string{"УТВЕРЖДАЮ", "ПЛАН по устранению недостатков", "5а", "5б"}, domain.OfficialColumns...) {
		if !strings.Contains(all, want) {
			t.Errorf("xlsx lacks %q", want)
		}
	}
	merged, _ := f.GetMergeCells("План")
	if withItems && len(merged) < 2 { // the title and at least one section row
		t.Errorf("xlsx has %d merged ranges, want title and section rows", len(merged))
	}
	if withItems && !strings.Contains(all, "I. Открытость и доступность информации") {
		t.Error("xlsx lacks the section row")
	}
	layout, err := f.GetPageLayout("План")
	if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 {
		t.Errorf("xlsx page layout is not A4 landscape: %+v %v", layout, err)
	}
	if w, _ := f.GetColWidth("План", "C"); w < 30 {
		t.Errorf("xlsx column C width = %v", w)
	}

	// PDF: the Russian column names come out as text.
	p := c.get(base + ".pdf")
	if p.Status != 200 || !strings.HasPrefix(p.Body, "%PDF-") {
		t.Fatalf("pdf = %d", p.Status)
	}
	text := pdfText(t, []byte(p.Body))
	for _, want := range []string{"УТВЕРЖДАЮ", "Плановый срок реализации мероприятия", "Ответственный исполнитель", "фактический срок реализации"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdf text lacks %q", want)
		}
	}

	// CSV: BOM, then a table encoding/csv reads.
	s := c.get(base + ".csv")
	if s.Status != 200 || !strings.HasPrefix(s.Body, "\uFEFF") {
		t.Fatalf("csv = %d, starts %q", s.Status, s.Body[:min(len(s.Body), 6)])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(s.Body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatalf("csv does not parse: %v", err)
	}
	if len(recs[0]) != 8 || recs[0][2] != domain.OfficialColumns[0] || recs[0][7] != domain.OfficialColumns[5] {
		t.Errorf("csv header = %q", recs[0])
	}
	if withItems != (len(recs) > 1) {
		t.Errorf("csv has %d rows", len(recs))
	}

	// JSON: the documented fields.
	j := c.get(base + ".json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(j.Body), &doc); err != nil || j.Status != 200 {
		t.Fatalf("json = %d: %v", j.Status, err)
	}
	for _, k := range []string{"institution", "slug", "year", "title", "approval", "published_at", "updated_on", "progress", "sections"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("json lacks %q", k)
		}
	}
	if strings.Contains(j.Body, "@") {
		t.Error("json leaks an e-mail address")
	}
}

func flatten(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteString("\n")
	}
	return b.String()
}

// pdfText extracts the text of a PDF with pdftotext (poppler-utils, which
// `make test` installs).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "r.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(bytes.ReplaceAll(out, []byte("-\n"), []byte("-")))), " ")
}

// institution returns a demo institution by slug.
func (e *env) institution(slug string) domain.Institution {
	e.t.Helper()
	in, err := e.store.InstitutionBySlug(context.Background(), slug)
	if err != nil {
		e.t.Fatal(err)
	}
	return in
}
