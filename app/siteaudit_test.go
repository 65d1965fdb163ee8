package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planboard/app"
	"planboard/app/mail"
	"planboard/app/siteaudit"
	"planboard/app/webhook"
	"planboard/domain"
)

// siteEnv is the app with the operator's switch for private addresses on
// (the test sites are on loopback) and a site audit runner over its store.
type siteEnv struct {
	*env
	runner *siteaudit.Runner
}

func newSiteEnv(t *testing.T) *siteEnv {
	e := newEnv(t)
	a, err := app.New(app.Deps{Store: e.store, Now: e.clock, Config: app.Config{WebhookAllowPrivate: true, BaseURL: "http://plan.test"}, Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
		Ready: func(ctx context.Context) error { return e.store.Ping(ctx) }})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	m, err := mail.NewMailer(mail.MailerConfig{Store: e.store, BaseURL: "http://plan.test"})
	if err != nil {
		t.Fatal(err)
	}
	r := siteaudit.NewRunner(siteaudit.RunnerConfig{Store: e.store, Clock: e.clock, BaseURL: "http://plan.test",
		Notice: m.SiteWorseMails, MailHost: m.Host(),
		Crawler: siteaudit.Config{Guard: webhook.Guard{AllowPrivate: true}, UserAgent: "Planboard site audit (+http://plan.test)",
			Pause: time.Millisecond, RequestTimeout: 2 * time.Second}})
	return &siteEnv{env: e, runner: r}
}

// runDue runs the due audits and wants n of them.
func (e *siteEnv) runDue(n int) {
	e.t.Helper()
	got, err := e.runner.RunDue(context.Background())
	if err != nil || got != n {
		e.t.Fatalf("RunDue: %d runs, %v; want %d", got, err, n)
	}
}

// mutableSite serves a home page that the test changes between runs.
type mutableSite struct {
	mu     sync.Mutex
	home   string
	pages  map[string]string
	status int
}

func (s *mutableSite) set(home string, pages map[string]string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.home, s.pages, s.status = home, pages, status
}

