package app_test

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"planboard/domain"
)

// No internal code reaches a user's eyes: every page reachable by links
// from the home page, as every demo role, shows no message key of the
// catalogue, no НОК condition key («3.2.sign_language») and no «[условие …]».
func TestNoInternalCodeOnAnyPage(t *testing.T) {
	e := newEnv(t)
	nokMuseum(t, e, demoYear, 0) // the museum's НОК results: the proposal shows conditions
	keys := catalogueKeys(t)
	codes := []*regexp.Regexp{
		regexp.MustCompile(`\[условие `),
		regexp.MustCompile(`\b\d\.\d\.[a-z]+(?:_[a-z]+)*\b`),                     // a НОК condition key
		regexp.MustCompile(`(?:^|[\s(«])[a-z]+\.[a-z]+_[a-z_]+(?:$|[\s)»,.:;])`), // a dotted key such as status.transition_not_allowed
	}
	events := map[string]bool{} // webhook event kinds are the API's public names, shown where integrators choose them
	for _, k := range domain.WebhookEventKinds {
		events[k] = true
	}
	token := regexp.MustCompile(`[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+`)
	for _, who := range []string{"admin@example.org", "founder@example.org", "director@example.org", "staff@example.org",
		"director2@example.org", "staff2@example.org"} {
		c := e.login(who)
		starts := []string{"/"}
		if strings.HasPrefix(who, "director") { // behind a GET form: the plan proposed from the НОК results
			inst := e.institutionID(museum)
			if who == "director2@example.org" {
				inst = e.institutionID(library)
			}
			starts = append(starts, fmt.Sprintf("/plans/new/proposal?institution=%d&year=%d", inst, demoYear+1))
		}
		for path, body := range crawl(c, starts, 120) {
			text := visibleText(body)
			for _, re := range codes {
				if m := re.FindString(text); m != "" && !events[strings.Trim(m, " ()«»,.:;")] {
					t.Errorf("%s %s shows %q", who, path, strings.TrimSpace(m))
				}
			}
			for _, tok := range token.FindAllString(text, -1) {
				if keys[tok] && !events[tok] {
					t.Errorf("%s %s shows the message key %q", who, path, tok)
				}
			}
		}
	}
}

// crawl follows the links of the site's own pages from starts, breadth
// first, up to max pages, leaving files, sign-out and the API aside.
func crawl(c *client, starts []string, max int) map[string]string {
	skip := regexp.MustCompile(`^/(logout|api|static|cal)\b|\.(xlsx|pdf|docx|csv|json|ics)(\?|$)|/(export|download|attachments|evidence)\b`)
	href := regexp.MustCompile(`href="(/[^"#]*)`)
	seen := map[string]bool{}
	for _, s := range starts {
		seen[s] = true
	}
	queue := append([]string(nil), starts...)
	out := map[string]string{}
	for len(queue) > 0 && len(out) < max {
		path := queue[0]
		queue = queue[1:]
		r := c.get(path)
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		out[path] = r.Body
		var next []string
		for _, m := range href.FindAllStringSubmatch(r.Body, -1) {
			p := html.UnescapeString(m[1])
			if !seen[p] && !skip.MatchString(p) {
				seen[p] = true
				next = append(next, p)
			}
		}
		sort.Strings(next)
		queue = append(queue, next...)
	}
	return out
}

var (
	reHidden = regexp.MustCompile(`(?s)<(script|style|template)[^>]*>.*?</(script|style|template)>`)
	reTag    = regexp.MustCompile(`<[^>]*>`)
)

// visibleText is a page's text as read: no tags, no scripts, entities decoded.
func visibleText(body string) string {
	return html.UnescapeString(reTag.ReplaceAllString(reHidden.ReplaceAllString(body, " "), " "))
}

// catalogueKeys are the message keys of the Russian catalogue.
func catalogueKeys(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("../views/i18n/ru/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("the catalogue: %v", err)
	}
	keys := map[string]bool{}
	for _, f := range files {
		var m map[string]string
		data, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(data, &m)
		}
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k := range m {
			if strings.Contains(k, ".") {
				keys[k] = true
			}
		}
	}
	return keys
}
