// Package siteaudit checks an institution's official site as the НОК
// assessor does (docs/site-audit.md): a polite crawler (robots.txt, its own
// User-Agent, limits on pages, depth, size and time, one request at a time
// with a pause, HTML only), the matching of what it reads against the
// checks of domain.SiteChecks, and the runner that claims due sites and
// keeps each run. Every request goes through the webhooks' address guard
// (app/webhook). No Fiber and no storage here.
package siteaudit

import (
	"context"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"planboard/app/webhook"
	"planboard/domain"
)

// Config are the crawler's limits and manners.
type Config struct {
	Guard webhook.Guard // the address guard; AllowPrivate is the operator's switch
	// AddrAllowed judges each address a host resolves to before a request
	// (the start page and every redirect); nil: the guard's rule
	// (webhook.Public unless AllowPrivate). The dialer checks again on
	// every connection.
	AddrAllowed func(netip.Addr) bool
	// Resolve resolves host names; nil: the system resolver.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)

	UserAgent      string        // names Planboard and the instance's URL
	MaxPages       int           // pages fetched per run (default 200)
	MaxDepth       int           // links followed from the start page (default 5)
	MaxBytes       int64         // one page's size (default 5 MB)
	RequestTimeout time.Duration // one request, body included (default 30 s)
	RunTimeout     time.Duration // the whole run (default 10 min)
	Pause          time.Duration // between two requests (default 1 s; robots.txt's Crawl-delay when longer, up to 30 s)
	MaxRedirects   int           // per request (default 5)
}

func (c *Config) defaults() {
	if c.MaxPages <= 0 {
		c.MaxPages = 200
	}
	if c.MaxDepth <= 0 {
		c.MaxDepth = 5
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = 5 << 20
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.RunTimeout <= 0 {
		c.RunTimeout = 10 * time.Minute
	}
	if c.Pause < 0 {
		c.Pause = 0
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = 5
	}
	if c.UserAgent == "" {
		c.UserAgent = "Planboard site audit"
	}
}

// Crawl is one run's reading of a site.
type Crawl struct {
	Pages     int
	Outcome   string // domain.SiteOK or the reason the start page could not be read
	Detail    string
	Documents []domain.SiteDocument
	Skipped   []domain.SiteSkip
	Truncated bool
}

// Crawler fetches sites within its Config.
type Crawler struct {
	cfg    Config
	client *http.Client
}

// NewCrawler returns a crawler; its HTTP client is the guard's (every
// connection checked after DNS resolution, no proxy, redirects not
// followed by the client: the crawler judges each one itself).
func NewCrawler(cfg Config) *Crawler {
	cfg.defaults()
	return &Crawler{cfg: cfg, client: cfg.Guard.NewClient(cfg.RequestTimeout)}
}

type queued struct {
	u     *url.URL
	depth int
}

// documentExts are linked files that are noted, not read.
var documentExts = map[string]bool{".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".odt": true,
	".ods": true, ".rtf": true, ".ppt": true, ".pptx": true, ".zip": true, ".rar": true, ".7z": true}

// Run reads the site at start, calling visit for every HTML page read,
// one request at a time. It never fails: what went wrong is the
// Outcome (the start page) or a Skipped entry (any other page).
func (c *Crawler) Run(ctx context.Context, start string, visit func(*Page)) Crawl {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.RunTimeout)
	defer cancel()
	var res Crawl
	su, err := url.Parse(start)
	if err != nil || (su.Scheme != "http" && su.Scheme != "https") || su.Hostname() == "" {
		return Crawl{Outcome: domain.SiteNetwork, Detail: "URL"}
	}
	if o, d := c.checkHost(ctx, su.Hostname()); o != "" {
		return Crawl{Outcome: o, Detail: d}
	}
	rb, delay := c.robots(ctx, su)
	if !rb.allowed(requestPath(su)) {
		return Crawl{Outcome: domain.SiteRobots}
	}
	pause := max(c.cfg.Pause, min(delay, 30*time.Second))
	seen := map[string]bool{key(su): true}
	docs := map[string]bool{}
	queue := []queued{{su, 0}}
	for len(queue) > 0 {
		if res.Pages >= c.cfg.MaxPages {
			res.Truncated = true
			break
		}
		q := queue[0]
		queue = queue[1:]
		if res.Pages > 0 || q.depth > 0 {
			if !sleep(ctx, pause) {
				res.Truncated = true
				break
			}
		}
		page, final, skip := c.fetch(ctx, q.u, rb, su)
		first := q.depth == 0
		if skip != nil {
			if first {
				return Crawl{Outcome: skip.Reason, Detail: skip.Detail, Pages: res.Pages}
			}
			if ctx.Err() != nil {
				res.Truncated = true
				break
			}
			if skip.Reason != "" {
				res.Skipped = append(res.Skipped, *skip)
			}
			continue
		}
		seen[key(final)] = true
		res.Pages++
		visit(page)
		if q.depth >= c.cfg.MaxDepth {
			continue
		}
		for _, l := range page.Links {
			u := l.URL
			if (u.Scheme != "http" && u.Scheme != "https") || !sameSite(u, su) {
				continue
			}
			if documentExts[strings.ToLower(path.Ext(u.Path))] {
				if !docs[u.String()] && len(res.Documents) < 500 {
					docs[u.String()] = true
					res.Documents = append(res.Documents, domain.SiteDocument{URL: u.String(), Text: l.Text, Page: page.URL})
				}
				continue
			}
			k := key(u)
			if seen[k] {
				continue
			}
			seen[k] = true
			if !rb.allowed(requestPath(u)) {
				res.Skipped = append(res.Skipped, domain.SiteSkip{URL: u.String(), Reason: "robots"})
				continue
			}
			if len(queue) < 10*c.cfg.MaxPages {
				queue = append(queue, queued{u, q.depth + 1})
			}
		}
	}
	res.Outcome = domain.SiteOK
	if len(res.Skipped) > 200 {
		res.Skipped = res.Skipped[:200]
	}
	return res
}

