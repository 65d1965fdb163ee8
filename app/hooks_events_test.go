package app_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"planboard/app"
	"planboard/app/webhook"
	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// The webhook events (docs/webhooks.md) as they come from real actions: pages
// used by signed-in people, events delivered by the real worker to a
// receiver in the test process that checks every signature as the
// Standard Webhooks specification says.

const hookBase = "https://plan.example.org"

// specVerify checks a delivery as a receiver written from the Standard
// Webhooks specification would (not from app/webhook): the key is the
// secret without "whsec_", base64-decoded; the signed content is
// "id.timestamp.body"; the signature is base64(HMAC-SHA256) after "v1,",
// one of the space-separated entries; the timestamp within five minutes.
func specVerify(h http.Header, body []byte, secret string, now time.Time) error {
	id, ts, sig := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sig == "" {
		return errors.New("a webhook header is missing")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || now.Sub(time.Unix(sec, 0)).Abs() > 5*time.Minute {
		return fmt.Errorf("timestamp %q outside the tolerance", ts)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%s.%s", id, ts, body)
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, s := range strings.Fields(sig) {
		if v, got, ok := strings.Cut(s, ","); ok && v == "v1" && hmac.Equal([]byte(got), []byte(want)) {
			return nil
		}
	}
	return errors.New("no signature matches")
}

// hookCall is one delivery the receiver accepted.
type hookCall struct {
	Path, ID string
	Type     string
	Data     map[string]any
	Body     string
}

// hookReceiver is the endpoints' server: one path per endpoint, each with
// its secret.
type hookReceiver struct {
	t       *testing.T
	srv     *httptest.Server
	now     func() time.Time
	mu      sync.Mutex
	secrets map[string]string
	status  int // answer; 0: 204
	hold    func(*http.Request)
	calls   []hookCall
	seen    map[string]int // path+webhook-id: requests received
}

func newHookReceiver(t *testing.T, now func() time.Time) *hookReceiver {
	rc := &hookReceiver{t: t, now: now, secrets: map[string]string{}, seen: map[string]int{}}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *hookReceiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	secret, status, hold := rc.secrets[r.URL.Path], rc.status, rc.hold
	rc.seen[r.URL.Path+" "+r.Header.Get("webhook-id")]++
	rc.mu.Unlock()
	if err := specVerify(r.Header, body, secret, rc.now()); err != nil {
		rc.t.Errorf("receiver %s: %v", r.URL.Path, err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if hold != nil {
		hold(r)
	}
	if status == 0 {
		status = http.StatusNoContent
	}
	if status < 300 {
		var doc struct {
			Type      string         `json:"type"`
			Timestamp string         `json:"timestamp"`
			Data      map[string]any `json:"data"`
		}
		if err := json.Unmarshal(body, &doc); err != nil || doc.Type == "" || doc.Timestamp == "" {
			rc.t.Errorf("body %s: %v", body, err)
		}
		rc.mu.Lock()
		rc.calls = append(rc.calls, hookCall{Path: r.URL.Path, ID: r.Header.Get("webhook-id"), Type: doc.Type, Data: doc.Data, Body: string(body)})
		rc.mu.Unlock()
	}
	w.WriteHeader(status)
}

func (rc *hookReceiver) set(status int) { rc.mu.Lock(); rc.status = status; rc.mu.Unlock() }

// got returns the accepted calls to path, each webhook-id once (a repeat
// is an error).
func (rc *hookReceiver) got(path string) []hookCall {
	rc.t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	ids := map[string]bool{}
	var out []hookCall
	for _, c := range rc.calls {
		if c.Path != path {
			continue
		}
		if ids[c.ID] {
			rc.t.Errorf("%s accepted %s twice", path, c.ID)
		}
		ids[c.ID] = true
		out = append(out, c)
	}
	return out
}

// hookKinds counts calls by event type.
func hookKinds(calls []hookCall) map[string]int {
	out := map[string]int{}
	for _, c := range calls {
		out[c.Type]++
	}
	return out
}

// hookEnv is the demo over a database of its own that replicas can share,
// the site's public URL hookBase, and webhooks allowed to the receiver.
type hookEnv struct {
	*env
	dsn string
	rc  *hookReceiver
}

func newHookEnv(t *testing.T) *hookEnv {
	t.Helper()
	h := &hookEnv{dsn: pgtest.DemoDSN(t, demoHash()), env: &env{t: t, now: testNow}}
	h.store, h.app = h.instance()
	h.rc = newHookReceiver(t, h.clock)
	return h
}

// instance is one replica of the app: its own connection pool and app.
func (h *hookEnv) instance() (*storage.Store, *app.App) {
	db, err := storage.Open(context.Background(), h.dsn)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	store := storage.New(db).WithClock(h.clock)
	a, err := app.New(app.Deps{Store: store, Now: h.clock, Config: app.Config{BaseURL: hookBase, WebhookAllowPrivate: true}})
	if err != nil {
		h.t.Fatal(err)
	}
	return store, a
}

// replica is a second app and store on the same database, on the same clock.
func (h *hookEnv) replica() *env {
	e := &env{t: h.t, now: h.now}
	e.store, e.app = h.instance()
	return e
}

// worker is a replica's webhook deliverer.
func (h *hookEnv) worker(s *storage.Store, lease time.Duration) *webhook.Deliverer {
	return webhook.New(webhook.Config{Store: s, Clock: h.clock, Guard: webhook.Guard{AllowPrivate: true},
		Timeout: 5 * time.Second, Lease: lease, MailHost: "test"})
}

func (h *hookEnv) deliver() webhook.Result {
	h.t.Helper()
	r, err := h.worker(h.store, time.Minute).Deliver(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

var hookSecretRe = regexp.MustCompile(`<code id="secret">(whsec_[^<]+)</code>`)

// register adds an endpoint subscribed to every kind through the page at
// formPath (with extra fields), pointing at the receiver's path.
func (h *hookEnv) register(c *client, formPath, path string, extra url.Values) {
	h.t.Helper()
	form := url.Values{"url": {h.rc.srv.URL + path}, "events": domain.WebhookEventKinds, "enabled": {"on"}}
	for k, v := range extra {
		form[k] = v
	}
	r := c.post(formPath, form)
	mustStatus(h.t, r, http.StatusSeeOther)
	m := hookSecretRe.FindStringSubmatch(c.get(r.Location).Body)
	if m == nil {
		h.t.Fatalf("no secret on %s", r.Location)
	}
	h.rc.mu.Lock()
	h.rc.secrets[path] = html.UnescapeString(m[1])
	h.rc.mu.Unlock()
}

// registerMuseum gives the museum an endpoint at /museum (by its
// director) and the founder one at /founder, for all its institutions.
func (h *hookEnv) registerMuseum() {
	h.t.Helper()
	h.register(h.login("director@example.org"), fmt.Sprintf("/institutions/%d/webhooks", h.institutionID(museum)), "/museum", nil)
	founder := h.login("founder@example.org")
	fid := regexp.MustCompile(`name="founder_id" value="(\d+)"`).FindStringSubmatch(founder.get("/founder/webhooks").Body)
	if fid == nil {
		h.t.Fatal("no founder on the founder's webhooks page")
	}
	h.register(founder, "/founder/webhooks", "/founder", url.Values{"founder_id": {fid[1]}})
}

func (h *hookEnv) eventCount() int {
	h.t.Helper()
	var n int
	if err := h.store.DB().NewRaw("SELECT count(*) FROM webhook_events").Scan(context.Background(), &n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

func (h *hookEnv) item(id int64) domain.Item {
	h.t.Helper()
	return must(h.store.ItemWithAssignees(context.Background(), domain.Scope{All: true}, id))
}

// createItem adds an item to the museum's plan through its page.
func (h *hookEnv) createItem(dir *client, measure string) domain.Item {
	h.t.Helper()
	r := dir.post(fmt.Sprintf("/plans/%d/items", h.planID(museum)), url.Values{"section": {"2"}, "measure": {measure},
		"deadline": {"30.06." + demoYearS}, "priority": {"2"}})
	mustStatus(h.t, r, http.StatusSeeOther)
	id, err := strconv.ParseInt(strings.TrimPrefix(r.Location, "/items/"), 10, 64)
	if err != nil {
		h.t.Fatalf("created item at %q", r.Location)
	}
	return h.item(id)
}

// reportPeriod is a period the director can report on today.
func (h *hookEnv) reportPeriod() string {
	if q := (int(h.today().Month)-1)/3 + 1; q > 1 {
		return fmt.Sprintf("q%d", q-1)
	}
	return "q1"
}

// TestWebhookEveryKindFromItsAction: each of the twelve kinds is emitted by
// the action that causes it, done through the pages, and delivered signed
// to the institution's endpoint and its founder's, once each, with a
// payload that names people but never their e-mail addresses.
func TestWebhookEveryKindFromItsAction(t *testing.T) {
	t.Parallel()
	h := newHookEnv(t)
	h.registerMuseum()
	dir, staff, founder := h.login("director@example.org"), h.login("staff@example.org"), h.login("founder@example.org")
	staffID := h.userID("staff@example.org")
	plan := fmt.Sprintf("/plans/%d", h.planID(museum))

	it := h.createItem(dir, "Установить пандус у входа")
	mustStatus(t, dir.post(plan+"/bulk", url.Values{"ids": {itoa(it.ID)}, "assignee": {itoa(staffID)},
		"deadline": {"IV квартал " + demoYearS}, "reason": {"подрядчик"}}), http.StatusSeeOther)
	it = h.item(it.ID)
	mustStatus(t, dir.post(itemURL(it.ID)+"/edit", url.Values{"section": {string(it.Section)}, "measure": {it.Measure},
		"deadline": {"30.11." + demoYearS}, "deadline_reason": {"Перенос финансирования"}, "assignee": {itoa(staffID)},
		"priority": {"2"}, "version": {itoa(int64(it.Version))}}), http.StatusSeeOther)
	it = h.item(it.ID)
	mustStatus(t, staff.post(itemURL(it.ID)+"/status", url.Values{"transition": {"start"}, "version": {itoa(int64(it.Version))}}), http.StatusSeeOther)
	mustStatus(t, staff.post(itemURL(it.ID)+"/comments", url.Values{"body": {"Смета готова"}}), http.StatusSeeOther)

	mustStatus(t, dir.post(plan+"/submit", nil), http.StatusSeeOther)
	mustStatus(t, founder.post(plan+"/return", url.Values{"remarks": {"Добавьте сроки"}}), http.StatusSeeOther)
	mustStatus(t, dir.post(plan+"/submit", nil), http.StatusSeeOther)
	mustStatus(t, founder.post(plan+"/approve", nil), http.StatusSeeOther)
	mustStatus(t, dir.post(plan+"/publish", nil), http.StatusSeeOther)

	period := url.Values{"period": {h.reportPeriod()}}
	r := dir.post(plan+"/reports", period)
	mustStatus(t, r, http.StatusSeeOther)
	mustStatus(t, founder.post(r.Location+"/return", url.Values{"remarks": {"Приложите фото"}}), http.StatusSeeOther)
	r = dir.post(plan+"/reports", period)
	mustStatus(t, r, http.StatusSeeOther)
	mustStatus(t, founder.post(r.Location+"/accept", nil), http.StatusSeeOther)
	reportPath := r.Location

	if res := h.deliver(); res.Delivered == 0 || res.Retried+res.Failed != 0 {
		t.Fatalf("delivery: %+v", res)
	}
	want := map[string]int{domain.EventItemCreated: 1, domain.EventItemAssigned: 1, domain.EventItemDeadlineMoved: 2,
		domain.EventItemStatusChanged: 1, domain.EventItemCommentAdded: 1, domain.EventPlanSubmitted: 2, domain.EventPlanReturned: 1,
		domain.EventPlanApproved: 1, domain.EventPlanPublished: 1, domain.EventReportSubmitted: 2, domain.EventReportReturned: 1,
		domain.EventReportAccepted: 1}
	for _, path := range []string{"/museum", "/founder"} {
		calls := h.rc.got(path)
		if got := hookKinds(calls); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s got %v\nwant %v", path, got, want)
		}
		for _, c := range calls {
			if strings.Contains(c.Body, "@") || strings.Contains(c.Body, "whsec_") {
				t.Errorf("%s: an e-mail address or a secret in %s", c.Type, c.Body)
			}
			if c.Data["institution_id"] != float64(h.institutionID(museum)) || c.Data["institution"] == "" ||
				!strings.HasPrefix(fmt.Sprint(c.Data["url"]), hookBase+"/") {
				t.Errorf("%s: ids, institution or link missing: %s", c.Type, c.Body)
			}
		}
	}
	if t.Failed() {
		return
	}
	byType := map[string]hookCall{}
	for _, c := range h.rc.got("/museum") {
		if _, ok := byType[c.Type]; !ok {
			byType[c.Type] = c
		}
	}
	field := func(kind, path string) string {
		var v any = byType[kind].Data
		for _, k := range strings.Split(path, ".") {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		if a, ok := v.([]any); ok && len(a) > 0 {
			v = a[0].(map[string]any)["name"]
		}
		return fmt.Sprint(v)
	}
	staffName := must(h.store.UserByEmail(context.Background(), "staff@example.org")).FullName
	dirName := must(h.store.UserByEmail(context.Background(), "director@example.org")).FullName
	for _, c := range []struct{ kind, path, want string }{
		{domain.EventItemCreated, "title", "Установить пандус у входа"},
		{domain.EventItemCreated, "item_id", fmt.Sprint(it.ID)},
		{domain.EventItemCreated, "deadline.text", "30.06." + demoYearS},
		{domain.EventItemCreated, "url", hookBase + itemURL(it.ID)},
		{domain.EventItemCreated, "actor.name", dirName},
		{domain.EventItemAssigned, "assignees", staffName},
		{domain.EventItemDeadlineMoved, "old_deadline.due", demoYearS + "-06-30"},
		{domain.EventItemDeadlineMoved, "new_deadline.text", "IV квартал " + demoYearS},
		{domain.EventItemDeadlineMoved, "reason", "подрядчик"},
		{domain.EventItemStatusChanged, "old_status", "planned"},
		{domain.EventItemStatusChanged, "new_status", "in_progress"},
		{domain.EventItemStatusChanged, "actor.name", staffName},
		{domain.EventItemCommentAdded, "comment.text", "Смета готова"},
		{domain.EventPlanSubmitted, "new_status", "submitted"},
		{domain.EventPlanReturned, "reason", "Добавьте сроки"},
		{domain.EventPlanApproved, "new_status", "approved"},
		{domain.EventPlanPublished, "public_url", hookBase + "/p/" + museum + "/" + demoYearS},
		{domain.EventReportSubmitted, "report.period", h.reportPeriod()},
		{domain.EventReportReturned, "report.remarks", "Приложите фото"},
		{domain.EventReportAccepted, "url", hookBase + reportPath},
	} {
		if got := field(c.kind, c.path); got != c.want {
			t.Errorf("%s %s = %q, want %q\n%s", c.kind, c.path, got, c.want, byType[c.kind].Body)
		}
	}
	// The second deadline move came from the item's form, with its reason.
	var reasons []string
	for _, c := range h.rc.got("/museum") {
		if c.Type == domain.EventItemDeadlineMoved {
			reasons = append(reasons, fmt.Sprint(c.Data["reason"]))
		}
	}
	if strings.Join(reasons, ",") != "подрядчик,Перенос финансирования" {
		t.Errorf("deadline reasons %v", reasons)
	}
	// Every delivery is in the ledger as delivered, once per endpoint.
	if res := h.deliver(); res != (webhook.Result{}) {
		t.Errorf("a second run sent again: %+v", res)
	}
}

// TestWebhookFailedChangeEmitsNothing: a stale form, a validation error or
// a step not allowed saves nothing and emits nothing; the same step sent
// twice emits once.
func TestWebhookFailedChangeEmitsNothing(t *testing.T) {
	t.Parallel()
	h := newHookEnv(t)
	h.registerMuseum()
	dir, staff, founder := h.login("director@example.org"), h.login("staff@example.org"), h.login("founder@example.org")
	plan := fmt.Sprintf("/plans/%d", h.planID(museum))
	it := museumItem(t, h.env, domain.StatusPlanned)
	mustStatus(t, dir.post(plan+"/bulk", url.Values{"ids": {itoa(it.ID)}, "assignee": {itoa(h.userID("staff@example.org"))}}), http.StatusSeeOther)
	it = h.item(it.ID)
	before := h.eventCount()
	if before != 1 {
		t.Fatalf("the assignment made %d events", before)
	}
	start := url.Values{"transition": {"start"}, "version": {itoa(int64(it.Version))}}
	mustStatus(t, staff.post(itemURL(it.ID)+"/status", start), http.StatusSeeOther)
	mustStatus(t, staff.post(itemURL(it.ID)+"/status", start), http.StatusConflict) // stale: sent again
	mustStatus(t, dir.post(itemURL(it.ID)+"/edit", url.Values{"section": {string(it.Section)}, "measure": {"Другое"},
		"deadline": {"IV квартал " + demoYearS}, "priority": {"2"}, "version": {itoa(int64(it.Version))}}), http.StatusConflict)
	mustStatus(t, dir.post(plan+"/bulk", url.Values{"ids": {itoa(it.ID)}, "deadline": {"31.02." + demoYearS}, "reason": {"x"}}), http.StatusUnprocessableEntity)
	mustStatus(t, dir.post(plan+"/bulk", url.Values{"ids": {itoa(it.ID)}}), http.StatusUnprocessableEntity) // nothing to set
	mustStatus(t, dir.post(plan+"/items", url.Values{"section": {"2"}, "measure": {""}, "priority": {"2"}}), http.StatusUnprocessableEntity)
	mustStatus(t, staff.post(itemURL(it.ID)+"/comments", url.Values{"body": {"  "}}), http.StatusUnprocessableEntity)
	mustStatus(t, founder.post(plan+"/approve", nil), http.StatusConflict) // a draft
	mustStatus(t, dir.post(plan+"/submit", nil), http.StatusSeeOther)
	mustStatus(t, founder.post(plan+"/return", url.Values{"remarks": {" "}}), http.StatusUnprocessableEntity)
	mustStatus(t, dir.post(plan+"/submit", nil), http.StatusConflict) // submitted already
	mustStatus(t, dir.post(plan+"/reports", url.Values{"period": {"q1"}}), http.StatusConflict)
	if n := h.eventCount(); n != before+2 {
		t.Errorf("%d events after the failed changes, want %d (the start and the submission)", n, before+2)
	}
	h.deliver()
	if got := hookKinds(h.rc.got("/museum")); fmt.Sprint(got) != fmt.Sprint(map[string]int{domain.EventItemAssigned: 1,
		domain.EventItemStatusChanged: 1, domain.EventPlanSubmitted: 1}) {
		t.Errorf("delivered %v", got)
	}
}

// TestWebhookEventsReceiverDownThenUp: events of real actions wait while
// the receiver fails and arrive once each when it is back.
func TestWebhookEventsReceiverDownThenUp(t *testing.T) {
	t.Parallel()
	h := newHookEnv(t)
	h.registerMuseum()
	dir := h.login("director@example.org")
	h.rc.set(http.StatusServiceUnavailable)
	for i := 0; i < 3; i++ {
		h.createItem(dir, fmt.Sprintf("Мера %d", i+1))
	}
	if r := h.deliver(); r.Retried != 6 || r.Delivered != 0 {
		t.Fatalf("receiver down: %+v", r)
	}
	h.rc.set(0)
	h.now = h.now.Add(time.Minute)
	if r := h.deliver(); r.Delivered != 6 {
		t.Fatalf("receiver up: %+v", r)
	}
	h.now = h.now.Add(time.Hour)
	if r := h.deliver(); r != (webhook.Result{}) {
		t.Errorf("sent again: %+v", r)
	}
	for _, path := range []string{"/museum", "/founder"} {
		if got := hookKinds(h.rc.got(path)); got[domain.EventItemCreated] != 3 || len(got) != 1 {
			t.Errorf("%s got %v", path, got)
		}
	}
}

// TestWebhookEventsTwoReplicas: two app instances with their workers on
// one database; people act on both; each event reaches each endpoint once.
func TestWebhookEventsTwoReplicas(t *testing.T) {
	t.Parallel()
	h := newHookEnv(t)
	h.registerMuseum()
	other := h.replica()
	dirs := []*client{h.login("director@example.org"), other.login("director@example.org")}
	const n = 10
	for i := 0; i < n; i++ {
		h.createItem(dirs[i%2], fmt.Sprintf("Мера %d", i+1))
	}
	h.rc.hold = func(*http.Request) { time.Sleep(5 * time.Millisecond) } // overlap the workers
	workers := []*webhook.Deliverer{h.worker(h.store, time.Minute), h.worker(other.store, time.Minute)}
	results := make([]webhook.Result, 2)
	var wg sync.WaitGroup
	for i, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if results[i], err = w.Deliver(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := results[0].Delivered + results[1].Delivered; got != 2*n {
		t.Errorf("delivered %d (%+v), want %d", got, results, 2*n)
	}
	for _, path := range []string{"/museum", "/founder"} {
		if got := len(h.rc.got(path)); got != n {
			t.Errorf("%s accepted %d, want %d", path, got, n)
		}
	}
	for k, times := range h.rc.seen {
		if times != 1 {
			t.Errorf("%s received %d times", k, times)
		}
	}
}

// TestWebhookEventKilledMidDelivery: a worker cancelled while the receiver
// holds its request loses nothing: after the lease another replica sends
// the event again, under the same webhook-id.
func TestWebhookEventKilledMidDelivery(t *testing.T) {
	t.Parallel()
	h := newHookEnv(t)
	h.register(h.login("director@example.org"), fmt.Sprintf("/institutions/%d/webhooks", h.institutionID(museum)), "/museum", nil)
	h.createItem(h.login("director@example.org"), "Мера")
	ctx, kill := context.WithCancel(context.Background())
	var first sync.Once
	h.rc.hold = func(r *http.Request) {
		first.Do(func() {
			kill()
			<-r.Context().Done()
		})
	}
	const lease = 1500 * time.Millisecond
	if r, err := h.worker(h.store, lease).Deliver(ctx); err != nil || r.Aborted != 1 {
		t.Fatalf("killed run: %+v, %v", r, err)
	}
	other := h.replica()
	w := h.worker(other.store, lease)
	deadline := time.After(10 * time.Second)
	for {
		r, err := w.Deliver(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r.Delivered == 1 {
			break
		}
		select {
		case <-deadline:
			t.Fatal("not delivered after the lease expired")
		case <-time.After(100 * time.Millisecond):
		}
	}
	if len(h.rc.seen) != 1 {
		t.Errorf("received %v, want one webhook-id", h.rc.seen)
	}
	for k, times := range h.rc.seen {
		if times != 2 {
			t.Errorf("%s received %d times, want 2 (the lost answer, then the retry)", k, times)
		}
	}
	h.rc.mu.Lock()
	defer h.rc.mu.Unlock()
	if c := h.rc.calls; len(c) == 0 || c[len(c)-1].Type != domain.EventItemCreated {
		t.Errorf("accepted %v", c)
	}
}

// TestWebhookPlanImportEmitsItemCreated: a plan created from a file emits
// item.created for each of its items, in the transaction that creates them.
func TestWebhookPlanImportEmitsItemCreated(t *testing.T) {
	t.Parallel()
	h := newHookEnv(t)
	h.registerMuseum()
	dir := h.login("director@example.org")
	path := uploadPlan(t, dir, h.institutionID(museum), "план.docx", importDOCX(t, importYear))
	form := previewForm(t, dir.get(path).Body)
	form.Set("title", "План из Word")
	r := dir.post(path, form)
	mustStatus(t, r, http.StatusSeeOther)
	plan, items := planOf(t, h.env, r.Location)
	h.deliver()
	calls := h.rc.got("/museum")
	if got := hookKinds(calls); got[domain.EventItemCreated] != len(items) || len(got) != 1 {
		t.Fatalf("got %v for %d items", got, len(items))
	}
	ids := map[float64]bool{}
	for _, c := range calls {
		if c.Data["plan_id"] != float64(plan.ID) || c.Data["plan_title"] != "План из Word" {
			t.Errorf("event %s", c.Body)
		}
		ids[c.Data["item_id"].(float64)] = true
	}
	for _, it := range items {
		if !ids[float64(it.ID)] {
			t.Errorf("no item.created for item %d", it.ID)
		}
	}
}

// subscribeAll gives inst an enabled endpoint for every kind (a public
// address nobody delivers to here), so that its events are stored.
func subscribeAll(t *testing.T, e *env, inst int64) {
	t.Helper()
	ep := domain.WebhookEndpoint{InstitutionID: inst, URL: "https://93.184.216.34/in", Events: domain.WebhookEventKinds,
		Enabled: true, Secret: "whsec_c3Vic2NyaWJlLWFsbC1zdWJzY3JpYmUtYWxs", CreatedBy: e.userID("director@example.org")}
	if err := e.store.CreateWebhookEndpoint(context.Background(), &ep); err != nil {
		t.Fatal(err)
	}
}

// storedEventKinds counts the events in the ledger by kind.
func storedEventKinds(t *testing.T, e *env) map[string]int {
	t.Helper()
	var rows []struct {
		Kind string `bun:"kind"`
		N    int    `bun:"n"`
	}
	if err := e.store.DB().NewRaw("SELECT kind, count(*) AS n FROM webhook_events GROUP BY kind").Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Kind] = r.N
	}
	return out
}

// A plan made from a template tells of each of its items, like an import.
func TestWebhookPlanFromTemplateEmitsItemCreated(t *testing.T) {
	t.Parallel()
	h := newHookEnv(t)
	h.registerMuseum()
	dir := h.login("director@example.org")
	r := dir.post("/plans", url.Values{"year": {nextYearS}, "template": {"museum"}})
	mustStatus(t, r, http.StatusSeeOther)
	plan, items := planOf(t, h.env, r.Location)
	if len(items) == 0 {
		t.Fatal("the template made no items")
	}
	h.deliver()
	calls := h.rc.got("/museum")
	if got := hookKinds(calls); got[domain.EventItemCreated] != len(items) || len(got) != 1 {
		t.Fatalf("got %v for %d items", got, len(items))
	}
	for _, c := range calls {
		if c.Data["plan_id"] != float64(plan.ID) {
			t.Errorf("event of another plan: %s", c.Body)
		}
	}
}
