package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
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
