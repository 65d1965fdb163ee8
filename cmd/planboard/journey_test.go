package main

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"planboard/storage/pgtest"
	"regexp"
	"strings"
	"testing"
	"time"
)

func find(t *testing.T, re, body, what string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s on the page", what)
	}
	return m[1]
}

// remindJourney is the mail issue's "as a new user would", against a
// running `serve` with the embedded default: the director moves an item's
// deadline to the next working day, an operator runs `planboard remind
// --now <that day 09:00>` on the same data folder, and the admin finds the
// reminder in the mail view (no SMTP configured: the mail is kept there).
func remindJourney(t *testing.T, base, dataDir string) {
	zone, err := time.LoadLocation("Asia/Novokuznetsk")
	if err != nil {
		t.Fatal(err)
	}
	day := pgtest.Now().In(zone).AddDate(0, 0, 1)
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	dir := newBrowser(base, nil)
	if err := dir.login("director@example.org"); err != nil {
		t.Fatal(err)
	}
	plan := find(t, `href="(/plans/\d+)"`, dir.mustGet(t, "/", 200), "plan link")
	page := dir.mustGet(t, plan, 200)
	item := find(t, `name="ids" value="(\d+)"`, page, "item")
	staff := find(t, `<option value="(\d+)"[^>]*>Смирнова`, page, "staff member")
	measure := html.UnescapeString(find(t, `<h1[^>]*>([^<]+)</h1>`, dir.mustGet(t, "/items/"+item, 200), "measure"))
	dir.mustGet(t, plan, 200)
	code, _, err := dir.post(plan+"/bulk", url.Values{"ids": {item}, "assignee": {staff},
		"deadline": {day.Format("02.01.2006")}, "reason": {"перенос для проверки напоминаний"}})
	if err != nil || code != http.StatusSeeOther {
		t.Fatalf("bulk assign = %d, %v", code, err)
	}
	var out strings.Builder
	now := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, zone).Format(time.RFC3339)
	if err := run(context.Background(), []string{"remind", "--now", now}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dataDir}), nil, &out, io.Discard); err != nil {
		t.Fatalf("remind --now %s: %v\n%s", now, err, out.String())
	}
	admin := newBrowser(base, nil)
	if err := admin.login("admin@example.org"); err != nil {
		t.Fatal(err)
	}
	ledger := admin.mustGet(t, "/admin/mail?status=kept", 200)
	want := "Срок сегодня: " + measure
	if r := []rune(want); len(r) > 60 {
		want = string(r[:60]) // long measures are shortened in the subject
	}
	if !strings.Contains(html.UnescapeString(ledger), want) {
		t.Errorf("the admin mail view lacks %q after remind --now %s (output %q)", want, now, out.String())
	}
}
