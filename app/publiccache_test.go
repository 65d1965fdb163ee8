package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"planboard/app"
	"planboard/domain"
)

// A published snapshot is rendered once: later views run one query (which
// snapshot is the newest), answer the same bytes, and a browser holding it
// gets 304; republishing shows the new snapshot at once.
func TestPublicSnapshotRenderedOnce(t *testing.T) {
	t.Parallel()
	e, counter := countingEnv(t, app.Config{})
	anon := e.client()
	path := "/p/" + library + "/" + demoYearS
	for _, p := range []string{path, path + "?mode=vi", path + ".xlsx", path + ".pdf", path + ".csv", path + ".json"} {
		first := anon.get(p)
		before := counter.Count()
		again := anon.get(p)
		if n := counter.Count() - before; n != 1 || again.Status != 200 || again.Body != first.Body ||
			again.Header.Get("Content-Type") != first.Header.Get("Content-Type") ||
			again.Header.Get("Content-Disposition") != first.Header.Get("Content-Disposition") {
			t.Errorf("%s again: %d queries, status %d, same body %t, type %q", p, n, again.Status, again.Body == first.Body, again.Header.Get("Content-Type"))
		}
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Header.Set("If-None-Match", again.Header.Get("ETag"))
		if r := anon.do(req); r.Status != http.StatusNotModified || again.Header.Get("ETag") == "" {
			t.Errorf("%s with its ETag: %d", p, r.Status)
		}
	}
	// The director renames an item and republishes: the public page shows it.
	dir := e.login("director2@example.org")
	items := must(e.store.PlanItems(t.Context(), domain.Scope{All: true}, e.planID(library)))
	if _, err := e.store.DB().NewRaw(`UPDATE items SET measure = 'Открыть пандус у входа' WHERE id = ?`, items[0].ID).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	lp := "/plans/" + itoa(e.planID(library))
	dir.get(lp + "/approval")
	mustStatus(t, dir.post(lp+"/publish", url.Values{}), http.StatusSeeOther)
	if r := anon.get(path); !strings.Contains(r.Body, "Открыть пандус у входа") {
		t.Error("the republished snapshot is not shown")
	}
}