// fetch reads one page, following same-site redirects itself. A nil
// *SiteSkip means page is an HTML page; otherwise skip says why not (as
// the start page's outcome when it is the first).
func (c *Crawler) fetch(ctx context.Context, u *url.URL, rb robots, site *url.URL) (*Page, *url.URL, *domain.SiteSkip) {
	seen := map[string]bool{}
	for hop := 0; ; hop++ {
		skip := func(reason, detail string) (*Page, *url.URL, *domain.SiteSkip) {
			return nil, u, &domain.SiteSkip{URL: u.String(), Reason: reason, Detail: detail}
		}
		if seen[u.String()] || hop > c.cfg.MaxRedirects {
			return skip(domain.SiteRedirectLoop, u.String())
		}
		seen[u.String()] = true
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return skip(domain.SiteNetwork, "URL")
		}
		req.Header.Set("User-Agent", c.cfg.UserAgent)
		req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
		resp, err := c.client.Do(req)
		if err != nil {
			return skip(c.failure(err))
		}
		if resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.Header.Get("Location") != "" {
			resp.Body.Close()
			next, err := u.Parse(resp.Header.Get("Location"))
			if err != nil || (next.Scheme != "http" && next.Scheme != "https") || !sameSite(next, site) {
				return skip(domain.SiteOffsite, resp.Header.Get("Location"))
			}
			if o, d := c.checkHost(ctx, next.Hostname()); o != "" {
				return skip(o, d)
			}
			if !rb.allowed(requestPath(next)) {
				return skip(domain.SiteRobots, "")
			}
			next.Fragment = ""
			u = next
			continue
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return skip(domain.SiteHTTPStatus, strconv.Itoa(resp.StatusCode))
		}
		ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		if ct != "" && ct != "text/html" && ct != "application/xhtml+xml" {
			return skip(domain.SiteNotHTML, ct)
		}
		if resp.ContentLength > c.cfg.MaxBytes {
			return skip(domain.SiteTooLarge, megabytes(c.cfg.MaxBytes))
		}
		body := &limited{r: resp.Body, n: c.cfg.MaxBytes}
		page := parsePage(body, u)
		if body.over {
			return skip(domain.SiteTooLarge, megabytes(c.cfg.MaxBytes))
		}
		if body.err != nil && !errors.Is(body.err, io.EOF) {
			return skip(c.failure(body.err))
		}
		return page, u, nil
	}
}

// failure names a failed request's reason and detail.
func (c *Crawler) failure(err error) (string, string) {
	var blocked *webhook.BlockedError
	var dns *net.DNSError
	switch {
	case errors.As(err, &blocked):
		return domain.SitePrivate, blocked.Addr.String()
	case errors.As(err, &dns):
		return domain.SiteUnresolved, dns.Name
	case isTimeout(err):
		return domain.SiteTimeout, seconds(c.cfg.RequestTimeout)
	}
	s := err.Error()
	if len(s) > 200 {
		s = s[:200]
	}
	return domain.SiteNetwork, s
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &t) && t.Timeout())
}

// checkHost resolves host and refuses it when an address is not allowed:
// the reason and the address, or "" when every address is allowed.
func (c *Crawler) checkHost(ctx context.Context, host string) (string, string) {
	allowed := c.cfg.AddrAllowed
	if allowed == nil {
		if c.cfg.Guard.AllowPrivate {
			return "", ""
		}
		allowed = webhook.Public
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		ips = []netip.Addr{ip}
	} else {
		resolve := c.cfg.Resolve
		if resolve == nil {
			resolve = func(ctx context.Context, h string) ([]netip.Addr, error) {
				return net.DefaultResolver.LookupNetIP(ctx, "ip", h)
			}
		}
		rctx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
		defer cancel()
		if ips, err = resolve(rctx, host); err != nil || len(ips) == 0 {
			return domain.SiteUnresolved, host
		}
	}
	for _, ip := range ips {
		if !allowed(ip.Unmap()) {
			return domain.SitePrivate, ip.Unmap().String()
		}
	}
	return "", ""
}

// robots reads the site's robots.txt; missing or unreadable: no rules.
func (c *Crawler) robots(ctx context.Context, site *url.URL) (robots, time.Duration) {
	ru := &url.URL{Scheme: site.Scheme, Host: site.Host, Path: "/robots.txt"}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ru.String(), nil)
	if err != nil {
		return robots{}, 0
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		return robots{}, 0
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return robots{}, 0
	}
	rb := parseRobots(resp.Body)
	return rb, rb.delay
}

// sameSite: the same host (a leading "www." aside) and port.
func sameSite(u, site *url.URL) bool {
	h := func(x *url.URL) string { return strings.TrimPrefix(strings.ToLower(x.Host), "www.") }
	return h(u) == h(site)
}

func key(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	k := strings.TrimPrefix(strings.ToLower(u.Host), "www.") + p
	if u.RawQuery != "" {
		k += "?" + u.RawQuery
	}
	return k
}

func requestPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func megabytes(n int64) string {
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64), ".", ",", 1)
}

func seconds(d time.Duration) string {
	return strings.Replace(strconv.FormatFloat(d.Seconds(), 'f', -1, 64), ".", ",", 1)
}

// limited reads at most n bytes and remembers whether there was more.
type limited struct {
	r    io.Reader
	n    int64
	over bool
	err  error
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		if k, _ := l.r.Read(one[:]); k > 0 {
			l.over = true
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	if err != nil {
		l.err = err
	}
	return k, err
}
