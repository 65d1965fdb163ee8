package siteaudit

import (
	"regexp"
	"strings"

	"planboard/domain"
)

// maxEvidence is how many places are kept per check.
const maxEvidence = 3

// textKeys are the checks also looked for in a page's running text (the
// others only in link texts, headings and titles, where sections are
// named: «структура» in a sentence is not the section «Структура»).
var textKeys = map[string]bool{"277.name": true, "277.address": true, "277.schedule": true, "277.contacts": true,
	"3.2.site_version": true, "1.2.faq": true}

// linkOnlyKeys are looked for in link texts only.
var linkOnlyKeys = map[string]bool{"1.2.opinion": true}

// otherHosts are remote channels of «иной дистанционный способ»: social
// networks and messengers.
var otherHosts = []string{"vk.com", "vk.ru", "ok.ru", "t.me", "telegram.me", "max.ru", "wa.me", "whatsapp.com", "viber.com"}

var (
	phoneRe = regexp.MustCompile(`(?:\+7|\b8)[\s\-\(]*\d{3,5}[\s\-\)]*\d{1,3}[\s\-]*\d{2}[\s\-]*\d{2}\b`)
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
)

// Analyzer matches the pages of one run against domain.SiteChecks.
type Analyzer struct {
	checks []domain.SiteCheck
	name   string // the institution's name, folded
	survey string // Planboard's questionnaire prefix: <base>/q/
	found  map[string][]domain.SiteEvidence
	a11y   []domain.SitePageA11y
}

// NewAnalyzer returns an analyzer for an institution named name; base is
// Planboard's public URL (a link to its /q/ questionnaire is a channel).
func NewAnalyzer(name, base string) *Analyzer {
	a := &Analyzer{checks: domain.SiteChecks(), name: fold(name), found: map[string][]domain.SiteEvidence{}}
	if base != "" {
		a.survey = strings.TrimRight(base, "/") + "/q/"
	}
	return a
}

func (a *Analyzer) add(key string, ev domain.SiteEvidence) {
	if len(a.found[key]) < maxEvidence {
		ev.Text = clip(ev.Text, 200)
		a.found[key] = append(a.found[key], ev)
	}
}

// Visit matches one page.
func (a *Analyzer) Visit(p *Page) {
	if p.A11y.Problems() > 0 && len(a.a11y) < 200 {
		a.a11y = append(a.a11y, p.A11y)
	}
	text := fold(p.Text)
	for _, c := range a.checks {
		if len(a.found[c.Key]) >= maxEvidence {
			continue
		}
		a.words(c, p, text)
	}
	if a.name != "" && len(a.found["277.name"]) == 0 && strings.Contains(fold(p.Title)+" "+text, a.name) {
		a.add("277.name", domain.SiteEvidence{Page: p.URL, Text: p.Title})
	}
	a.channels(p)
}

// words looks for a check's words in the page's links, headings, title and
// (for textKeys) its text.
func (a *Analyzer) words(c domain.SiteCheck, p *Page, text string) {
	for _, w := range c.Words {
		for _, l := range p.Links {
			if strings.Contains(fold(l.Text), w) {
				a.add(c.Key, domain.SiteEvidence{Page: p.URL, Text: l.Text, Link: l.URL.String()})
				return
			}
		}
		if linkOnlyKeys[c.Key] {
			continue
		}
		for _, h := range append([]string{p.Title}, p.Headings...) {
			if strings.Contains(fold(h), w) {
				a.add(c.Key, domain.SiteEvidence{Page: p.URL, Text: h})
				return
			}
		}
		if textKeys[c.Key] {
			if i := strings.Index(text, w); i >= 0 {
				a.add(c.Key, domain.SiteEvidence{Page: p.URL, Text: around(p.Text, text, i, len(w))})
				return
			}
		}
	}
}

// channels looks for the remote channels that are links, forms and
// widgets rather than words.
func (a *Analyzer) channels(p *Page) {
	for _, l := range p.Links {
		href := l.URL.String()
		host := strings.TrimPrefix(strings.ToLower(l.URL.Hostname()), "www.")
		switch {
		case l.URL.Scheme == "tel":
			a.add("1.2.phone", domain.SiteEvidence{Page: p.URL, Text: or(l.Text, l.URL.Opaque), Link: href})
		case l.URL.Scheme == "mailto":
			a.add("1.2.email", domain.SiteEvidence{Page: p.URL, Text: or(l.Text, l.URL.Opaque), Link: href})
		case host == "bus.gov.ru" || strings.HasSuffix(host, ".bus.gov.ru"):
			a.add("1.2.opinion", domain.SiteEvidence{Page: p.URL, Text: or(l.Text, href), Link: href})
		case a.survey != "" && strings.HasPrefix(href, a.survey):
			a.add("1.2.opinion", domain.SiteEvidence{Page: p.URL, Text: or(l.Text, href), Link: href})
		default:
			for _, h := range otherHosts {
				if host == h || strings.HasSuffix(host, "."+h) {
					a.add("1.2.other", domain.SiteEvidence{Page: p.URL, Text: or(l.Text, href), Link: href})
				}
			}
		}
	}
	if len(a.found["1.2.phone"]) == 0 {
		if m := phoneRe.FindString(p.Text); m != "" {
			a.add("1.2.phone", domain.SiteEvidence{Page: p.URL, Text: m})
		}
	}
	if len(a.found["1.2.email"]) == 0 {
		if m := emailRe.FindString(p.Text); m != "" {
			a.add("1.2.email", domain.SiteEvidence{Page: p.URL, Text: m})
		}
	}
	for _, f := range p.Forms {
		if f.FreeText {
			a.add("1.2.eservices", domain.SiteEvidence{Page: p.URL, Text: or(strings.TrimSpace(f.Words), "<form> <textarea>")})
			break
		}
	}
	for _, w := range p.Widgets {
		a.add("3.2.site_version", domain.SiteEvidence{Page: p.URL, Text: w})
		break
	}
}

// Report is the run's findings: every check in order, the contacts
// material found where a telephone and an e-mail address are.
func (a *Analyzer) Report(c Crawl) domain.SiteReport {
	if len(a.found["277.contacts"]) == 0 && len(a.found["1.2.phone"]) > 0 && len(a.found["1.2.email"]) > 0 {
		a.found["277.contacts"] = []domain.SiteEvidence{a.found["1.2.phone"][0], a.found["1.2.email"][0]}
	}
	r := domain.SiteReport{Documents: c.Documents, Skipped: c.Skipped, Truncated: c.Truncated, A11y: a.a11y}
	for _, ch := range a.checks {
		ev := a.found[ch.Key]
		r.Findings = append(r.Findings, domain.SiteFinding{Key: ch.Key, Found: len(ev) > 0, Evidence: ev})
	}
	return r
}

// fold lowers s and writes ё as е, as the checks' words are written.
func fold(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "ё", "е")
}

// around is the text near a match (folded has the same byte offsets as
// orig only when folding kept the lengths; otherwise the folded text is used).
func around(orig, folded string, i, n int) string {
	src := orig
	if len(orig) != len(folded) {
		src = folded
	}
	from, to := max(0, i-60), min(len(src), i+n+60)
	for from > 0 && !isStart(src[from]) {
		from--
	}
	for to < len(src) && !isStart(src[to]) {
		to++
	}
	return strings.TrimSpace(src[from:to])
}

func isStart(b byte) bool { return b < 0x80 || b >= 0xC0 }

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func or(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}
