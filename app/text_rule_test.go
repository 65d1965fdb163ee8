package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"planboard/domain"
)

// invisible are characters no single-line field keeps: C0 and C1
// controls, line breaks, bidi overrides and isolates, zero-width ones, and
// by category the soft hyphen, tag characters, variation selectors and
// blank fillers (Hangul filler, braille blank).
var invisible = []string{"\n", "\r", "\t", "\x1b", "\u0085", "\u202e", "\u2066", "\u2069", "\u200b", "\u200f", "\ufeff", "\u2028",
	"\u00ad", "\u3164", "\u2800", "\ufe0f", "\U000E0041"}

// One text rule (domain.CleanLine) for single-line fields:
// names, positions, titles are refused with the message at the field when
// they carry any of these. The hostile-input probe sends them to every
// field of every form; this test reads the answer of a few forms closely.
func TestSingleLineFieldsRefuseInvisibleCharacters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	for _, ch := range invisible {
		r := dir.post("/profile", url.Values{"full_name": {"Иванов" + ch + "Сергей"}, "position": {"Директор"}, "locale": {"ru"}})
		mustContain(t, fmt.Sprintf("profile name with %q", ch), r, http.StatusUnprocessableEntity, `aria-describedby="full_name-error"`, "невидимые")
		r = dir.post("/profile", url.Values{"full_name": {"Иванов Сергей"}, "position": {"Дир" + ch + "ектор"}, "locale": {"ru"}})
		mustContain(t, fmt.Sprintf("profile position with %q", ch), r, http.StatusUnprocessableEntity, `id="position-error"`)
	}
	members := fmt.Sprintf("/institutions/%d/members", e.institutionID(museum))
	r := dir.post(members, url.Values{"email": {"new@example.org"}, "full_name": {"Новый\u202eСотрудник"}, "role": {"staff"}, "locale": {"ru"}})
	mustContain(t, "invitation with a bidi override", r, http.StatusUnprocessableEntity, `aria-describedby="full_name-error"`)
	r = dir.post(members, url.Values{"email": {"new\u202e@example.org"}, "full_name": {"Новый"}, "role": {"staff"}, "locale": {"ru"}})
	mustContain(t, "address with a bidi override", r, http.StatusUnprocessableEntity, `aria-describedby="email-error"`)
	plan := fmt.Sprintf("/plans/%d", e.planID(museum))
	page := dir.get(plan)
	v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page.Body)
	if v == nil {
		t.Fatal("no plan version")
	}
	r = dir.post(plan+"/edit", url.Values{"version": {v[1]}, "title": {"План\u200bмероприятий"}, "period_start": {demoYearS + "-01-01"}, "period_end": {demoYearS + "-12-31"}})
	mustContain(t, "plan title with a zero-width space", r, http.StatusUnprocessableEntity, `aria-describedby="plan-title-error"`)
	adm := e.login("admin@example.org")
	r = adm.post("/admin/founders", url.Values{"name": {"Министерство\u2066культуры"}})
	mustContain(t, "founder name with an isolate", r, http.StatusUnprocessableEntity, "невидимые")
}

// A name stored before the rule (or by another way in) never adds lines
// to a plain-text mail: names are made one line where mail is written.
func TestInviterNameIsOneLineInMail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.store.DB().ExecContext(context.Background(), "UPDATE users SET full_name = ? WHERE email = 'director@example.org'",
		"Иванов\n\nСсылка для входа: http://evil.example/"); err != nil {
		t.Fatal(err)
	}
	dir := e.login("director@example.org")
	r := dir.post(fmt.Sprintf("/institutions/%d/members", e.institutionID(museum)),
		url.Values{"email": {"new@example.org"}, "full_name": {"Новый Сотрудник"}, "role": {"staff"}, "locale": {"ru"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite = %d\n%.500s", r.Status, r.Body)
	}
	ms := e.mails("invitation")
	if len(ms) != 1 {
		t.Fatalf("%d invitations", len(ms))
	}
	for _, line := range strings.Split(ms[0].Text, "\n") {
		if strings.HasPrefix(line, "Ссылка для входа") {
			t.Fatalf("the inviter's name added a line to the mail:\n%s", ms[0].Text)
		}
	}
}

// Multi-line fields keep tab and newline only: CR LF becomes LF, other
// controls and bidi or zero-width characters are dropped.
func TestMultilineFieldKeepsOnlyTabAndNewline(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	item := fmt.Sprintf("/items/%d", firstItem(t, e, museum))
	dir.get(item)
	r := dir.post(item+"/comments", url.Values{"body": {"Первая\r\nвторая\tстрока\u202e\u200b\x1bконец"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("comment = %d\n%.500s", r.Status, r.Body)
	}
	var body string
	if err := e.store.DB().NewRaw("SELECT body FROM item_comments ORDER BY id DESC LIMIT 1").Scan(context.Background(), &body); err != nil {
		t.Fatal(err)
	}
	if body != "Первая\nвторая\tстрокаконец" {
		t.Errorf("stored comment %q, want %q", body, "Первая\nвторая\tстрокаконец")
	}
}

func firstItem(t *testing.T, e *env, slug string) int64 {
	t.Helper()
	items, err := e.store.PlanItems(context.Background(), domain.Scope{All: true}, e.planID(slug))
	if err != nil || len(items) == 0 {
		t.Fatalf("items: %v", err)
	}
	return items[0].ID
}
