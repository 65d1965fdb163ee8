package siteaudit

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"planboard/app/webhook"
	"planboard/domain"
)

// testConfig: the private switch on (the sites are on loopback), tiny
// pause and limits.
func testConfig() Config {
	return Config{Guard: webhook.Guard{AllowPrivate: true}, UserAgent: "Planboard site audit (+http://plan.test)",
		RequestTimeout: 2 * time.Second, RunTimeout: 20 * time.Second, Pause: time.Millisecond, MaxBytes: 1 << 20}
}

func audit(t *testing.T, cfg Config, url string) (Crawl, domain.SiteReport, domain.SiteEstimate) {
	t.Helper()
	an := NewAnalyzer("Музей истории города", "http://plan.test")
	c := NewCrawler(cfg).Run(context.Background(), url, an.Visit)
	r := an.Report(c)
	run := domain.SiteRun{Outcome: c.Outcome, Report: r}
	return c, r, domain.EstimateSite(run.Found(nil))
}

func found(r domain.SiteReport, key string) (domain.SiteFinding, bool) {
	for _, f := range r.Findings {
		if f.Key == key {
			return f, f.Found
		}
	}
	return domain.SiteFinding{}, false
}

const layout = `<!doctype html><html lang="ru"><head><title>%s</title></head><body>%s</body></html>`

// site serves pages by path; every request is counted and its
// User-Agent kept; at most one request may be in flight.
type site struct {
	mu       sync.Mutex
	pages    map[string]string
	hits     map[string]int
	agents   []string
	inFlight atomic.Int32
	overlap  atomic.Bool
}

