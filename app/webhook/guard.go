package webhook

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

// Guard keeps webhook requests out of private networks (SSRF): only
// http(s) URLs, and only public addresses. It is checked twice: when an
// endpoint is registered (CheckURL, to tell the user at once) and on every
// connection the delivery makes (the dialer's Control function sees the IP
// actually being connected to, after DNS resolution), so a name that
// resolves to a public address at registration and to 127.0.0.1 later (DNS
// rebinding) is still refused.
type Guard struct {
	// AllowPrivate lets endpoints be private addresses (tests, closed
	// networks): PLANBOARD_WEBHOOK_ALLOW_PRIVATE=1.
	AllowPrivate bool
	// Lookup resolves host names; nil: the system resolver. Tests set it to
	// play a DNS server that answers differently each time.
	Lookup func(ctx context.Context, host string) ([]netip.Addr, error)
}

// BlockedError is a connection refused because of its address.
type BlockedError struct{ Addr netip.Addr }

func (e *BlockedError) Error() string {
	return fmt.Sprintf("webhook: %s is not a public address (set PLANBOARD_WEBHOOK_ALLOW_PRIVATE=1 to allow it)", e.Addr)
}

// specialNets are ranges beyond the standard library's predicates that
// must not be reached either: "this network", carrier-grade NAT, IETF
// protocol assignments, documentation, benchmarking, reserved, the IPv6
// documentation and old site-local ranges.
var specialNets = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15",
		"198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "2001:db8::/32", "fec0::/10"} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4 = netip.MustParsePrefix("2002::/16")
)

// Public reports whether a is an address webhooks may connect to: not
// private, loopback, link-local, unique-local, multicast, unspecified or
// otherwise special — IPv4 inside IPv6 (mapped, NAT64, 6to4) judged as IPv4.
func Public(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() {
		return false
	}
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64.Contains(a):
			return Public(netip.AddrFrom4([4]byte(b[12:16])))
		case sixTo4.Contains(a):
			return Public(netip.AddrFrom4([4]byte(b[2:6])))
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
		return fmt.Errorf("webhook: cannot judge address %q: %w", address, err)
	}
	if !Public(ap.Addr()) {
		return &BlockedError{Addr: ap.Addr().Unmap()}
	}
	return nil
}

// NewClient is the HTTP client deliveries use: the guard on every
// connection, no proxy from the environment (a proxy would make the guard
// judge the proxy's address instead of the target's), redirects not
// followed (a 3xx is a failure, as the specification suggests), and
// timeout for the whole request.
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

func (g Guard) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []netip.Addr{ip}, nil
	}
	if g.Lookup != nil {
		return g.Lookup(ctx, host)
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// CheckURL validates an endpoint URL at registration: absolute http(s),
// no user name or password in it, not too long, and (unless AllowPrivate)
// a host that resolves, to public addresses only. Errors are EInvalid on
// the form field "url" with a catalogue key.
func (g Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	switch {
	case raw == "" || len(raw) > domain.MaxWebhookURL || err != nil || u.Host == "" || u.Hostname() == "":
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
