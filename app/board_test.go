package app_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"planboard/domain"
)

// postFile submits a multipart form with one file field.
func (c *client) postFile(path string, fields url.Values, field, name string, data []byte) response {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fields.Set("_csrf", c.CSRF)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	fw, _ := w.CreateFormFile(field, name)
	fw.Write(data)
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

func mustStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d\n%s", r.Status, want, r.Body)
	}
}

func TestJourneyDirectorAssignsStaffCloses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	mustStatus(t, dir.get("/plans/new"), 200)
	r := dir.post("/plans", url.Values{"year": {nextYearS}, "template": {"museum"}})
	mustStatus(t, r, http.StatusSeeOther)
	planPath := r.Location
	page := dir.get(planPath)
	ids := regexp.MustCompile(`name="ids" value="(\d+)"`).FindAllStringSubmatch(page.Body, -1)
	if len(ids) < 3 {
		t.Fatalf("plan has %d items", len(ids))
	}
	users, _ := e.store.InstitutionMembers(context.Background(), mustPlan(t, e, planPath).InstitutionID)
	var staffID string
	for _, m := range users {
		if m.User.Email == "staff@example.org" {
			staffID = itoa(m.User.ID)
		}
	}
	form := url.Values{"assignee": {staffID}, "deadline": {"30.06." + nextYearS}, "reason": {"уточнение"}}
	for _, m := range ids[:3] {
		form.Add("ids", m[1])
	}
	mustStatus(t, dir.post(planPath+"/bulk", form), http.StatusSeeOther)
	item := "/items/" + ids[0][1]

	staff := e.login("staff@example.org")
	if my := staff.get("/my"); !strings.Contains(my.Body, item+"\"") {
		t.Fatalf("my tasks lacks %s", item)
	}
	v := versionOf(t, staff.get(item))
	mustStatus(t, staff.post(item+"/status", url.Values{"transition": {"start"}, "version": {v}}), http.StatusSeeOther)
	// The same form again is stale: refused, nothing overwritten.
	mustStatus(t, staff.post(item+"/status", url.Values{"transition": {"start"}, "version": {v}}), http.StatusConflict)
	v = versionOf(t, staff.get(item))
	bad := staff.postFile(item+"/status", url.Values{"transition": {"submit"}, "version": {v}, "implemented": {""}, "completed_on": {e.today().String()}}, "evidence", "x.png", pngBytes)
	mustStatus(t, bad, http.StatusUnprocessableEntity)
	if !strings.Contains(bad.Body, `aria-describedby="implemented-error"`) {
		t.Fatal("error not next to the field")
	}
	exe := staff.postFile(item+"/status", url.Values{"transition": {"submit"}, "version": {v}, "implemented": {"Кулер установлен"}, "completed_on": {e.today().String()}}, "evidence", "evil.png", []byte("MZ\x90\x00binary"))
	mustStatus(t, exe, http.StatusUnprocessableEntity)
	mustStatus(t, staff.postFile(item+"/status", url.Values{"transition": {"submit"}, "version": {v}, "implemented": {"Кулер установлен"}, "completed_on": {e.today().String()}}, "evidence", "кулер.png", pngBytes), http.StatusSeeOther)
	page = staff.get(item)
	aid := regexp.MustCompile(item + `/attachments/(\d+)`).FindStringSubmatch(page.Body)
	if aid == nil {
		t.Fatal("no attachment link")
	}
	dl := staff.get(item + "/attachments/" + aid[1])
	mustStatus(t, dl, 200)
	if dl.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment;") || !strings.Contains(dl.Header.Get("Content-Disposition"), "UTF-8''%D0%BA") {
		t.Fatalf("headers %v", dl.Header)
	}
	other := e.login("staff2@example.org")
	mustStatus(t, other.get(item+"/attachments/"+aid[1]), 404)

	v = versionOf(t, dir.get(item))
	mustStatus(t, dir.post(item+"/status", url.Values{"transition": {"accept"}, "version": {v}}), http.StatusSeeOther)
	page = dir.get(item)
	for _, want := range []string{"выполнено", "Кулер установлен", "кулер.png", "в работе", "на проверке"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("item page lacks %q", want)
		}
	}
	hist := must(e.store.ItemHistory(context.Background(), domain.Scope{All: true}, atoi(ids[0][1])))
	var steps []string
	for _, h := range hist {
		steps = append(steps, h.Action+":"+h.Field+":"+h.NewValue)
	}
	joined := strings.Join(steps, "\n")
	for _, want := range []string{"assigned:assignee:", "deadline_moved:deadline:" + nextYearS + "-06-30", "status:status:in_progress", "status:status:review", "evidence:file:кулер.png", "status:status:done"} {
		if !strings.Contains(joined, want) {
			t.Errorf("history lacks %s:\n%s", want, joined)
		}
	}
}

func versionOf(t *testing.T, r response) string {
	t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no version on page (status %d)", r.Status)
	}
	return m[1]
}

func mustPlan(t *testing.T, e *env, path string) domain.Plan {
	t.Helper()
	for _, p := range must(e.store.Plans(context.Background(), domain.Scope{All: true})) {
		if "/plans/"+itoa(p.Plan.ID) == path {
			return p.Plan
		}
	}
	t.Fatalf("no plan %s", path)
	return domain.Plan{}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func atoi(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