func newSite(t *testing.T, pages map[string]string) (*site, *httptest.Server) {
	s := &site{pages: pages, hits: map[string]int{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *site) set(path, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = body
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.inFlight.Add(1) > 1 {
		s.overlap.Store(true)
	}
	defer s.inFlight.Add(-1)
	time.Sleep(time.Millisecond)
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.agents = append(s.agents, r.UserAgent())
	body, ok := s.pages[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Path == "/robots.txt" {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, body)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, layout, "Музей истории города", body)
}

var completeSite = map[string]string{
	"/": `<nav><a href="/about">Сведения об учреждении</a> <a href="/docs">Документы</a> <a href="/services">Услуги</a>
		<a href="/afisha">Афиша</a> <a href="/faq">Часто задаваемые вопросы</a> <a href="/appeal">Обращения граждан</a>
		<a href="/nok">Независимая оценка качества</a> <a href="/special">Версия для слабовидящих</a>
		<a href="https://bus.gov.ru/qrcode/rate/123456">Оценить качество услуг</a> <a href="https://vk.com/museum">Мы ВКонтакте</a></nav>
		<p>Адрес: 650000, г. Кемерово, ул. Весенняя, 1. Режим работы: вт–вс 10:00–18:00.</p>
		<p>Телефон: <a href="tel:+73842000000">+7 (3842) 00-00-00</a>, <a href="mailto:museum@example.org">museum@example.org</a></p>`,
	"/about": `<h1>Сведения об учреждении</h1><h2>Полное наименование</h2><p>Музей истории города</p>
		<h2>Учредитель</h2><p>Министерство культуры</p><h2>Структура</h2><h2>Руководство</h2><p>Директор: Иванова И. И.</p>
		<h2>Контакты</h2><h2>Материально-техническое обеспечение</h2>`,
	"/docs": `<h1>Документы</h1><ul><li><a href="/files/ustav.pdf">Устав музея</a></li>
		<li><a href="/files/pfhd.pdf">План финансово-хозяйственной деятельности на 2026 год</a></li>
		<li><a href="/files/gz.docx">Отчёт о выполнении государственного задания</a></li>
		<li><a href="/files/price.pdf">Прейскурант на платные услуги</a></li></ul>`,
	"/services": `<h1>Услуги</h1><p>Экскурсии</p>`,
	"/afisha":   `<h1>Афиша</h1><p>Выставка</p>`,
	"/faq":      `<h1>Часто задаваемые вопросы</h1><p>Как купить билет?</p>`,
	"/appeal":   `<h1>Обращения граждан</h1><form method="post"><label for="t">Текст обращения</label><textarea id="t" name="text"></textarea><button>Отправить</button></form>`,
	"/nok":      `<h1>Независимая оценка качества</h1><p>План по улучшению качества работы</p>`,
	"/special":  `<h1>Версия для слабовидящих</h1>`,
}

func TestCompleteSite(t *testing.T) {
	s, srv := newSite(t, completeSite)
	c, r, est := audit(t, testConfig(), srv.URL+"/")
	if c.Outcome != domain.SiteOK {
		t.Fatalf("outcome %s %s", c.Outcome, c.Detail)
	}
	for _, f := range r.Findings {
		if !f.Found {
			t.Errorf("%s not found on the complete site", f.Key)
		}
	}
	if est.Ind12 != 100 || est.Channels != 6 || est.SiteFound != est.SiteRequired || !est.SiteVersion {
		t.Errorf("estimate %+v, want 1.2 = 100 with 6 channels, every material, the version", est)
	}
	if f, _ := found(r, "277.charter"); len(f.Evidence) == 0 || f.Evidence[0].Link != srv.URL+"/files/ustav.pdf" || f.Evidence[0].Page != srv.URL+"/docs" {
		t.Errorf("charter evidence %+v, want the link to the PDF on /docs", f.Evidence)
	}
	if len(c.Documents) != 4 || s.hits["/files/ustav.pdf"] != 0 {
		t.Errorf("documents %+v (hits %d): want 4 noted and none fetched", c.Documents, s.hits["/files/ustav.pdf"])
	}
	if c.Pages != 9 {
		t.Errorf("%d pages, want 9", c.Pages)
	}
	for _, ua := range s.agents {
		if !strings.Contains(ua, "Planboard") || !strings.Contains(ua, "http://plan.test") {
			t.Fatalf("User-Agent %q does not name Planboard and the instance", ua)
		}
	}
	if s.overlap.Load() {
		t.Error("two requests to the site at once")
	}
}

func TestPoorSite(t *testing.T) {
	_, srv := newSite(t, map[string]string{"/": `<p>Звоните: 8 (3842) 12-34-56, пишите: info@example.org</p>`})
	c, r, est := audit(t, testConfig(), srv.URL)
	if c.Outcome != domain.SiteOK || est.Ind12 != 60 || est.Channels != 2 {
		t.Fatalf("outcome %s, estimate %+v: want 1.2 = 60", c.Outcome, est)
	}
	if f, ok := found(r, "1.2.phone"); !ok || f.Evidence[0].Text != "8 (3842) 12-34-56" {
		t.Errorf("phone evidence %+v", f.Evidence)
	}
	if _, ok := found(r, "1.2.faq"); ok {
		t.Error("FAQ found on a site without one")
	}
}

func TestRobotsForbidsSection(t *testing.T) {
	s, srv := newSite(t, map[string]string{
		"/robots.txt":  "User-agent: *\nDisallow: /private/\n",
		"/":            `<a href="/private/faq">Раздел</a> <a href="/open">Открытый</a>`,
		"/private/faq": `<h1>Часто задаваемые вопросы</h1>`,
		"/open":        `<p>Открытая страница</p>`,
	})
	c, r, _ := audit(t, testConfig(), srv.URL+"/")
	if s.hits["/private/faq"] != 0 {
		t.Fatal("a page robots.txt forbids was fetched")
	}
	if _, ok := found(r, "1.2.faq"); ok {
		t.Error("FAQ found behind robots.txt")
	}
	if len(c.Skipped) != 1 || c.Skipped[0].Reason != "robots" || c.Pages != 2 {
		t.Errorf("skipped %+v, pages %d: want the private page skipped for robots.txt and 2 pages read", c.Skipped, c.Pages)
	}
}

func TestSiteTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	cfg := testConfig()
	cfg.RequestTimeout = 300 * time.Millisecond
	start := time.Now() // wall clock: the test measures that nothing hangs
	c, _, _ := audit(t, cfg, srv.URL)
	if c.Outcome != domain.SiteTimeout || c.Detail != "0,3" {
		t.Errorf("outcome %s %q, want a timeout after 0,3 s", c.Outcome, c.Detail)
	}
	if d := time.Since(start); d > 3*time.Second { // wall clock: as above
		t.Errorf("the run took %s", d)
	}
}

// fakeDNS resolves *.site.test: the bare name to loopback (where the test
// site is), www. to a private address.
func fakeDNS(ctx context.Context, host string) ([]netip.Addr, error) {
	switch host {
	case "site.test":
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	case "www.site.test":
		return []netip.Addr{netip.MustParseAddr("10.20.30.40")}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func TestRedirectToPrivateAddress(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, port, _ := net.SplitHostPort(r.Host)
		http.Redirect(w, r, "http://www.site.test:"+port+"/", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	cfg := testConfig()
	cfg.Guard.Lookup, cfg.Resolve = fakeDNS, fakeDNS
	// The test site itself is on loopback: only that one address is let
	// through, everything else is judged as in production.
	cfg.AddrAllowed = func(a netip.Addr) bool { return a.IsLoopback() || webhook.Public(a) }
	c, _, _ := audit(t, cfg, "http://site.test:"+port+"/")
	if c.Outcome != domain.SitePrivate || c.Detail != "10.20.30.40" {
		t.Errorf("outcome %s %q, want the private address refused", c.Outcome, c.Detail)
	}
}

func TestPrivateAddressRefusedWithoutSwitch(t *testing.T) {
	s, srv := newSite(t, map[string]string{"/": `<p>8 (3842) 12-34-56</p>`})
	cfg := testConfig()
	cfg.Guard.AllowPrivate = false
	c, _, _ := audit(t, cfg, srv.URL)
	if c.Outcome != domain.SitePrivate || c.Detail != "127.0.0.1" {
		t.Errorf("outcome %s %q, want 127.0.0.1 refused", c.Outcome, c.Detail)
	}
	if len(s.agents) != 0 {
		t.Error("the private site was asked")
	}
}

func TestFaults(t *testing.T) {
	big := strings.Repeat("<p>Текст страницы</p>", 1<<10)
	mux := http.NewServeMux()
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 50<<20/len(big) && r.Context().Err() == nil; i++ {
			fmt.Fprint(w, big)
		}
	})
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4")
	})
	mux.HandleFunc("/error", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://elsewhere.example.org/", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	for _, tc := range []struct{ path, outcome, detail string }{
		{"/big", domain.SiteTooLarge, "1"},
		{"/pdf", domain.SiteNotHTML, "application/pdf"},
		{"/error", domain.SiteHTTPStatus, "503"},
		{"/loop", domain.SiteRedirectLoop, srv.URL + "/loop"},
		{"/away", domain.SiteOffsite, "https://elsewhere.example.org/"},
	} {
		c, _, _ := audit(t, testConfig(), srv.URL+tc.path)
		if c.Outcome != tc.outcome || c.Detail != tc.detail {
			t.Errorf("%s: outcome %s %q, want %s %q", tc.path, c.Outcome, c.Detail, tc.outcome, tc.detail)
		}
	}
}

