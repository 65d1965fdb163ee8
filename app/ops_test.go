package app_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"planboard/app"
	"planboard/app/webtest"
	"planboard/domain"
)

// listen serves a over a real TCP listener on loopback (the peer address
// matters here, which app.Test cannot set) and returns its base URL.
func listen(t *testing.T, a *app.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Fiber().Listener(ln) }()
	t.Cleanup(func() { _ = a.Fiber().Shutdown() })
	return "http://" + ln.Addr().String()
}

// browser is webtest's client over a real connection.
type browser struct {
	*webtest.Client
	t *testing.T
}

func newBrowser(t *testing.T, base string) *browser {
	return &browser{Client: webtest.New(base, nil, nil, 30*time.Second), t: t}
}

// do sends a form (nil: no body) with extra headers; no answer fails the test.
func (b *browser) do(method, path string, form url.Values, header map[string]string) (int, string) {
	b.t.Helper()
	b.Headers = header
	defer func() { b.Headers = nil }()
	var r webtest.Response
	var err error
	if form != nil || method == http.MethodPost {
		r, err = b.Post(path, form)
	} else {
		r, err = b.Get(path)
	}
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r.Status, r.Body
}

// TestVersionShown: the build's version is in /metrics as
// planboard_build_info and in the page footer for the admin only.
func TestVersionShown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, err := app.New(app.Deps{Store: e.store, Now: func() time.Time { return e.now },
		Config: app.Config{Version: "1.4.2-test", MetricsToken: "tok-tok-tok"}})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	req, _ := http.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Authorization", "Bearer tok-tok-tok")
	res, err := a.Fiber().Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `planboard_build_info{version="1.4.2-test"} 1`) {
		t.Errorf("/metrics lacks the build info:\n%s", b)
	}
	if r := e.login("admin@example.org").get("/admin"); !strings.Contains(r.Body, "версия 1.4.2-test") {
		t.Errorf("the admin's footer lacks the version")
	}
	if r := e.login("director@example.org").get("/"); strings.Contains(r.Body, "1.4.2-test") {
		t.Errorf("a director sees the version")
	}
}

