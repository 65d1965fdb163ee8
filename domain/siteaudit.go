package domain

import (
	"math"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Outcomes of a site audit run: "ok" (the findings stand) or why it
// failed, each with a catalogue message "site.outcome.<code>" whose blank
// OutcomeDetail fills.
const (
	SiteOK           = "ok"
	SiteTimeout      = "timeout"       // detail: seconds waited
	SiteHTTPStatus   = "http_status"   // detail: the status code
	SitePrivate      = "private"       // detail: the address refused
	SiteUnresolved   = "unresolved"    // detail: the host
	SiteOffsite      = "offsite"       // detail: where the start page redirects
	SiteRedirectLoop = "redirect_loop" // detail: the URL that repeats
	SiteTooLarge     = "too_large"     // detail: the limit in MB
	SiteNotHTML      = "not_html"      // detail: the content type
	SiteRobots       = "robots"        // robots.txt forbids the start page
	SiteNetwork      = "network"       // detail: the error, shortened
)

// MaxSiteURL is the longest site address kept, in characters.
const MaxSiteURL = 2000

// SiteEvidence is where a check was matched: the page, the text that
// matched and, for a link, its target.
type SiteEvidence struct {
	Page string `json:"page"`
	Text string `json:"text"`
	Link string `json:"link,omitempty"`
}

// SiteFinding is one check's result in a run.
type SiteFinding struct {
	Key      string         `json:"key"`
	Found    bool           `json:"found"`
	Evidence []SiteEvidence `json:"evidence,omitempty"` // at most a few
}

// SiteDocument is a linked file that is not a page (PDF, office): noted by
// its name and link text, not read.
type SiteDocument struct {
	URL  string `json:"url"`
	Text string `json:"text"`
	Page string `json:"page"`
}

// SitePageA11y counts what a screen-reader user meets on one page: not a
// verdict of conformance to ГОСТ Р 52872-2019, only the basic signs.
type SitePageA11y struct {
	Page          string   `json:"page"`
	NoLang        bool     `json:"no_lang,omitempty"`
	NoTitle       bool     `json:"no_title,omitempty"`
	ImagesNoAlt   int      `json:"images_no_alt,omitempty"`
	FieldsNoLabel int      `json:"fields_no_label,omitempty"`
	EmptyLinks    int      `json:"empty_links,omitempty"`
	Examples      []string `json:"examples,omitempty"` // a few of the elements, as written in the page
}

// Problems is how many problems the page has.
func (p SitePageA11y) Problems() int {
	n := p.ImagesNoAlt + p.FieldsNoLabel + p.EmptyLinks
	if p.NoLang {
		n++
	}
	if p.NoTitle {
		n++
	}
	return n
}

// SiteSkip is a page the audit did not read, and why ("robots",
// "too_large", "not_html", "offsite", "status", "error").
type SiteSkip struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

// SiteReport is what a run found.
type SiteReport struct {
	Findings  []SiteFinding  `json:"findings"`
	Documents []SiteDocument `json:"documents,omitempty"`
	A11y      []SitePageA11y `json:"a11y,omitempty"` // pages with at least one problem
	Skipped   []SiteSkip     `json:"skipped,omitempty"`
	Truncated bool           `json:"truncated,omitempty"` // stopped by the page or time limit
}

// SiteRun is one audit run.
type SiteRun struct {
	ID            int64
	InstitutionID int64
	URL           string
	StartedAt     time.Time
	Duration      time.Duration
	Pages         int
	Outcome       string
	OutcomeDetail string
	Report        SiteReport
}

// OK reports whether the run's findings stand.
func (r SiteRun) OK() bool { return r.Outcome == SiteOK }

// Found is what the run found, with the director's marks («есть, но не
// найдено автоматически») counted as found.
func (r SiteRun) Found(marked map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, f := range r.Report.Findings {
		if f.Found {
			out[f.Key] = true
		}
	}
	for k := range marked {
		out[k] = true
	}
	return out
}

// SiteEstimate is what a site's findings mean for the НОК indicators.
type SiteEstimate struct {
	Channels     int     // remote channels present
	Ind12        float64 // 30 per channel, at most 100
	SiteFound    int     // materials of № 277 found
	SiteRequired int
	SiteHalf     float64 // found ÷ required · 100: the site half of 1.1
	SiteVersion  bool    // the condition «альтернативная версия сайта» of 3.2
}

// EstimateSite computes the estimate from what was found.
func EstimateSite(found map[string]bool) SiteEstimate {
	var e SiteEstimate
	for _, c := range siteChecks {
		switch c.Group {
		case SiteGroupMaterial:
			e.SiteRequired++
			if found[c.Key] {
				e.SiteFound++
			}
		case SiteGroupChannel:
			if found[c.Key] {
				e.Channels++
			}
		case SiteGroupAccess:
			e.SiteVersion = found[c.Key]
		}
	}
	e.Ind12 = math.Min(100, float64(30*e.Channels))
	if e.SiteRequired > 0 {
		e.SiteHalf = float64(e.SiteFound) / float64(e.SiteRequired) * 100
	}
	return e
}

// ChannelWorth is the points of 1.2 a missing channel would add to est.
func ChannelWorth(est SiteEstimate) float64 {
	return math.Min(100, float64(30*(est.Channels+1))) - est.Ind12
}

// SiteChange is a check that appeared or disappeared since the previous run.
type SiteChange struct {
	Key      string
	Appeared bool
}

// DiffSite lists the checks that changed from prev to cur, in the checks'
// order, those that disappeared first.
func DiffSite(prev, cur map[string]bool) []SiteChange {
	var lost, gained []SiteChange
	for _, c := range siteChecks {
		switch {
		case prev[c.Key] && !cur[c.Key]:
			lost = append(lost, SiteChange{Key: c.Key})
		case !prev[c.Key] && cur[c.Key]:
			gained = append(gained, SiteChange{Key: c.Key, Appeared: true})
		}
	}
	return append(lost, gained...)
}

// Worse reports whether any change is a loss.
func Worse(changes []SiteChange) bool {
	for _, c := range changes {
		if !c.Appeared {
			return true
		}
	}
	return false
}

// ReadSiteURL checks an official site's address as typed: absolute http or
// https, a host, no user name or password, at most MaxSiteURL characters;
// "example.org" without a scheme is read as https://example.org. Errors:
// EInvalid on field "url".
func ReadSiteURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s != "" && !strings.Contains(s, "://") && !strings.Contains(s, ":") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	switch {
	case s == "":
		return "", FieldError("url", "site.url.required")
	case utf8.RuneCountInString(s) > MaxSiteURL || err != nil || u.Opaque != "":
		return s, FieldError("url", "site.url.invalid")
	case u.Scheme != "http" && u.Scheme != "https":
		return s, FieldError("url", "site.url.scheme")
	case u.Hostname() == "":
		return s, FieldError("url", "site.url.invalid")
	case u.User != nil:
		return s, FieldError("url", "site.url.userinfo")
	}
	u.Fragment = ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

// SiteJob is a site whose audit a runner has claimed.
type SiteJob struct {
	Institution Institution
	URL         string
}

// MailSiteWorse is the mail to the directors when a run finds less than
// the previous one.
const MailSiteWorse = "site_audit_worse"

// Site is an institution's official site on record.
type Site struct {
	InstitutionID int64
	URL           string
	UpdatedAt     time.Time
	Requested     bool // a run is wanted and not yet done
	Running       bool // a replica is running it
}

// SiteSummary is an institution's site on the founder dashboard: the date
// of its last run and the estimate of its last successful one.
type SiteSummary struct {
	LastRun  time.Time // zero: never audited
	Known    bool      // a successful run exists
	Estimate SiteEstimate
}