func TestPageLimitAndAccessibility(t *testing.T) {
	pages := map[string]string{}
	links := ""
	for i := 0; i < 20; i++ {
		links += fmt.Sprintf(`<a href="/p%d">Страница %d</a> `, i, i)
		pages[fmt.Sprintf("/p%d", i)] = `<img src="x.png"><a href="/"></a><input type="text" name="q">`
	}
	pages["/"] = links
	_, srv := newSite(t, pages)
	cfg := testConfig()
	cfg.MaxPages = 5
	c, r, _ := audit(t, cfg, srv.URL)
	if c.Pages != 5 || !c.Truncated {
		t.Errorf("%d pages (truncated %v), want the limit of 5", c.Pages, c.Truncated)
	}
	if len(r.A11y) != 4 {
		t.Fatalf("%d pages with problems, want 4", len(r.A11y))
	}
	a := r.A11y[0]
	if a.ImagesNoAlt != 1 || a.EmptyLinks != 1 || a.FieldsNoLabel != 1 || a.NoLang || a.NoTitle || len(a.Examples) != 3 {
		t.Errorf("page %+v: want one image without alt, one empty link, one field without label, with examples", a)
	}
}

func TestRobotsRules(t *testing.T) {
	rb := parseRobots(strings.NewReader("User-agent: Yandex\nDisallow: /\n\nUser-agent: *\nDisallow: /admin\nAllow: /admin/public$\nDisallow: /*.php\nCrawl-delay: 2\n"))
	for p, want := range map[string]bool{"/": true, "/admin/x": false, "/admin/public": true, "/admin/public/x": false, "/index.php": false, "/news": true} {
		if rb.allowed(p) != want {
			t.Errorf("%s: allowed %v, want %v", p, !want, want)
		}
	}
	if rb.delay != 2*time.Second {
		t.Errorf("delay %s", rb.delay)
	}
	if own := parseRobots(strings.NewReader("User-agent: *\nDisallow:\n\nUser-agent: Planboard\nDisallow: /\n")); own.allowed("/") {
		t.Error("the group naming Planboard is not honoured")
	}
}
