package siteaudit

import (
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"planboard/domain"
)

// Limits of what is kept of one page while it is matched (the page itself
// is bounded by Config.MaxBytes).
const (
	maxText      = 256 << 10 // characters of visible text
	maxLinks     = 2000
	maxLinkText  = 200
	maxHeadings  = 500
	maxExamples  = 3
	maxExampleSz = 120
)

// Link is a link on a page: its absolute target and its text (or the
// alternative text of the image inside it, or its aria-label).
type Link struct {
	URL  *url.URL
	Href string
	Text string
}

// Form is a form on a page: whether it has a field for free text (a
// textarea), and its visible words (legend, labels, button).
type Form struct {
	FreeText bool
	Words    string
}

// Page is what the audit keeps of one HTML page while matching it.
type Page struct {
	URL      string
	Title    string
	Links    []Link
	Headings []string
	Text     string // visible text, spaces collapsed, at most maxText characters
	Forms    []Form
	Widgets  []string // markers of a known visually-impaired widget (script src, class)
	A11y     domain.SitePageA11y
}

// parsePage reads an HTML page. base is the page's URL (links are
// resolved against it, or against <base href>).
func parsePage(r io.Reader, base *url.URL) *Page {
	p := &Page{URL: base.String(), A11y: domain.SitePageA11y{Page: base.String(), NoLang: true, NoTitle: true}}
	z := html.NewTokenizer(r)
	z.SetMaxBuf(1 << 20) // one token over 1 MB ends the page
	var (
		text             strings.Builder
		inTitle, skip    int
		heading          *strings.Builder
		link             *Link
		linkAria         string
		form             *Form
		labelDepth       int
		labelFor         = map[string]bool{}
		fieldIDs         []string // ids of fields not otherwise labelled
		fieldExample     []string
		fieldsUnlabelled int
	)
	add := func(s string) {
		if text.Len() < maxText {
			text.WriteString(s)
			text.WriteByte(' ')
		}
		if heading != nil {
			heading.WriteString(s + " ")
		}
		if link != nil && len(link.Text) < maxLinkText {
			link.Text += s + " "
		}
		if inTitle > 0 {
			p.Title += s
		}
		if form != nil && labelDepth > 0 && len(form.Words) < 500 {
			form.Words += s + " "
		}
	}
	example := func(raw []byte) {
		s := string(raw)
		if len(s) > maxExampleSz {
			s = s[:maxExampleSz]
			for !utf8.ValidString(s) {
				s = s[:len(s)-1]
			}
			s += "…"
		}
		if len(p.A11y.Examples) < maxExamples*3 {
			p.A11y.Examples = append(p.A11y.Examples, s)
		}
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		switch tt {
		case html.TextToken:
			if skip > 0 {
				continue
			}
			if s := strings.Join(strings.Fields(html.UnescapeString(string(z.Text()))), " "); s != "" {
				add(s)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			a := atom.Lookup(name)
			switch a {
			case atom.Html:
				if strings.TrimSpace(attrs["lang"]) != "" {
					p.A11y.NoLang = false
				}
			case atom.Base:
				if u, err := base.Parse(attrs["href"]); err == nil && attrs["href"] != "" {
					base = u
				}
			case atom.Title:
				if tt == html.StartTagToken {
					inTitle++
				}
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				if a == atom.Script && isWidget(attrs["src"]) {
					p.Widgets = append(p.Widgets, attrs["src"])
				}
				if tt == html.StartTagToken {
					skip++
				}
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				heading = &strings.Builder{}
			case atom.A:
				href := strings.TrimSpace(attrs["href"])
				if href == "" {
					continue
				}
				u, err := base.Parse(href)
				if err != nil {
					continue
				}
				u.Fragment = ""
				link = &Link{URL: u, Href: href}
				linkAria = strings.TrimSpace(attrs["aria-label"] + " " + attrs["title"])
				if tt == html.SelfClosingTagToken {
					link = nil
				}
			case atom.Img:
				alt, has := attrs["alt"]
				if !has {
					p.A11y.ImagesNoAlt++
					example(raw)
				}
				if link != nil && strings.TrimSpace(alt) != "" {
					link.Text += strings.TrimSpace(alt) + " "
				}
			case atom.Form:
				form = &Form{}
			case atom.Label:
				labelDepth++
				if id := attrs["for"]; id != "" {
					labelFor[id] = true
				}
			case atom.Legend, atom.Button:
				labelDepth++
			case atom.Textarea, atom.Input, atom.Select:
				typ := strings.ToLower(attrs["type"])
				if a == atom.Input && (typ == "hidden" || typ == "submit" || typ == "button" || typ == "image" || typ == "reset") {
					if form != nil && (typ == "submit" || typ == "button") {
						form.Words += attrs["value"] + " "
					}
					continue
				}
				if a == atom.Textarea {
					if form != nil {
						form.FreeText = true
					}
					if tt == html.StartTagToken {
						skip++ // its text is the field's content, not the page's
					}
				}
				if labelDepth > 0 || strings.TrimSpace(attrs["aria-label"]) != "" || attrs["aria-labelledby"] != "" || strings.TrimSpace(attrs["title"]) != "" {
					continue
				}
				if id := attrs["id"]; id != "" {
					fieldIDs = append(fieldIDs, id)
					fieldExample = append(fieldExample, string(raw))
				} else {
					fieldsUnlabelled++
					example(raw)
				}
			}
			if strings.Contains(attrs["class"], "bvi-open") || strings.Contains(attrs["class"], "special-version") || attrs["id"] == "specialButton" {
				p.Widgets = append(p.Widgets, name2(a, attrs))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Title:
				if inTitle > 0 {
					inTitle--
				}
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Textarea:
				if skip > 0 {
					skip--
				}
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				if heading != nil && len(p.Headings) < maxHeadings {
					if h := strings.TrimSpace(heading.String()); h != "" {
						p.Headings = append(p.Headings, h)
					}
				}
				heading = nil
			case atom.A:
				if link != nil {
					link.Text = strings.TrimSpace(link.Text)
					if link.Text == "" {
						link.Text = linkAria
					}
					if link.Text == "" {
						p.A11y.EmptyLinks++
						example([]byte(`<a href="` + link.Href + `">`))
					}
					if len(p.Links) < maxLinks {
						p.Links = append(p.Links, *link)
					}
				}
				link = nil
			case atom.Form:
				if form != nil {
					p.Forms = append(p.Forms, *form)
				}
				form = nil
			case atom.Label, atom.Legend, atom.Button:
				if labelDepth > 0 {
					labelDepth--
				}
			}
		}
	}
	for i, id := range fieldIDs {
		if !labelFor[id] {
			fieldsUnlabelled++
			example([]byte(fieldExample[i]))
		}
	}
	p.A11y.FieldsNoLabel = fieldsUnlabelled
	p.Title = strings.TrimSpace(p.Title)
	p.A11y.NoTitle = p.Title == ""
	p.Text = text.String()
	if len(p.A11y.Examples) > maxExamples*3 {
		p.A11y.Examples = p.A11y.Examples[:maxExamples*3]
	}
	return p
}

// widgetMarkers are parts of the script addresses of known
// visually-impaired versions (lidrekon.ru's «Версия для слабовидящих»,
// the bvi button, finevision, uhpv).
var widgetMarkers = []string{"lidrekon", "bvi", "finevision", "uhpv", "special-version", "specialversion"}

func isWidget(src string) bool {
	s := strings.ToLower(src)
	for _, m := range widgetMarkers {
		if s != "" && strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// name2 writes an element's tag with its class or id, as evidence.
func name2(a atom.Atom, attrs map[string]string) string {
	s := "<" + a.String()
	if c := attrs["class"]; c != "" {
		s += ` class="` + c + `"`
	}
	if id := attrs["id"]; id != "" {
		s += ` id="` + id + `"`
	}
	return s + ">"
}
