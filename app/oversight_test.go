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

// TestJourneyApprovePublish is the "done when": the director submits
// the demo museum plan, the founder approves it, the director publishes it,
// and the public URL shows the official table with the «УТВЕРЖДАЮ» header.
func TestJourneyApprovePublish(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	plan := e.planID(museum)
	base := fmt.Sprintf("/plans/%d", plan)
	dir := e.login("director@example.org")
	founder := e.login("founder@example.org")

	if r := dir.get(publicURL(museum)); r.Status != http.StatusNotFound {
		t.Fatalf("unpublished public report = %d, want 404", r.Status)
	}
	if r := dir.post(base+"/publish", nil); r.Status != http.StatusConflict {
		t.Errorf("publishing a draft = %d, want 409", r.Status)
	}
	if r := founder.post(base+"/approve", nil); r.Status != http.StatusConflict {
		t.Errorf("approving a draft = %d, want 409", r.Status)
	}
	if r := dir.post(base+"/submit", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("submit = %d %s", r.Status, r.Body)
	}
	// The founder is told by e-mail and sees it on the dashboard.
	e.wantMail(t, "plan_submitted", "founder@example.org")
	if r := founder.get("/founder"); !strings.Contains(r.Body, fmt.Sprintf(`<a href="%s/approval">план на утверждении</a>`, base)) {
		t.Error("dashboard does not show the plan awaiting approval")
	}
	// A return needs remarks; with them the director sees them.
	founder.get(base + "/approval")
	if r := founder.post(base+"/return", url.Values{"remarks": {""}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `aria-invalid="true"`) {
		t.Errorf("return without remarks = %d", r.Status)
	}
	if r := founder.post(base+"/return", url.Values{"remarks": {"Уточните сроки по разделу III."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("return = %d", r.Status)
	}
	if r := dir.get(base + "/approval"); !strings.Contains(r.Body, "Уточните сроки по разделу III.") {
		t.Errorf("director does not see the founder's remarks")
	}
	e.wantMail(t, "plan_returned", "director@example.org")
	dir.get(base + "/approval")
	if r := dir.post(base+"/submit", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("resubmit = %d", r.Status)
	}
	// Staff may not approve; the founder may.
	staff := e.login("staff@example.org")
	if r := staff.post(base+"/approve", nil); r.Status != http.StatusForbidden {
		t.Errorf("staff approve = %d, want 403", r.Status)
	}
	founder.get(base + "/approval")
	if r := founder.post(base+"/approve", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("approve = %d %s", r.Status, r.Body)
	}
	e.wantMail(t, "plan_approved", "director@example.org")
	dir.get(base + "/approval")
	if r := dir.post(base+"/publish", nil); r.Status != http.StatusSeeOther || r.Location != publicURL(museum) {
		t.Fatalf("publish = %d → %q", r.Status, r.Location)
	}
	if r := dir.get(base); !strings.Contains(r.Body, `href="`+publicURL(museum)+`"`) {
		t.Error("the plan page does not link to its public report")
	}

	pub := e.client().get(publicURL(museum))
	if pub.Status != http.StatusOK {
		t.Fatalf("public report = %d", pub.Status)
	}
	for _, want := range append([]string{"УТВЕРЖДАЮ", "Петрова Ольга Викторовна", "Начальник отдела учреждений культуры", "«" + dmy(e.today()) + "»",
		"ПЛАН по устранению недостатков", "на " + demoYearS + " год", "I. Открытость и доступность информации об организации культуры",
		"Смирнова Анна Игоревна, Научный сотрудник", "реализованные меры по устранению выявленных недостатков", "фактический срок реализации"},
		domain.OfficialColumns[:4]...) {
		if !strings.Contains(pub.Body, want) {
			t.Errorf("public report lacks %q", want)
		}
	}
	for _, leak := range []string{"@example.org", "_csrf", "Выйти"} {
		if strings.Contains(pub.Body, leak) {
			t.Errorf("public report leaks %q", leak)
		}
	}
}

// publicURL is the public report of a demo institution for the test year.
func publicURL(slug string) string { return "/p/" + slug + "/" + demoYearS }

// wantMail checks that a mail of a kind to an address is planned in the ledger.
func (e *env) wantMail(t *testing.T, kind, to string) {
	t.Helper()
	n, err := e.store.DB().NewSelect().Table("mail_outbox").Where("kind = ? AND to_email = ?", kind, to).Count(context.Background())
	if err != nil || n == 0 {
		t.Errorf("no %s mail to %s (err %v)", kind, to, err)
	}
}

// TestOversightPagesRender opens every page of this feature as its users see it.
func TestOversightPagesRender(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lib := fmt.Sprintf("/plans/%d", e.planID(library))
	founder := e.login("founder@example.org")
	dir := e.login("director2@example.org")
	cases := []struct {
		c    *client
		path string
		want string
	}{
		{founder, "/founder", "Выполнение по разделам"},
		{founder, lib + "/approval", "УТВЕРЖДАЮ"},
		{founder, lib + "/reports/1", "Принять отчёт"},
		{dir, lib + "/approval", "Опубликовать заново"},
		{dir, lib, "Открыть публичный отчёт"},
		{dir, "/settings/calendar", "Создать ссылку на календарь"},
		{e.client(), publicURL(library), "Версия для слабовидящих"},
		{e.client(), "/p/" + library, "План на " + demoYearS + " год"},
	}
	for _, tc := range cases {
		r := tc.c.get(tc.path)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s = %d, want %q", tc.path, r.Status, tc.want)
		}
		if strings.Contains(r.Body, "{{") || strings.Contains(r.Body, "%!") {
			t.Errorf("%s: unrendered template or format text", tc.path)
		}
	}
}
