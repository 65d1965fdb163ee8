package app_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var formCSRFRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Board cards and table rows are kept once rendered: each viewer still
// gets their own CSRF token in every card form, their own language, and
// the item as it is now.
func TestKeptFragmentsAreTheViewersAndCurrent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	board := fmt.Sprintf("/plans/%d/board", e.planID(museum))
	table := fmt.Sprintf("/plans/%d", e.planID(museum))
	dir, adm := e.login("director@example.org"), e.login("admin@example.org")
	for _, c := range []*client{dir, adm, dir} {
		r := c.get(board)
		tokens := formCSRFRe.FindAllStringSubmatch(r.Body, -1)
		if len(tokens) < 3 {
			t.Fatalf("board has %d forms", len(tokens))
		}
		for _, m := range tokens {
			if m[1] != c.CSRF {
				t.Fatalf("a card form carries %q, not the viewer's token", m[1])
			}
		}
		if strings.Contains(r.Body, "csrf-token-of-the-viewer") {
			t.Fatal("the placeholder token reached the page")
		}
	}
	// Another language: the cards and rows are the viewer's.
	mustStatus(t, adm.post("/settings/lang", url.Values{"lang": {"en"}}), 303)
	mustContain(t, "English board", adm.get(board), 200, "<dt>Responsible</dt>")
	mustContain(t, "Russian board", dir.get(board), 200, "<dt>Ответственный</dt>")
	// A change shows at once on both views.
	items := regexp.MustCompile(`id="item-(\d+)"`).FindStringSubmatch(dir.get(table).Body)
	edit := "/items/" + items[1] + "/edit"
	page := dir.get(edit)
	mustStatus(t, dir.post(edit, url.Values{"version": {versionOf(t, page)}, "section": {"1"}, "measure": {"Новое название мероприятия"},
		"deadline": {"31.12." + demoYearS}, "deadline_reason": {"уточнение"}, "priority": {"2"}}), 303)
	mustContain(t, "table after the change", dir.get(table), 200, "Новое название мероприятия")
	mustContain(t, "board after the change", dir.get(board), 200, "Новое название мероприятия")
}
