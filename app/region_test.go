package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planboard/app"
	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// TestRegionAdmin: the admin builds the tree on /admin/regions: a region,
// a founder under it, a region's person invited; bad input keeps what was
// typed and changes nothing.
func TestRegionAdmin(t *testing.T) {
	e := newEnv(t)
	adm := e.login("admin@example.org")
	r := adm.get("/admin/regions")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "Министерство культуры и национальной политики Кузбасса") {
		t.Fatalf("tree page: %d\n%s", r.Status, r.Body)
	}
	r = adm.post("/admin/regions", url.Values{"name": {""}, "short_name": {"Пусто"}, "parent_id": {"0"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="Пусто"`) || !strings.Contains(r.Body, `href="#region_name"`) {
		t.Fatalf("empty name: %d\n%s", r.Status, r.Body)
	}
	r = adm.post("/admin/regions", url.Values{"name": {"Министерство культуры Российской Федерации"}, "parent_id": {"0"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("new region: %d\n%s", r.Status, r.Body)
	}
	r = adm.get("/admin/regions")
	if !strings.Contains(r.Body, `role="status"`) || !strings.Contains(r.Body, "Министерство культуры Российской Федерации") {
		t.Fatalf("after adding: no message or no node\n%s", r.Body)
	}
	r = adm.post("/admin/regions/invitations", url.Values{"region_id": {"1"}, "email": {"new.region@example.org"}, "full_name": {"Новый Сотрудник"}, "locale": {"ru"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d\n%s", r.Status, r.Body)
	}
	r = adm.post("/admin/regions/invitations", url.Values{"region_id": {"1"}, "email": {"director@example.org"}, "full_name": {"Директор"}, "locale": {"ru"}})
	if r.Status != http.StatusConflict && r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invite an existing account: %d", r.Status)
	}
	if !strings.Contains(r.Body, "уже есть учётная запись") || !strings.Contains(r.Body, `value="director@example.org"`) {
		t.Fatalf("invite an existing account: no message\n%s", r.Body)
	}
}

// newRegionEnv is newEnv with the demo's municipal founder and its two
// institutions under the region (storage/demo_region.go).
func newRegionEnv(t *testing.T) *env {
	t.Helper()
	db := pgtest.DB(t)
	e := &env{t: t, now: testNow}
	store := storage.New(db).WithClock(func() time.Time { return e.now })
	if _, err := store.LoadDemo(context.Background(), storage.DemoOptions{PasswordHash: demoHash(), Now: testNow, Municipal: true}); err != nil {
		t.Fatal(err)
	}
	e.store = store
	a, err := app.New(app.Deps{Store: store, Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	return e
}

// TestRegionDashboard: the region sees both founders and all four
// institutions, per founder and per institution, filters down to one
// founder, exports and prints the same; a municipal founder's person sees
// only its own institutions and not the region's page.
func TestRegionDashboard(t *testing.T) {
	e := newRegionEnv(t)
	reg := e.login("region@example.org")
	if r := reg.get("/"); r.Status != http.StatusOK {
		t.Fatalf("home: %d", r.Status)
	}
	r := reg.get("/region")
	mustStatus(t, r, http.StatusOK)
	for _, s := range []string{storage.DemoFounderName, storage.DemoMunicipalFounderName, "Краеведческий музей", "Центральная городская библиотека",
		"Новокузнецкий городской музей", "Библиотека им. Н. В. Гоголя", `href="/region"`, "Показано учреждений: 4 из 4"} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("/region lacks %q", s)
		}
	}
	// Down to the municipal founder: its two institutions only.
	founders := must(e.store.RegionFounders(context.Background(), domain.Scope{All: true}))
	var muni int64
	for _, f := range founders {
		if f.Name == storage.DemoMunicipalFounderName {
			muni = f.ID
		}
	}
	r = reg.get(fmt.Sprintf("/region?founder=%d", muni))
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.Body, "Новокузнецкий городской музей") || strings.Contains(r.Body, "Краеведческий музей") || !strings.Contains(r.Body, "Показано учреждений: 2 из 2") {
		t.Errorf("the founder filter does not narrow to the municipal institutions")
	}
	r = reg.get("/region?status=submitted")
	if !strings.Contains(r.Body, "Новокузнецкий городской музей") || strings.Contains(r.Body, "Библиотека им. Н. В. Гоголя</a>") {
		t.Errorf("the status filter does not keep the submitted plan only")
	}
	x := reg.get("/region.xlsx")
	mustStatus(t, x, http.StatusOK)
	f, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var muniRows int
	for _, row := range rows {
		if len(row) > 1 && row[0] == storage.DemoMunicipalFounderName {
			muniRows++
		}
	}
	if muniRows != 2 {
		t.Errorf("the workbook has %d rows of the municipal founder, want 2: %v", muniRows, rows)
	}
	p := reg.get("/region/print")
	mustStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Body, "сводка о выполнении планов") || !strings.Contains(p.Body, "Библиотека им. Н. В. Гоголя") {
		t.Errorf("the printable summary lacks its heading or an institution")
	}
	// The region reads an institution's plan and comments, but does not approve.
	plans := must(e.store.Plans(context.Background(), domain.Scope{All: true}))
	for _, pl := range plans {
		if pl.Institution.FounderID == muni && pl.Plan.Status == domain.PlanSubmitted {
			mustStatus(t, reg.get(fmt.Sprintf("/plans/%d", pl.Plan.ID)), http.StatusOK)
			mustStatus(t, reg.post(fmt.Sprintf("/plans/%d/approve", pl.Plan.ID), nil), http.StatusForbidden)
		}
	}
	// The regional founder's person never sees the municipal institutions.
	fo := e.login("founder@example.org")
	mustStatus(t, fo.get("/region"), http.StatusForbidden)
	if d := fo.get("/founder"); strings.Contains(d.Body, "Новокузнецкий городской музей") {
		t.Errorf("the regional founder sees a municipal institution")
	}
}

// TestRegionDashboardQueryCount: the region's pages run the same number
// of statements with twenty more institutions under its founder.
func TestRegionDashboardQueryCount(t *testing.T) {
	e, counter := countingEnv(t, app.Config{})
	reg := e.login("region@example.org")
	paths := []string{"/region", "/region?sort=score", "/region.xlsx", "/region/print", "/region/recommendations"}
	before := map[string]int64{}
	for _, p := range paths {
		before[p] = queriesFor(t, reg, counter, p)
	}
	item := must(e.store.PlanItems(context.Background(), domain.Scope{All: true}, e.planID(museum)))[0].ID
	e.grow(t, item)
	for _, p := range paths {
		if after := queriesFor(t, reg, counter, p); after != before[p] {
			t.Errorf("%s: %d queries before, %d with more institutions", p, before[p], after)
		}
	}
	if r := reg.get("/region/print"); !strings.Contains(r.Body, "Учреждение 20") {
		t.Errorf("the grown institutions are not on the summary")
	}
}

// renderRegionPages renders every page of the oversight tree once and
// returns their template names (TestEveryPageRenders).
func renderRegionPages(t *testing.T, e *env) []string {
	t.Helper()
	adm, reg := e.login("admin@example.org"), e.login("region@example.org")
	cases := []struct {
		name string
		c    *client
		path string
		want string
	}{
		{"admin_regions", adm, "/admin/regions", "Министерство культуры и национальной политики Кузбасса"},
		{"region", reg, "/region", "Краеведческий музей"},
		{"region_print", reg, "/region/print", "Центральная городская библиотека"},
		{"region_recommendations", reg, "/region/recommendations", "Новая рекомендация"},
		{"plan_recommendations", reg, fmt.Sprintf("/plans/%d/recommendations", e.planID(library)), "Рекомендации региона"},
	}
	var names []string
	for _, tc := range cases {
		r := tc.c.get(tc.path)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, tc.want) || strings.Contains(r.Body, "{{") {
			t.Errorf("%s: %s = %d, want 200 with %q", tc.name, tc.path, r.Status, tc.want)
		}
		names = append(names, tc.name)
	}
	return names
}

// TestRegionRecommendations: the region records a recommendation (bad
// input keeps what was typed); the museum's director sees Planboard's
// proposals ticked, confirms them; the region's matrix counts the museum
// as answering and lists the gaps; the send confirmation names what the
// plan does not answer.
func TestRegionRecommendations(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	reg, dir := e.login("region@example.org"), e.login("director@example.org")
	nodes := must(e.store.Overseers(ctx, domain.Scope{All: true}))
	node := fmt.Sprint(nodes[0].ID)
	r := reg.post("/region/recommendations", url.Values{"region_id": {node}, "title": {"Ремонт входной группы"}, "text": {"Отремонтировать вход"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="Ремонт входной группы"`) ||
		!strings.Contains(r.Body, "Отремонтировать вход</textarea>") || !strings.Contains(r.Body, `href="#rec_criteria"`) {
		t.Fatalf("no criteria: %d\n%s", r.Status, r.Body)
	}
	before := len(must(e.store.NodeRecommendations(ctx, domain.Scope{All: true})))
	if before != 4 {
		t.Fatalf("the demo has %d recommendations, want the four of Kuzbass", before)
	}
	mustStatus(t, reg.post("/region/recommendations", url.Values{"region_id": {node}, "title": {"Пандус и поручни для маломобильных посетителей"},
		"text": {"Оборудовать вход пандусом и поручнями"}, "criteria": {"3"}}), http.StatusSeeOther)
	if r := reg.get("/region/recommendations"); !strings.Contains(r.Body, `role="status"`) || !strings.Contains(r.Body, "Пандус и поручни") {
		t.Fatalf("after adding: no message or no recommendation")
	}
	// The museum's plan answers nothing yet: its page proposes, the send confirmation warns.
	plan := e.planID(museum)
	page := dir.get(fmt.Sprintf("/plans/%d/recommendations", plan))
	mustStatus(t, page, http.StatusOK)
	if !strings.Contains(page.Body, "предложено") || !strings.Contains(page.Body, " checked") {
		t.Fatalf("no proposals ticked on a fresh page\n%s", page.Body)
	}
	if c := dir.get(fmt.Sprintf("/plans/%d/submit", plan)); !strings.Contains(c.Body, "Повышение квалификации работников") {
		t.Errorf("the send confirmation does not name a recommendation the plan does not answer")
	}
	// The director confirms the proposals as they stand.
	form := url.Values{}
	for _, m := range regexp.MustCompile(`name="a" value="(\d+:\d+)" checked`).FindAllStringSubmatch(page.Body, -1) {
		form.Add("a", m[1])
	}
	if len(form["a"]) == 0 {
		t.Fatal("no ticked boxes to confirm")
	}
	mustStatus(t, dir.post(fmt.Sprintf("/plans/%d/recommendations", plan), form), http.StatusSeeOther)
	marks := must(e.store.PlanAnswers(ctx, domain.Scope{All: true}, plan))
	if len(marks) == 0 {
		t.Fatal("the marks were not saved")
	}
	// Staff read the marks but do not change them.
	staff := e.login("staff@example.org")
	mustStatus(t, staff.post(fmt.Sprintf("/plans/%d/recommendations", plan), form), http.StatusForbidden)
	m := reg.get("/region/recommendations")
	mustStatus(t, m, http.StatusOK)
	if !strings.Contains(m.Body, "отвечают планы 2 из 2 учреждений") {
		t.Errorf("the matrix does not count both plans answering the site recommendation\n%s", m.Body)
	}
	if !strings.Contains(m.Body, "Не отвечают на рекомендацию") || !strings.Contains(m.Body, "Пандус и поручни") {
		t.Errorf("the matrix lists no gaps")
	}
	if c := dir.get(fmt.Sprintf("/plans/%d/submit", plan)); !strings.Contains(c.Body, "Пандус и поручни") || strings.Contains(c.Body, "«Полнее представить сведения на официальном сайте»") {
		t.Errorf("the send confirmation does not follow the marks")
	}
}
