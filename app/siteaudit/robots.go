package siteaudit

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
)

// robots is the part of a robots.txt that applies to Planboard: the rules
// of the group naming "planboard", else of the group "*".
type robots struct {
	rules []rule
	delay time.Duration // Crawl-delay
}

type rule struct {
	allow   bool
	pattern string
}

// parseRobots reads at most 512 KB of a robots.txt (RFC 9309: Allow,
// Disallow, '*' and '$'; Crawl-delay as Yandex and others read it).
func parseRobots(r io.Reader) robots {
	type group struct {
		agents []string
		rules  []rule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	lastWasAgent := false
	sc := bufio.NewScanner(io.LimitReader(r, 512<<10))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if cur == nil || !lastWasAgent {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(v))
			lastWasAgent = true
			continue
		case "allow", "disallow":
			if cur != nil && (v != "" || k == "allow") {
				cur.rules = append(cur.rules, rule{allow: k == "allow", pattern: v})
			}
		case "crawl-delay":
			if f, err := strconv.ParseFloat(v, 64); err == nil && cur != nil && f > 0 {
				cur.delay = time.Duration(f * float64(time.Second))
			}
		}
		lastWasAgent = false
	}
	pick := func(match func(a string) bool) *group {
		for _, g := range groups {
			for _, a := range g.agents {
				if match(a) {
					return g
				}
			}
		}
		return nil
	}
	g := pick(func(a string) bool { return a != "*" && strings.Contains("planboard", a) })
	if g == nil {
		g = pick(func(a string) bool { return a == "*" })
	}
	if g == nil {
		return robots{}
	}
	return robots{rules: g.rules, delay: g.delay}
}

// allowed reports whether path (with its query) may be fetched: the
// longest matching rule wins, Allow on a tie; no rule: allowed.
func (r robots) allowed(path string) bool {
	best, allow := -1, true
	for _, ru := range r.rules {
		if ru.pattern == "" {
			continue
		}
		if matchRobots(ru.pattern, path) && (len(ru.pattern) > best || len(ru.pattern) == best && ru.allow) {
			best, allow = len(ru.pattern), ru.allow
		}
	}
	return allow
}

// matchRobots matches a robots.txt pattern ('*' any run, '$' at the end
// anchors) against the start of path.
func matchRobots(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for _, part := range parts[1:] {
		i := strings.Index(rest, part)
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	if anchored && len(parts) > 1 && parts[len(parts)-1] == "" {
		return true
	}
	return !anchored || rest == ""
}
