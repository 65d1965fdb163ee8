// Package netguard keeps Planboard's outgoing HTTP requests (webhook
// deliveries, and any other fetch of a URL a user typed) out of private
// networks (SSRF): only http(s) URLs, and only public addresses, judged
// after every IPv6 form that carries an IPv4 address has been unwrapped.
// The address is checked when a URL is entered (CheckURL), at every
// redirect (CheckRedirect) and on every connection (the dialer's Control
// function sees the IP actually being connected to, after DNS resolution),
// so a name that resolves to a public address at registration and to
// 127.0.0.1 later (DNS rebinding) is still refused. See docs/security.md.
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"planboard/domain"
)

// Guard decides which addresses outgoing requests may reach.
type Guard struct {
	// AllowPrivate lets URLs be private addresses (tests, closed
	// networks): PLANBOARD_WEBHOOK_ALLOW_PRIVATE=1 or
	// PLANBOARD_ALLOW_PRIVATE_URLS=1.
	AllowPrivate bool
	// Lookup resolves host names; nil: the system resolver. Tests set it to
	// play a DNS server that answers differently each time.
	Lookup func(ctx context.Context, host string) ([]netip.Addr, error)
}

// BlockedError is a connection refused because of its address.
type BlockedError struct{ Addr netip.Addr }

func (e *BlockedError) Error() string {
	return fmt.Sprintf("netguard: %s is not a public address (set PLANBOARD_ALLOW_PRIVATE_URLS=1 to allow it)", e.Addr)
}

// specialNets are ranges beyond the standard library's predicates that
// must not be reached either: "this network", carrier-grade NAT, IETF
// protocol assignments, documentation, benchmarking, reserved, the IPv6
// discard-only, local-use NAT64, documentation and old site-local ranges.
var specialNets = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15",
		"198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "100::/64", "64:ff9b:1::/48", "2001:db8::/32",
		"2001:10::/28", "2001:20::/28", "fec0::/10"} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// The IPv6 ranges that carry an IPv4 address. Each is judged by the IPv4
// address it carries, never as IPv6 (a Linux host routes ::127.0.0.1 and
// ::ffff:0:127.0.0.1 to its own loopback through the IPv4 stack).
var (
	v4Compatible = netip.MustParsePrefix("::/96")           // ::a.b.c.d (deprecated, RFC 4291)
	v4Translated = netip.MustParsePrefix("::ffff:0:0:0/96") // ::ffff:0:a.b.c.d (SIIT, RFC 2765)
	nat64        = netip.MustParsePrefix("64:ff9b::/96")    // 64:ff9b::a.b.c.d (RFC 6052)
	sixTo4       = netip.MustParsePrefix("2002::/16")       // 2002:AABB:CCDD::/48 (RFC 3056)
	teredo       = netip.MustParsePrefix("2001::/32")       // server in bits 32–63, client inverted in 96–127 (RFC 4380)
)

// Public reports whether a is an address outgoing requests may connect
// to: not private, loopback, link-local, unique-local, multicast,
// unspecified or otherwise special. IPv4 inside IPv6 (mapped, compatible,
// translated, NAT64, 6to4, Teredo) is judged as the IPv4 it carries.
func Public(a netip.Addr) bool {
	a = a.WithZone("").Unmap()
	if !a.IsValid() {
		return false
	}
	if a.Is6() {
		b := a.As16()
		v4 := func(i int) netip.Addr { return netip.AddrFrom4([4]byte(b[i : i+4])) }
		switch {
		case v4Compatible.Contains(a), v4Translated.Contains(a), nat64.Contains(a):
			return Public(v4(12))
		case sixTo4.Contains(a):
			return Public(v4(2))
		case teredo.Contains(a):
			client := [4]byte{^b[12], ^b[13], ^b[14], ^b[15]}
			return Public(v4(4)) && Public(netip.AddrFrom4(client))
		}
	}
	if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range specialNets {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// control is the dialer's Control function: it runs after resolution, for
// the very address being connected to.
func (g Guard) control(network, address string, _ syscall.RawConn) error {
	if g.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("netguard: cannot judge address %q: %w", address, err)
	}
	if !Public(ap.Addr()) {
		return &BlockedError{Addr: ap.Addr().Unmap()}
	}
	return nil
}

// NewClient is an HTTP client with the guard on every connection, no proxy
// from the environment (a proxy would make the guard judge the proxy's
// address instead of the target's), redirects not followed (a 3xx is the
// answer, as webhook deliveries want), and timeout for the whole request.
func (g Guard) NewClient(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: g.control}
	dial := dialer.DialContext
	if g.Lookup != nil {
		dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			ips, err := g.lookup(ctx, host)
			if err != nil {
				return nil, err
			}
			var last error
			for _, ip := range ips {
				c, err := dialer.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
				if err == nil {
					return c, nil
				}
				last = err
			}
			return nil, last
		}
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{Proxy: nil, DialContext: dial, TLSHandshakeTimeout: timeout,
			ResponseHeaderTimeout: timeout, MaxIdleConnsPerHost: 2, IdleConnTimeout: 30 * time.Second, ForceAttemptHTTP2: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// NewFollowingClient is NewClient that follows up to max redirects (a
// crawler's client), each target checked by CheckRedirect before it is
// requested and again when it is dialled.
func (g Guard) NewFollowingClient(timeout time.Duration, max int) *http.Client {
	c := g.NewClient(timeout)
	c.CheckRedirect = g.CheckRedirect(max)
	return c
}

// CheckRedirect is an http.Client's redirect policy: at most max hops, and
// every target passes CheckURL (scheme, no user info, public addresses).
func (g Guard) CheckRedirect(max int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= max {
			return fmt.Errorf("netguard: stopped after %d redirects", max)
		}
		if err := g.CheckURL(req.Context(), req.URL.String()); err != nil {
			if h, perr := netip.ParseAddr(strings.Trim(req.URL.Hostname(), "[]")); perr == nil && !Public(h) {
				return &BlockedError{Addr: h.Unmap()}
			}
			return fmt.Errorf("netguard: redirect to %s refused: %w", req.URL.Redacted(), err)
		}
		return nil
	}
}

func (g Guard) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []netip.Addr{ip}, nil
	}
	if g.Lookup != nil {
		return g.Lookup(ctx, host)
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// MaxURL is the longest URL CheckURL accepts.
const MaxURL = domain.MaxWebhookURL

// CheckURL validates a URL a user entered: absolute http(s), no user name
// or password in it, not too long, and (unless AllowPrivate) a host that
// resolves, to public addresses only. Errors are EInvalid on the form
// field "url" with a catalogue key (webhooks.url.*).
func (g Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	switch {
	case raw == "" || len(raw) > MaxURL || err != nil || u.Host == "" || u.Hostname() == "":
		return domain.FieldError("url", "webhooks.url.invalid")
	case u.Scheme != "http" && u.Scheme != "https":
		return domain.FieldError("url", "webhooks.url.scheme")
	case u.User != nil:
		return domain.FieldError("url", "webhooks.url.userinfo")
	case g.AllowPrivate:
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ips, err := g.lookup(ctx, u.Hostname())
	if err != nil || len(ips) == 0 {
		return domain.FieldError("url", "webhooks.url.unresolved")
	}
	for _, ip := range ips {
		if !Public(ip) {
			return domain.FieldError("url", "webhooks.url.private")
		}
	}
	return nil
}

// IsBlocked reports whether err is a connection the guard refused.
func IsBlocked(err error) bool {
	var b *BlockedError
	return errors.As(err, &b)
}
