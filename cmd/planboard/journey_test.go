package main

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// browser is a minimal web client: cookies, and the CSRF token of the last page.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

func (b *browser) read(res *http.Response, err error) (int, string) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := csrfRe.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return res.StatusCode, string(body)
}

func (b *browser) get(path string) (int, string) { return b.read(b.c.Get(b.base + path)) }

func (b *browser) post(path string, form url.Values) (int, string) {
	form.Set("_csrf", b.csrf)
	return b.read(b.c.PostForm(b.base+path, form))
}

func (b *browser) login(email string) {
	b.t.Helper()
	b.get("/login")
	if code, body := b.post("/login", url.Values{"email": {email}, "password": {"demo-password"}}); code != 200 || !strings.Contains(body, "Выйти") {
		b.t.Fatalf("login %s = %d", email, code)
	}
}

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
	day := time.Now().In(zone).AddDate(0, 0, 1)
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	dir := newBrowser(t, base)
	dir.login("director@example.org")
	_, home := dir.get("/")
	plan := find(t, `href="(/plans/\d+)"`, home, "plan link")
	_, page := dir.get(plan)
	item := find(t, `name="ids" value="(\d+)"`, page, "item")
	staff := find(t, `<option value="(\d+)"[^>]*>Смирнова`, page, "staff member")
	_, itemPage := dir.get("/items/" + item)
	measure := html.UnescapeString(find(t, `<h1[^>]*>([^<]+)</h1>`, itemPage, "measure"))
	dir.get(plan)
	code, _ := dir.post(plan+"/bulk", url.Values{"ids": {item}, "assignee": {staff},
		"deadline": {day.Format("02.01.2006")}, "reason": {"перенос для проверки напоминаний"}})
	if code != 200 {
		t.Fatalf("bulk assign = %d", code)
	}
	var out strings.Builder
	now := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, zone).Format(time.RFC3339)
	if err := run(context.Background(), []string{"remind", "--now", now}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dataDir}), nil, &out, io.Discard); err != nil {
		t.Fatalf("remind --now %s: %v\n%s", now, err, out.String())
	}
	admin := newBrowser(t, base)
	admin.login("admin@example.org")
	_, ledger := admin.get("/admin/mail?status=kept")
	want := "Срок сегодня: " + measure
	if r := []rune(want); len(r) > 60 {
		want = string(r[:60]) // long measures are shortened in the subject
	}
	if !strings.Contains(html.UnescapeString(ledger), want) {
		t.Errorf("the admin mail view lacks %q after remind --now %s (output %q)", want, now, out.String())
	}
}
