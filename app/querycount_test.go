package app_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"planboard/app"
	"planboard/domain"
)

// grow multiplies what the pages show: five times the items of every demo
// plan (with checklists), comments, links and history on one item, more
// staff, twenty more institutions under the founder with their plans, and
// more mail and audit rows.
func (e *env) grow(t *testing.T, item int64) {
	t.Helper()
	for _, q := range []string{
		`INSERT INTO items (plan_id, institution_id, position, section, indicator, deficiency, measure, deadline_kind,
			deadline_date, assignee_id, status, implemented, completed_on)
		SELECT plan_id, institution_id, position + 1000 * g, section, indicator, deficiency, measure || ' ' || g,
			deadline_kind, deadline_date, assignee_id, status, implemented, completed_on
		FROM items, generate_series(1, 4) g`,
		`INSERT INTO item_checklist (item_id, position, text) SELECT id, 1, 'пункт' FROM items`,
		`INSERT INTO item_comments (item_id, institution_id, author_name, body)
		SELECT id, institution_id, 'Иванов', 'Комментарий ' || g FROM items, generate_series(1, 20) g WHERE id = ?0`,
		`INSERT INTO item_attachments (item_id, institution_id, kind, url)
		SELECT id, institution_id, 'link', 'https://example.org/' || g FROM items, generate_series(1, 5) g WHERE id = ?0`,
		`INSERT INTO item_history (institution_id, plan_id, item_id, action, field, new_value)
		SELECT institution_id, plan_id, id, 'updated', 'measure', 'v' || g FROM items, generate_series(1, 20) g WHERE id = ?0`,
		`INSERT INTO users (email, full_name) SELECT 'more' || g || '@example.org', 'Сотрудник ' || g FROM generate_series(1, 10) g`,
		`INSERT INTO memberships (user_id, role, institution_id)
		SELECT u.id, 'staff', i.institution_id FROM users u, items i WHERE u.email LIKE 'more%' AND i.id = ?0`,
		`INSERT INTO institutions (founder_id, name, kind, slug) SELECT founder_id, 'Учреждение ' || g, 'library', 'more-' || g
		FROM institutions, generate_series(1, 20) g WHERE slug = 'kraevedcheskiy-muzey'`,
		`INSERT INTO plans (institution_id, year, title, status) SELECT id, ` + demoYearS + `, 'План', 'submitted' FROM institutions WHERE slug LIKE 'more-%'`,
		`INSERT INTO items (plan_id, institution_id, position, section, measure, deadline_kind, deadline_date, status)
		SELECT p.id, p.institution_id, g, '1', 'Мера ' || g, 'date', DATE '` + demoYearS + `-11-01' + g, CASE WHEN g % 3 = 0 THEN 'done' ELSE 'planned' END
		FROM plans p JOIN institutions i ON i.id = p.institution_id, generate_series(1, 30) g WHERE i.slug LIKE 'more-%'`,
		`INSERT INTO mail_outbox (dedupe_key, kind, to_email, subject, body_text, message_id)
		SELECT 'more:' || g, 'digest', 'x@example.org', 'Тема', 'Текст', '<' || g || '@x>' FROM generate_series(1, 50) g`,
		`INSERT INTO audit_log (at, action, actor_email) SELECT now(), 'login_failed', 'x' || g || '@example.org' FROM generate_series(1, 50) g`,
	} {
		if _, err := e.store.DB().NewRaw(q, item).Exec(context.Background()); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
}

var calRe = regexp.MustCompile(`/cal/[A-Za-z0-9_-]+\.ics`)

// TestPageQueryCountsDoNotGrow: every page's SQL count is the same with the
// demo data and with several times more of everything the page lists.
func TestPageQueryCountsDoNotGrow(t *testing.T) {
	t.Parallel()
	e, counter := countingEnv(t, app.Config{})
	museumPlan, libraryPlan := e.planID(museum), e.planID(library)
	item := must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, museumPlan))[0].ID
	dir, dir2, founder, admin, anon := e.login("director@example.org"), e.login("director2@example.org"),
		e.login("founder@example.org"), e.login("admin@example.org"), e.client()
	cal := calRe.FindString(dir.post("/settings/calendar", nil).Body)
	if cal == "" {
		t.Fatal("no calendar feed URL")
	}
	mp, lp := fmt.Sprintf("/plans/%d", museumPlan), fmt.Sprintf("/plans/%d", libraryPlan)
	it := fmt.Sprintf("/items/%d", item)
	pages := []struct {
		who  *client
		path string
	}{
		{dir, "/"}, {dir, mp}, {dir, mp + "?page=2"}, {dir, mp + "/board"}, {dir, "/my"}, {dir, it}, {dir, it + "/edit"},
		{dir, mp + "/items/new"}, {dir, mp + "/approval"}, {dir, fmt.Sprintf("/institutions/%d/members", e.institutionID(museum))},
		{dir, "/profile"}, {dir, "/settings/notifications"}, {dir, cal}, {dir, "/review"}, // the review queue grows with the items
		{dir, fmt.Sprintf("/institutions/%d/site", e.institutionID(museum))}, // the site audit: the current plan's measures are read once
		{dir2, lp + "/approval"},
		{founder, "/"}, {founder, "/founder"}, {founder, "/founder?sort=worst"}, {founder, "/founder.xlsx"}, {founder, lp + "/board"},
		{admin, "/admin"}, {admin, "/admin/mail"}, {admin, "/admin/audit"}, {admin, "/institutions"},
		{anon, "/p/" + library}, {anon, "/p/" + library + "/" + demoYearS + ""}, {anon, "/p/" + library + "/" + demoYearS + "?mode=vi"},
		{anon, "/p/" + library + "/" + demoYearS + ".xlsx"}, {anon, "/p/" + library + "/" + demoYearS + ".csv"}, {anon, "/p/" + library + "/" + demoYearS + ".json"},
		{anon, "/p/" + library + "/" + demoYearS + ".pdf"},
	}
	before := make([]int64, len(pages))
	for i, p := range pages {
		before[i] = queriesFor(t, p.who, counter, p.path)
	}
	e.grow(t, item)
	// The published snapshot and a new progress report take in the grown plan.
	dir2.get(lp + "/approval")
	mustStatus(t, dir2.post(lp+"/publish", nil), http.StatusSeeOther)
	for i, p := range pages {
		if after := queriesFor(t, p.who, counter, p.path); after != before[i] {
			t.Errorf("%s: %d queries before, %d with more data", p.path, before[i], after)
		}
	}
	// The pages do show the growth.
	for _, c := range []struct {
		who        *client
		path, text string
	}{
		{founder, "/founder", "Учреждение 20"}, {dir, it, "Комментарий 20"}, {dir, it, "https://example.org/5"},
		{dir, fmt.Sprintf("/institutions/%d/members", e.institutionID(museum)), "Сотрудник 10"},
		{dir, mp + "/board", " 4<"}, {anon, "/p/" + library + "/" + demoYearS + "", " 4<"}, {admin, "/admin/audit", "x50@example.org"},
	} {
		if r := c.who.get(c.path); !strings.Contains(r.Body, c.text) {
			t.Errorf("%s does not show %q after the growth", c.path, c.text)
		}
	}
}