// TestTrustedProxies: behind a trusted proxy the login limit counts the
// client address from X-Forwarded-For and the scheme and host come from
// X-Forwarded-Proto/-Host; the same headers from an unknown peer are ignored,
// and a client cannot choose its address by writing X-Forwarded-For itself.
func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	newApp := func(trusted ...string) string {
		a, err := app.New(app.Deps{Store: e.store, Now: func() time.Time { return e.now },
			Config: app.Config{TrustedProxies: trusted}})
		if err != nil {
			t.Fatal(err)
		}
		return listen(t, a)
	}
	// 50 failures from one address within the window block that address.
	for i := 0; i < 50; i++ {
		if err := e.store.RecordLoginFailure(ctx, "nobody"+string(rune('a'+i%26))+"@example.org", "203.0.113.7", e.now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	login := func(base, xff string) int {
		b := newBrowser(t, base)
		b.do(http.MethodGet, "/login", nil, nil)
		code, _ := b.do(http.MethodPost, "/login", url.Values{"email": {"director@example.org"}, "password": {"wrong-password"}},
			map[string]string{"X-Forwarded-For": xff})
		return code
	}
	failuresFrom := func(ip string) int {
		var n int
		if err := e.store.DB().NewRaw("SELECT count(*) FROM login_failures WHERE ip = ?", ip).Scan(ctx, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	behind := newApp("127.0.0.0/8", "10.0.0.0/8")
	if code := login(behind, "203.0.113.7"); code != http.StatusTooManyRequests {
		t.Errorf("blocked client behind a trusted proxy = %d, want 429", code)
	}
	if code := login(behind, "198.51.100.2"); code != http.StatusUnauthorized {
		t.Errorf("another client behind the same proxy = %d, want 401 (not blocked)", code)
	}
	if n := failuresFrom("198.51.100.2"); n != 1 {
		t.Errorf("failures counted for the forwarded address = %d, want 1", n)
	}
	// The client wrote "203.0.113.7" itself; the proxy appended what it saw,
	// a second trusted proxy (10.1.2.3) appended the first one's address.
	if code := login(behind, "203.0.113.7, 198.51.100.3, 10.1.2.3"); code != http.StatusUnauthorized {
		t.Errorf("spoofed leftmost X-Forwarded-For = %d, want 401 (counted as 198.51.100.3)", code)
	}
	if n := failuresFrom("198.51.100.3"); n != 1 {
		t.Errorf("failures counted for the real client of a proxy chain = %d, want 1", n)
	}

	// 127.0.0.1 is not a trusted proxy here: its X-Forwarded-For is ignored.
	unknown := newApp("10.0.0.0/8")
	if code := login(unknown, "203.0.113.7"); code != http.StatusUnauthorized {
		t.Errorf("forwarded blocked address from an unknown proxy = %d, want 401 (header ignored)", code)
	}
	if n := failuresFrom("127.0.0.1"); n != 1 {
		t.Errorf("failures counted for the unknown proxy's own address = %d, want 1", n)
	}
	if n := failuresFrom("203.0.113.7"); n != 50 {
		t.Errorf("failures of the forwarded address = %d, want the 50 recorded (none added)", n)
	}

	// Scheme and host: the calendar feed link is built from them when no
	// public URL is configured.
	feedURL := func(base string) string {
		b := newBrowser(t, base)
		b.do(http.MethodGet, "/login", nil, nil)
		if code, body := b.do(http.MethodPost, "/login", url.Values{"email": {"staff@example.org"}, "password": {"demo-password"}}, nil); code != http.StatusSeeOther {
			t.Fatalf("login = %d\n%s", code, body)
		}
		b.do(http.MethodGet, "/settings/calendar", nil, nil)
		_, body := b.do(http.MethodPost, "/settings/calendar", url.Values{}, map[string]string{
			"X-Forwarded-Proto": "https", "X-Forwarded-Host": "plan.example.org"})
		i := strings.Index(body, "/cal/")
		if i < 0 {
			t.Fatalf("no feed link:\n%s", body)
		}
		j := strings.LastIndexAny(body[:i], `">`)
		return body[j+1 : i]
	}
	if got := feedURL(behind); got != "https://plan.example.org" {
		t.Errorf("feed link behind a trusted proxy starts %q, want https://plan.example.org", got)
	}
	if got := feedURL(unknown); got != strings.TrimSuffix(unknown, "/") {
		t.Errorf("feed link behind an unknown proxy starts %q, want %s", got, unknown)
	}
}

// TestBackupStatusShown: with daily backups on, /admin says how the latest
// went and /metrics has its result, time and size.
func TestBackupStatusShown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	day := domain.DateOf(e.now)
	if ok, err := e.store.ClaimBackup(ctx, day, "replica-1", e.now, time.Hour, time.Hour); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := e.store.FinishBackup(ctx, day, e.now.Add(time.Minute), "/var/backups/planboard-20261123-020000.tar", 3<<20, ""); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Deps{Store: e.store, Now: func() time.Time { return e.now }, Backups: e.store,
		Config: app.Config{MetricsToken: "tok-tok-tok", BackupDir: "/var/backups"}})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	r := e.login("admin@example.org").get("/admin")
	if !strings.Contains(r.Body, "Резервные копии") || !strings.Contains(r.Body, "planboard-20261123-020000.tar (3.0 MB)") ||
		!strings.Contains(r.Body, e.now.Add(time.Minute).UTC().Format("2006-01-02 15:04")+" UTC") {
		t.Errorf("/admin lacks the backup's result:\n%s", r.Body)
	}
	req, _ := http.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Authorization", "Bearer tok-tok-tok")
	res, err := a.Fiber().Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"planboard_backup_last_ok 1", fmt.Sprintf("planboard_backup_last_success_timestamp_seconds %d", e.now.Add(time.Minute).Unix()),
		fmt.Sprintf("planboard_backup_last_success_size_bytes %d", 3<<20)} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
