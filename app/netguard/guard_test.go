package netguard_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"planboard/app/netguard"
)

// TestGuardIPv6Forms: every IPv6 form that carries an IPv4 address is
// judged by that address (compatible, mapped, translated, NAT64, 6to4,
// Teredo), and the special IPv6 ranges are refused.
func TestGuardIPv6Forms(t *testing.T) {
	for addr, public := range map[string]bool{
		"::127.0.0.1": false, "::10.0.0.1": false, "::169.254.169.254": false, "::8.8.8.8": true,
		"::ffff:0:127.0.0.1": false, "::ffff:0:192.168.0.1": false, "::ffff:0:8.8.8.8": true,
		"::ffff:127.0.0.1": false, "::ffff:7f00:1": false,
		"64:ff9b::127.0.0.1": false, "64:ff9b::8.8.8.8": true, "64:ff9b:1::a00:1": false,
		"2002:7f00:1::": false, "2002:a9fe:a9fe::1": false, "2002:808:808::1": true,
		// Teredo: server 65.54.227.120, client ^(80ff:fffe) = 127.0.0.1; then client 8.8.8.8.
		"2001:0:4136:e378:8000:63bf:80ff:fffe": false, "2001:0:4136:e378:8000:63bf:f7f7:f7f7": true,
		"2001:0:a00:1:8000:63bf:f7f7:f7f7": false,
		"100::1":                           false, "fe80::1%eth0": false, "2001:db8::1": false, "2a00:1450:4010:c05::64": true,
	} {
		if got := netguard.Public(netip.MustParseAddr(addr)); got != public {
			t.Errorf("Public(%s) = %v, want %v", addr, got, public)
		}
	}
}

// TestGuardRefusesEmbeddedLoopback: the forms the probe got through are
// refused at registration, at every redirect and when dialled, and the
// loopback receiver behind them sees nothing.
func TestGuardRefusesEmbeddedLoopback(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	g := netguard.Guard{}
	forms := []string{"http://[::127.0.0.1]" + port + "/", "http://[::ffff:0:127.0.0.1]" + port + "/",
		"http://[::ffff:127.0.0.1]" + port + "/", "http://[64:ff9b::7f00:1]" + port + "/", "http://[2002:7f00:1::1]" + port + "/"}
	for _, u := range forms {
		if err := g.CheckURL(context.Background(), u); err == nil || !strings.Contains(err.Error(), "webhooks.url.private") {
			t.Errorf("CheckURL(%s) = %v, want webhooks.url.private", u, err)
		}
		res, err := g.NewClient(2 * time.Second).Get(u)
		if err == nil {
			res.Body.Close()
		}
		if !netguard.IsBlocked(err) {
			t.Errorf("GET %s: %v, want refused by the guard", u, err)
		}
		target, _ := url.Parse(u)
		req := (&http.Request{URL: target}).WithContext(context.Background())
		if err := g.CheckRedirect(5)(req, []*http.Request{{}}); !netguard.IsBlocked(err) {
			t.Errorf("redirect to %s: %v, want refused", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback receiver got %d requests", n)
	}
	public, _ := url.Parse("http://[2a00:1450:4010:c05::64]/")
	if err := g.CheckRedirect(5)((&http.Request{URL: public}).WithContext(context.Background()), nil); err != nil {
		t.Errorf("redirect to a public address: %v", err)
	}
	if err := g.CheckRedirect(2)((&http.Request{URL: public}).WithContext(context.Background()), make([]*http.Request, 2)); err == nil {
		t.Error("a third redirect was allowed with a limit of 2")
	}
}

// TestGuardFollowsRedirectsWithinLimits: with private addresses allowed,
// the following client follows redirects (the strict policy is
// TestGuardRefusesEmbeddedLoopback's).
func TestGuardFollowsRedirectsWithinLimits(t *testing.T) {
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer target.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL, http.StatusFound)
	}))
	defer redirect.Close()
	res, err := netguard.Guard{AllowPrivate: true}.NewFollowingClient(2*time.Second, 3).Get(redirect.URL)
	if err != nil {
		t.Fatalf("allowed: %v", err)
	}
	res.Body.Close()
	if hits.Load() != 1 {
		t.Fatalf("the redirect was not followed: %d", hits.Load())
	}
}
