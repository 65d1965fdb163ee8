package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"planboard/app/webhook"
	"planboard/domain"
)

func TestWebhookPublicAddresses(t *testing.T) {
	for addr, public := range map[string]bool{
		"93.184.216.34": true, "8.8.8.8": true, "2a00:1450:4010:c05::64": true,
		"127.0.0.1": false, "127.8.9.10": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "fe80::1": false, "fd00::1": false, "fc00::1": false, "224.0.0.1": false, "ff02::1": false,
		"0.0.0.0": false, "::": false, "100.64.0.1": false, "255.255.255.255": false, "::ffff:127.0.0.1": false,
		"::ffff:10.0.0.1": false, "64:ff9b::a00:1": false, "2002:7f00:1::1": false, "64:ff9b::808:808": true,
	} {
		if got := webhook.Public(netip.MustParseAddr(addr)); got != public {
			t.Errorf("Public(%s) = %v, want %v", addr, got, public)
		}
	}
}

// TestWebhookSSRFRefused: without the allow flag, registration and
// delivery refuse targets in private networks, including a name that
// resolves to a public address at registration and to a private one when
// the delivery connects (DNS rebinding).
func TestWebhookSSRFRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	ctx := context.Background()

	var answers atomic.Int32
	rebind := func(_ context.Context, host string) ([]netip.Addr, error) {
		switch host {
		case "rebind.example":
			if answers.Add(1) == 1 {
				return []netip.Addr{netip.MustParseAddr("93.184.216.34")}, nil
			}
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		case "intranet.example":
			return []netip.Addr{netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("10.0.0.7")}, nil
		case "metadata.example":
			return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
		}
		return nil, &netErr{}
	}
	strict := webhook.Guard{Lookup: rebind}
	for _, u := range []string{"http://127.0.0.1" + port + "/hook", "http://[::1]" + port + "/hook", "http://10.0.0.1/hook",
		"http://169.254.169.254/latest/meta-data", "http://intranet.example/hook", "http://metadata.example/x", "https://[fd00::1]/x"} {
		if err := strict.CheckURL(ctx, u); domain.ErrorCode(err) != domain.EInvalid || !strings.Contains(err.Error(), "webhooks.url.private") {
			t.Errorf("CheckURL(%s) = %v, want webhooks.url.private", u, err)
		}
	}
	for u, key := range map[string]string{"ftp://example.org/x": "webhooks.url.scheme", "file:///etc/passwd": "webhooks.url.invalid",
		"http://user:pw@example.org/": "webhooks.url.userinfo", "http://nowhere.example/": "webhooks.url.unresolved", "not a url": "webhooks.url.invalid"} {
		if err := strict.CheckURL(ctx, u); err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("CheckURL(%s) = %v, want %s", u, err, key)
		}
	}
	if err := strict.CheckURL(ctx, "http://rebind.example"+port+"/hook"); err != nil {
		t.Fatalf("registration of the rebinding name (public then): %v", err)
	}
	if err := (webhook.Guard{AllowPrivate: true}).CheckURL(ctx, "http://127.0.0.1"+port+"/hook"); err != nil {
		t.Errorf("allowed private: %v", err)
	}

	// At delivery the dialer judges the address it connects to.
	client := strict.NewClient(2 * time.Second)
	for _, u := range []string{srv.URL, "http://[::1]" + port + "/", "http://10.0.0.1/",
		"http://169.254.169.254/", "http://rebind.example" + port + "/"} {
		res, err := client.Post(u, "application/json", strings.NewReader("{}"))
		if err == nil {
			res.Body.Close()
		}
		if !webhook.IsBlocked(err) {
			t.Errorf("POST %s: %v, want refused by the guard", u, err)
		}
	}
	// "localhost" through the system resolver is judged after resolution too.
	sys := webhook.Guard{}.NewClient(2 * time.Second)
	if _, err := sys.Post("http://localhost"+port+"/", "application/json", strings.NewReader("{}")); !webhook.IsBlocked(err) {
		t.Errorf("localhost via the system resolver: %v", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the private receiver got %d requests", n)
	}
	allowed := webhook.Guard{AllowPrivate: true}.NewClient(2 * time.Second)
	res, err := allowed.Post(srv.URL, "application/json", strings.NewReader("{}"))
	if err != nil || res.StatusCode != 200 || hits.Load() != 1 {
		t.Fatalf("with the allow flag: %v", err)
	}
	res.Body.Close()
}

type netErr struct{}

func (*netErr) Error() string { return "no such host" }