func (s *mutableSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	home, pages, status := s.home, s.pages, s.status
	s.mu.Unlock()
	if status != 0 {
		http.Error(w, "down", status)
		return
	}
	body, ok := pages[r.URL.Path]
	if r.URL.Path == "/" {
		body, ok = home, true
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html lang="ru"><head><title>Краеведческий музей</title></head><body>%s</body></html>`, body)
}

const poorHome = `<p>Телефон: <a href="tel:+73842111111">+7 (3842) 11-11-11</a>. Почта: <a href="mailto:museum@example.org">museum@example.org</a></p>`

func siteRuns(t *testing.T, e *siteEnv, inst int64) int {
	var n int
	if err := e.store.DB().NewRaw(`SELECT count(*) FROM site_audit_runs WHERE institution_id = ?`, inst).Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func worseMails(t *testing.T, e *siteEnv) int {
	var n int
	if err := e.store.DB().NewRaw(`SELECT count(*) FROM mail_outbox WHERE kind = ?`, domain.MailSiteWorse).Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSiteAuditJourney: the director records the site, asks for a run, a
// poor site gives 1.2 = 60; the FAQ and a feedback form appear (listed,
// 1.2 = 100 capped); the FAQ disappears (the director is mailed once); a
// failing run keeps the previous results; a gap goes into the plan.
func TestSiteAuditJourney(t *testing.T) {
	e := newSiteEnv(t)
	site := &mutableSite{}
	site.set(poorHome, nil, 0)
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	inst := e.institutionID(museum)
	path := fmt.Sprintf("/institutions/%d/site", inst)
	dir := e.login("director@example.org")

	if r := dir.post(path, url.Values{"url": {srv.URL}}); r.Status != http.StatusSeeOther {
		t.Fatalf("saving the URL: %d %s", r.Status, r.Body)
	}
	if r := dir.get(path); !strings.Contains(r.Body, "Адрес сайта сохранён.") || !strings.Contains(r.Body, `value="`+srv.URL+`/"`) {
		t.Fatalf("the page after saving lacks the message or the address:\n%s", r.Body)
	}
	e.runDue(0) // nothing asked for yet
	if r := dir.post(path+"/run", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("run: %d", r.Status)
	}
	if r := dir.get(path); !strings.Contains(r.Body, `role="status">Проверка запрошена.`) {
		t.Errorf("no status message after «Проверить сейчас»")
	}
	e.runDue(1)
	r := dir.get(path)
	for _, want := range []string{"способов найдено: 2", "на сайте не найдено наличие раздела официального сайта «Часто задаваемые вопросы»: −30 баллов показателя 1.2",
		"<code>tel:&#43;73842111111</code>", "Добавить в план"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("first run: the page lacks %q", want)
		}
	}
	if !strings.Contains(r.Body, `<td data-label="По сайту сейчас">60 (`) {
		t.Errorf("first run: 1.2 is not 60")
	}

	// The FAQ and a feedback form appear.
	site.set(poorHome+`<a href="/faq">Часто задаваемые вопросы</a> <a href="/appeal">Обращения</a>`, map[string]string{
		"/faq":    `<h1>Часто задаваемые вопросы</h1>`,
		"/appeal": `<form method="post"><label for="m">Ваше обращение</label><textarea id="m" name="m"></textarea><button>Отправить</button></form>`,
	}, 0)
	e.now = e.now.Add(time.Hour)
	dir.post(path+"/run", nil)
	e.runDue(1)
	r = dir.get(path)
	changes := between(r.Body, `<ul id="changes">`, `</ul>`)
	if !strings.Contains(changes, "появилось: раздела официального сайта «Часто задаваемые вопросы»") || !strings.Contains(changes, "появилось: электронных сервисов") {
		t.Errorf("second run: changes %q lack the FAQ and the form", changes)
	}
	if !strings.Contains(r.Body, `<td data-label="По сайту сейчас">100 (способов найдено: 4)`) {
		t.Errorf("second run: 1.2 is not 100 (4 channels, capped):\n%s", between(r.Body, `id="estimate"`, "</table>"))
	}
	if worseMails(t, e) != 0 {
		t.Error("a better run mailed the director")
	}

	// The FAQ disappears: worse, the director is mailed, once.
	site.set(poorHome+`<a href="/appeal">Обращения</a>`, map[string]string{
		"/appeal": `<form method="post"><label for="m">Ваше обращение</label><textarea id="m" name="m"></textarea></form>`}, 0)
	e.now = e.now.Add(time.Hour)
	dir.post(path+"/run", nil)
	e.runDue(1)
	if n := worseMails(t, e); n != 1 {
		t.Fatalf("%d mails about the worse run, want 1 (the museum's director)", n)
	}
	e.runDue(0)
	if n := worseMails(t, e); n != 1 {
		t.Errorf("%d mails after another sweep, want still 1", n)
	}
	r = dir.get(path)
	if !strings.Contains(between(r.Body, `<ul id="changes">`, `</ul>`), "пропало:") {
		t.Error("third run: the lost FAQ is not listed")
	}

	// A failing run: the reason in words, the previous results kept.
	site.set("", nil, http.StatusServiceUnavailable)
	e.now = e.now.Add(time.Hour)
	dir.post(path+"/run", nil)
	e.runDue(1)
	r = dir.get(path)
	if !strings.Contains(r.Body, "сайт ответил ошибкой 503") || !strings.Contains(r.Body, "результаты предыдущей успешной проверки") ||
		!strings.Contains(r.Body, `<td data-label="По сайту сейчас">90 (способов найдено: 3)`) {
		t.Errorf("failed run: the reason or the previous results are missing")
	}
	if siteRuns(t, e, inst) != 4 {
		t.Errorf("%d runs kept, want 4", siteRuns(t, e, inst))
	}

	// From gap to task: the FAQ goes into the plan, once.
	if r := dir.post(path+"/checks/1.2.faq/plan", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("add to plan: %d %s", r.Status, r.Body)
	}
	items, err := e.store.PlanItems(context.Background(), domain.Scope{All: true}, e.planID(museum))
	if err != nil {
		t.Fatal(err)
	}
	var added []domain.Item
	for _, it := range items {
		if it.Measure == "Создать на официальном сайте раздел «Часто задаваемые вопросы»" {
			added = append(added, it)
		}
	}
	if len(added) != 1 || added[0].Indicator != "1.2" || len(added[0].Checklist) != 1 || added[0].Checklist[0].ConditionKey != "1.2.faq" {
		t.Fatalf("added items %+v: want one, indicator 1.2, a point providing 1.2.faq", added)
	}
	dir.post(path+"/checks/1.2.faq/plan", nil)
	if r := dir.get(path); !strings.Contains(r.Body, "Это мероприятие уже есть в плане.") {
		t.Error("adding twice did not say the plan has it")
	}
}

// TestSiteAuditMarks: «есть, но не найдено автоматически» with a URL is
// kept by the next run and counts; a bad address is refused, kept typed.
func TestSiteAuditMarks(t *testing.T) {
	e := newSiteEnv(t)
	site := &mutableSite{}
	site.set(poorHome, nil, 0)
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	inst := e.institutionID(museum)
	path := fmt.Sprintf("/institutions/%d/site", inst)
	dir := e.login("director@example.org")
	dir.post(path, url.Values{"url": {srv.URL}})
	dir.post(path+"/run", nil)
	e.runDue(1)
	r := dir.post(path+"/checks/1.2.other/mark", url.Values{"url": {"ftp://vk.com/museum"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#mark-1-2-other"`) ||
		!strings.Contains(r.Body, "Адрес должен начинаться с http:// или https://.") {
		t.Fatalf("a bad mark: %d, want 422 with the error linked to its field", r.Status)
	}
	if r := dir.post(path+"/checks/1.2.other/mark", url.Values{"url": {"https://vk.com/museum"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("mark: %d", r.Status)
	}
	e.now = e.now.Add(time.Hour)
	dir.post(path+"/run", nil)
	e.runDue(1)
	r = dir.get(path)
	if !strings.Contains(r.Body, "Есть (отмечено вручную)") || !strings.Contains(r.Body, `<td data-label="По сайту сейчас">90 (способов найдено: 3)`) {
		t.Error("the mark was not kept by the next run, or does not count")
	}
	if r := dir.post(path+"/checks/no.such/mark", url.Values{"url": {"https://vk.com/museum"}}); r.Status != http.StatusNotFound {
		t.Errorf("unknown check: %d, want 404", r.Status)
	}
}

// TestSiteURLRefused: a non-http(s) address and, without the operator's
// switch, a private one are refused with the reason, the typed text kept.
func TestSiteURLRefused(t *testing.T) {
	e := newEnv(t) // the switch off
	path := fmt.Sprintf("/institutions/%d/site", e.institutionID(museum))
	dir := e.login("director@example.org")
	for _, tc := range []struct{ typed, want string }{
		{"ftp://museum.example.org", "Адрес должен начинаться с http:// или https://."},
		{"http://127.0.0.1:8080/", "Адрес ведёт во внутреннюю сеть"},
		{"http://10.1.2.3/", "Адрес ведёт во внутреннюю сеть"},
	} {
		r := dir.post(path, url.Values{"url": {tc.typed}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `value="`+tc.typed+`"`) ||
			!strings.Contains(r.Body, `href="#url"`) {
			t.Errorf("%s: %d, want 422 with %q and the address kept", tc.typed, r.Status, tc.want)
		}
	}
	var n int
	if err := e.store.DB().NewRaw(`SELECT count(*) FROM institution_sites`).Scan(context.Background(), &n); err != nil || n != 0 {
		t.Errorf("%d sites recorded after refusals (%v)", n, err)
	}
}

// TestSiteAuditOneRunAtATime: two runners asking at once run a site once.
func TestSiteAuditOneRunAtATime(t *testing.T) {
	e := newSiteEnv(t)
	site := &mutableSite{}
	site.set(poorHome, nil, 0)
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	inst := e.institutionID(museum)
	sc := domain.Scope{All: true}
	if err := e.store.SetSiteURL(context.Background(), sc, inst, srv.URL+"/", 0); err != nil {
		t.Fatal(err)
	}
	if err := e.store.RequestSiteAudit(context.Background(), sc, inst); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	total := make(chan int, 2)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := e.runner.RunDue(context.Background())
			if err != nil {
				t.Error(err)
			}
			total <- n
		}()
	}
	wg.Wait()
	close(total)
	sum := 0
	for n := range total {
		sum += n
	}
	if sum != 1 || siteRuns(t, e, inst) != 1 {
		t.Errorf("%d runs by two runners (%d kept), want 1", sum, siteRuns(t, e, inst))
	}
}

// between is the part of s from the first from to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// TestSiteAuditOnFounderDashboard: the founder sees each institution's
// site estimate and the date of its last run, sorted lowest first (never
// audited last), and the same in the XLSX.
func TestSiteAuditOnFounderDashboard(t *testing.T) {
	e := newSiteEnv(t)
	site := &mutableSite{}
	site.set(poorHome, nil, 0)
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	founder := e.login("founder@example.org")
	before := founder.get("/founder?sort=site") // kept: the run must show all the same
	if before.Status != http.StatusOK {
		t.Fatalf("dashboard: %d", before.Status)
	}
	path := fmt.Sprintf("/institutions/%d/site", e.institutionID(museum))
	founder.post(path, url.Values{"url": {srv.URL}}) // the founder may record it too
	if r := founder.post(path+"/run", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("the founder's run: %d", r.Status)
	}
	e.runDue(1)
	r := founder.get("/founder?sort=site")
	table := between(r.Body, `<table class="dash`, `</table>`)
	museumAt, libraryAt := strings.Index(table, "Краеведческий"), strings.Index(table, "Центральная")
	if !strings.Contains(r.Body, `<a href="`+path+`">60</a> <span class="muted">(проверен `+dmy(domain.Today(e.now, demoZone))+`)</span>`) {
		t.Errorf("the museum's site cell is missing from the dashboard")
	}
	if museumAt < 0 || libraryAt < 0 || museumAt > libraryAt {
		t.Errorf("sort=site: the audited museum (%d) is not before the library without a run (%d)", museumAt, libraryAt)
	}
	x := founder.get("/founder.xlsx?sort=site")
	f, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Сводка")
	head, first := rows[2], rows[3]
	if head[len(head)-2] != "Сайт: 1.2 по проверке" || first[len(head)-2] != "60" || first[len(head)-1] != dmy(domain.Today(e.now, demoZone)) {
		t.Errorf("XLSX: heads %q, first row %q: want the site estimate 60 and the date", head[len(head)-2:], first)
	}
}

// TestSiteAuditStoppedRunIsNotKept: a runner stopped mid-run keeps no run
// and frees the site for the next runner, its request still standing.
func TestSiteAuditStoppedRunIsNotKept(t *testing.T) {
	e := newSiteEnv(t)
	started := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case started <- struct{}{}:
		default:
		}
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	inst := e.institutionID(museum)
	sc := domain.Scope{All: true}
	if err := e.store.SetSiteURL(context.Background(), sc, inst, srv.URL+"/", 0); err != nil {
		t.Fatal(err)
	}
	if err := e.store.RequestSiteAudit(context.Background(), sc, inst); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	if _, err := e.runner.RunDue(ctx); err == nil {
		t.Error("a stopped runner reported no error")
	}
	s, _, err := e.store.Site(context.Background(), sc, inst)
	if err != nil || siteRuns(t, e, inst) != 0 || !s.Requested || s.Running {
		t.Errorf("after the stop: %d runs, site %+v (%v); want none kept, still requested, not running", siteRuns(t, e, inst), s, err)
	}
}
