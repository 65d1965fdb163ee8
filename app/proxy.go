package app

import (
	"fmt"
	"net"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Behind a reverse proxy every request comes from the proxy's address; the
// client's address is in X-Forwarded-For and the scheme in
// X-Forwarded-Proto. Those headers are believed only when the peer is one of
// Config.TrustedProxies (PLANBOARD_TRUSTED_PROXIES): Fiber is configured
// with EnableTrustedProxyCheck, so c.IP(), c.Protocol() and c.Hostname()
// read them from trusted peers only and ignore them from anyone else.

// parseTrustedProxies checks the CIDR list (a bare address is one host).
func parseTrustedProxies(list []string) ([]*net.IPNet, error) {
	out := make([]*net.IPNet, 0, len(list))
	for _, s := range list {
		if !strings.Contains(s, "/") {
			ip := net.ParseIP(s)
			if ip == nil {
				return nil, fmt.Errorf("trusted proxy %q is not an address or CIDR", s)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is not a CIDR", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// trustedCIDRs gives Fiber the same list in one canonical form.
func (a *App) trustedCIDRs() []string {
	out := make([]string, len(a.trusted))
	for i, n := range a.trusted {
		out[i] = n.String()
	}
	return out
}

func (a *App) trustedProxy(ip net.IP) bool {
	for _, n := range a.trusted {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// resolveForwarded replaces X-Forwarded-For from a trusted proxy by the one
// address that is the client: walking the list from the right (each proxy
// appends the address it saw), the first address that is not itself a
// trusted proxy. Fiber's c.IP() takes the leftmost entry, which a client
// can write itself ("X-Forwarded-For: 1.2.3.4" passes through nginx's
// $proxy_add_x_forwarded_for), so without this a client could pick the
// address the login limit counts. From an untrusted peer the header is left
// alone: Fiber ignores it there.
func (a *App) resolveForwarded(c *fiber.Ctx) error {
	if len(a.trusted) == 0 || !a.trustedProxy(c.Context().RemoteIP()) {
		return c.Next()
	}
	h := &c.Request().Header
	xff := string(h.Peek(fiber.HeaderXForwardedFor))
	if xff == "" {
		return c.Next()
	}
	client := ""
	parts := strings.Split(xff, ",")
	for i := len(parts) - 1; i >= 0; i-- {
		ip := net.ParseIP(strings.TrimSpace(parts[i]))
		if ip == nil {
			break // garbage: nothing left of it can be believed
		}
		client = ip.String()
		if !a.trustedProxy(ip) {
			break
		}
	}
	if client == "" {
		// Not an address: Fiber then falls back to the peer's. The header
		// stays present, so /metrics still sees a relayed request.
		client = "unknown"
	}
	h.Set(fiber.HeaderXForwardedFor, client)
	return c.Next()
}
