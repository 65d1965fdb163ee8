package siteaudit

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzParsePage: any bytes a site serves give a page without a panic,
// within the kept limits.
func FuzzParsePage(f *testing.F) {
	for _, s := range []string{"<html lang=ru><title>t</title><a href='/x'>x</a>", "<form><textarea>", "<a href=':%'><img>", "<base href='//x'>"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://site.test/")
	f.Fuzz(func(t *testing.T, s string) {
		p := parsePage(strings.NewReader(s), base)
		if len(p.Links) > maxLinks || len(p.Headings) > maxHeadings || len(p.Text) > maxText+2*len(s)+1 {
			t.Fatalf("limits exceeded: %d links, %d headings", len(p.Links), len(p.Headings))
		}
		an := NewAnalyzer("Музей", "http://plan.test")
		an.Visit(p)
		an.Report(Crawl{})
	})
}

// FuzzRobots: any robots.txt reads without a panic.
func FuzzRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /a*b$\nAllow: /\n")
	f.Fuzz(func(t *testing.T, s string) {
		rb := parseRobots(strings.NewReader(s))
		rb.allowed("/a/b")
	})
}
