package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A plan submitted for next year is in the founder's «Ждут
// решения» at the top of the dashboard, whatever year is shown, with a
// link to its approval page; the year is a visible choice; the founder
// lands on the dashboard after signing in; the XLSX counts what the page
// counts as awaiting a decision.
func TestFounderSeesNextYearsSubmittedPlan(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	r := dir.post("/plans", url.Values{"year": {nextYearS}, "template": {"museum"}})
	mustStatus(t, r, http.StatusSeeOther)
	next := atoi(strings.TrimPrefix(r.Location, "/plans/"))
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/submit", next), nil), http.StatusSeeOther)

	c := e.client()
	c.get("/login")
	login := c.post("/login", url.Values{"email": {"founder@example.org"}, "password": {"demo-password"}})
	if login.Status != http.StatusSeeOther || login.Location != "/founder" {
		t.Fatalf("the founder lands on %q (%d), want the dashboard", login.Location, login.Status)
	}
	page := c.get("/founder")
	mustStatus(t, page, http.StatusOK)
	top := page.Body[:strings.Index(page.Body, "<table")]
	for _, want := range []string{"Ждут решения", fmt.Sprintf(`href="/plans/%d/approval"`, next), "План на " + nextYearS + " год",
		"Отчёт за", "Центральная"} {
		if !strings.Contains(top, want) {
			t.Fatalf("«Ждут решения» above the table lacks %q", want)
		}
	}
	if !strings.Contains(page.Body, `<select id="f-year" name="year">`) || !strings.Contains(page.Body, `<option value="`+nextYearS+`">`) ||
		strings.Contains(page.Body, `type="hidden" name="year"`) {
		t.Fatal("the year is not a visible choice including next year")
	}
	nextPage := c.get("/founder?year=" + nextYearS)
	if !strings.Contains(nextPage.Body, "Планов на утверждении: <strong>1</strong>") {
		t.Fatal("next year's dashboard does not count the submitted plan")
	}

	// The library's report awaits the founder: the page and the XLSX agree.
	if !strings.Contains(page.Body, "отчётов на рассмотрении: 1") {
		t.Fatal("the page does not show the library's pending report")
	}
	x := c.get("/founder.xlsx")
	f, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Сводка")
	found := false
	for _, row := range rows {
		if len(row) > 9 && strings.Contains(row[0], "Центральная") {
			found = true
			if row[9] != "1" {
				t.Fatalf("the XLSX says %q awaiting a decision for the library, the page 1", row[9])
			}
		}
	}
	if !found {
		t.Fatal("no library row in the XLSX")
	}
}

// dashTable is the dashboard's table: «Ждут решения» above it names
// institutions too (docs/ux.md §5).
func dashTable(body string) string {
	if i := strings.Index(body, `<table class="dash`); i >= 0 {
		return body[i:]
	}
	return body
}
