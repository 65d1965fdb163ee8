package app_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"planboard/app"
)

// replica is a second Planboard process over the same database: its own
// memory (kept pages, fragments, figures), the same sessions.
func (e *env) replica(t *testing.T) *env {
	t.Helper()
	r := *e
	a, err := app.New(app.Deps{Store: e.store, Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	r.app = a
	return &r
}

// on is the same browser (its session cookie and token) talking to another
// replica.
func (c *client) on(r *env) *client {
	o := r.client()
	for k, v := range c.Cookies {
		o.Cookies[k] = v
	}
	o.CSRF = c.CSRF
	return o
}

// Kept pages are never older than the database: a change made through
// another replica, or by plain SQL (the CLI, a job), shows at once on the
// board, the table, «Мои задачи», «На проверке» and the dashboard of a
// replica that kept them; each viewer gets their own token and their own
// moves.
func TestKeptPagesAreCurrentAcrossReplicas(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	other := e.replica(t)
	plan := e.planID(museum)
	board, table := fmt.Sprintf("/plans/%d/board", plan), fmt.Sprintf("/plans/%d", plan)
	dir, staff, founder := e.login("director@example.org"), e.login("staff@example.org"), e.login("founder@example.org")
	for _, c := range []struct {
		who  *client
		path string
	}{{dir, board}, {dir, table}, {staff, "/my"}, {dir, "/review"}, {founder, "/founder"}} {
		mustStatus(t, c.who.get(c.path), 200) // kept now
	}
	// An edit through the other replica.
	items := regexp.MustCompile(`id="item-(\d+)"`).FindStringSubmatch(dir.get(table).Body)
	edit := "/items/" + items[1] + "/edit"
	dirB := dir.on(other)
	page := dirB.get(edit)
	mustStatus(t, dirB.post(edit, url.Values{"version": {versionOf(t, page)}, "section": {"1"}, "measure": {"Правка на второй реплике"},
		"deadline": {"31.12." + demoYearS}, "deadline_reason": {"уточнение"}, "priority": {"2"}}), 303)
	mustContain(t, "board after the other replica's edit", dir.get(board), 200, "Правка на второй реплике")
	mustContain(t, "table after the other replica's edit", dir.get(table), 200, "Правка на второй реплике")
	// A change by plain SQL: an item of the staff member's sent for review.
	var id int64
	if err := e.store.DB().NewRaw(`UPDATE items SET status = 'review', measure = 'Сдано в обход страниц', implemented = 'сделано',
		completed_on = DATE '`+demoYearS+`-03-01' WHERE id = (SELECT min(i.id) FROM items i JOIN users u ON u.id = i.assignee_id
		WHERE u.email = 'staff@example.org' AND i.status IN ('planned', 'in_progress')) RETURNING id`).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "«Мои задачи» after a change by SQL", staff.get("/my"), 200, "Сдано в обход страниц")
	mustContain(t, "«На проверке» after a change by SQL", dir.get("/review"), 200, "Сдано в обход страниц")
	mustContain(t, "the board after a change by SQL", dir.get(board), 200, "Сдано в обход страниц")
	// Each viewer's own token, on both replicas.
	for _, c := range []*client{dir, staff.on(other), dir.on(other), staff} {
		for _, m := range formCSRFRe.FindAllStringSubmatch(c.get(board).Body, -1) {
			if m[1] != c.CSRF {
				t.Fatalf("a form on the kept board carries %q, not the viewer's token", m[1])
			}
		}
	}
	// Each viewer's own moves: the staff member's board offers no «Принять».
	if r := staff.get(board); strings.Contains(r.Body, "#report") {
		t.Error("the staff member's board links to accepting, the director's kept board leaked")
	}
	if r := dir.get(board); !strings.Contains(r.Body, fmt.Sprintf("/items/%d#report", id)) {
		t.Error("the director's board does not offer to review the item sent for review")
	}
}

// A kept page costs two statements whatever it shows: the session, and its
// change counter with the navigation's counts. A one-time message is shown
// once on it.
func TestKeptPageRunsTwoStatements(t *testing.T) {
	t.Parallel()
	e, counter := countingEnv(t, app.Config{})
	plan := e.planID(museum)
	dir, founder := e.login("director@example.org"), e.login("founder@example.org")
	for _, c := range []struct {
		who  *client
		path string
	}{{dir, fmt.Sprintf("/plans/%d/board", plan)}, {dir, fmt.Sprintf("/plans/%d", plan)}, {dir, fmt.Sprintf("/plans/%d?page=2", plan)},
		{dir, "/my"}, {dir, "/review"}, {founder, "/founder"}, {founder, "/founder?sort=name&year=" + demoYearS}} {
		first := queriesFor(t, c.who, counter, c.path)
		if n := queriesFor(t, c.who, counter, c.path); n != 2 || first <= n {
			t.Errorf("%s: %d statements kept, %d built; want 2 kept", c.path, n, first)
		}
	}
	// A message after an action is on the next page, kept or not, once.
	mustStatus(t, dir.post("/settings/lang", url.Values{"lang": {"en"}, "back": {fmt.Sprintf("/plans/%d/board", plan)}}), 303)
	mustContain(t, "the message on the kept board", dir.get(fmt.Sprintf("/plans/%d/board", plan)), 200, `role="status"`)
	if r := dir.get(fmt.Sprintf("/plans/%d/board", plan)); strings.Contains(r.Body, `class="flash"`) {
		t.Error("the message was shown twice")
	}
}
