package web

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// The site page (docs/site-audit.md): the official site on record, the
// audit's last results and history, and the gaps one click from the plan.

type sitePage struct {
	Page
	*service.SitePage
	URL    string // the address as typed (a refused form keeps it)
	Errors domain.FieldErrors
}

// Summary is the errors of the page's forms for "error_summary".
func (p sitePage) Summary() []fieldLink { return errorLinks(p.Page, p.Errors, []string{"url"}, nil) }

// FieldID is the id of a check's mark field.
func (p sitePage) FieldID(key string) string { return "mark-" + strings.ReplaceAll(key, ".", "-") }

// MarkError is the error of a check's mark field ("" none).
func (p sitePage) MarkError(key string) string { return p.Errors[p.FieldID(key)] }

// At writes a moment in the institution's zone.
func (p sitePage) At(t time.Time) string { return p.Locale.When(t.In(p.Institution.Location())) }

// Seconds writes a run's duration in whole seconds (at least 1).
func (p sitePage) Seconds(d time.Duration) int { return max(1, int(d.Round(time.Second)/time.Second)) }

// Score writes an estimate: whole points as a whole number («60»), else
// as the score is written («83,33»).
func (p sitePage) Score(v float64) string {
	if v == math.Trunc(v) {
		return strconv.Itoa(int(v))
	}
	return domain.FormatScore(v)
}

// Points writes a number of points in words («30 баллов», «3,33 балла»).
func (p sitePage) Points(v float64) string {
	n := int(v)
	form := "many"
	switch {
	case v != math.Trunc(v):
		form = "frac"
	case n%10 == 1 && n%100 != 11:
		form = "one"
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		form = "few"
	}
	return p.T("site.points."+form, p.Score(v))
}

// Outcome is a failed run's reason in words.
func (p sitePage) Outcome(r domain.SiteRun) string {
	if r.OutcomeDetail == "" {
		return p.T("site.outcome." + r.Outcome)
	}
	return p.T("site.outcome."+r.Outcome, r.OutcomeDetail)
}

// Wording is a check's wording by key.
func (p sitePage) Wording(key string) string {
	c, _ := domain.LookupSiteCheck(key)
	return c.Wording
}

// Web reports whether an evidence link is a web address (tel: and
// mailto: are shown as text).
func (p sitePage) Web(link string) bool {
	return strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "https://")
}

// ID is a check's key as it stands in element ids ("1-2-faq").
func (p sitePage) ID(key string) string { return strings.ReplaceAll(key, ".", "-") }

// siteGroup is one group of checks for the "site_group" template.
type siteGroup struct {
	sitePage
	Anchor, Source string
	Checks         []service.SiteCheckView
	InstitutionID  int64
	HasPlan        bool
}

// WithGroup is the page's checks of one group (SiteGroup…).
func (p sitePage) WithGroup(g string) siteGroup {
	out := siteGroup{sitePage: p, Anchor: p.ID(g), InstitutionID: p.Institution.ID, HasPlan: p.Plan != nil}
	for _, c := range p.SitePage.Checks {
		if c.Check.Group == g {
			out.Checks = append(out.Checks, c)
			out.Source = c.Check.Source
		}
	}
	return out
}

// Gaps are the differences in words: each missing check with the points
// it costs the indicator it counts towards.
func (p sitePage) Gaps() []string {
	var out []string
	est := p.Estimate
	var checks []service.SiteCheckView // the channels first: they weigh most
	for _, g := range []string{domain.SiteGroupChannel, domain.SiteGroupAccess, domain.SiteGroupMaterial} {
		checks = append(checks, p.WithGroup(g).Checks...)
	}
	for _, c := range checks {
		if c.Present() {
			continue
		}
		switch c.Check.Group {
		case domain.SiteGroupChannel:
			if w := domain.ChannelWorth(est); w > 0 {
				out = append(out, p.T("site.gap.channel", c.Check.Wording, p.Points(w)))
			}
		case domain.SiteGroupAccess:
			out = append(out, p.T("site.gap.version", c.Check.Wording))
		case domain.SiteGroupMaterial:
			out = append(out, p.T("site.gap.material", c.Check.Wording, p.Points(domain.RoundScore(50/float64(max(1, est.SiteRequired))))))
		}
	}
	return out
}

// nokFigures are the last НОК's figures the site's estimate is set against.
type nokFigures struct {
	Year         int
	Ind12, Ind11 string // "" unknown
	SiteHalf     string // the site half of 1.1 from the operator's counts, "" unknown
	Version      string // "yes", "no" or "" unknown
}

// Nok returns the last НОК's figures (nil: no assessment).
func (p sitePage) Nok() *nokFigures {
	a := p.Assessment
	if a == nil {
		return nil
	}
	s := domain.Calculate(*a)
	n := &nokFigures{Year: a.Year}
	if v := s.Indicator("1.2"); v.Known {
		n.Ind12 = domain.FormatScore(v.Value)
	}
	if v := s.Indicator("1.1"); v.Known {
		n.Ind11 = domain.FormatScore(v.Value)
	}
	if a.Info != nil && a.Info.SiteNorm > 0 {
		n.SiteHalf = domain.FormatScore(float64(a.Info.SiteFound) / float64(a.Info.SiteNorm) * 100)
	}
	if keys, ok := a.Conditions["3.2"]; ok {
		n.Version = "no"
		for _, k := range keys {
			if k == "3.2.site_version" {
				n.Version = "yes"
			}
		}
	}
	return n
}

func (a *App) sitePage(c *fiber.Ctx, status int, url string, errs domain.FieldErrors) error {
	sp, err := a.svc.SitePage(c.UserContext(), caller(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	if url == "" && sp.HasSite {
		url = sp.Site.URL
	}
	p := sitePage{Page: a.page(c, "site.title"), SitePage: sp, URL: url, Errors: errs}
	p.Nav = "settings"
	return a.render(c, status, "site", p)
}

// showSite shows the site page: anyone who may view the institution.
func (a *App) showSite(c *fiber.Ctx) error { return a.sitePage(c, fiber.StatusOK, "", nil) }

func sitePath(id int64) string { return "/institutions/" + strconv.FormatInt(id, 10) + "/site" }

// invalid answers a refused form: 422 with the page, the typed values
// kept; any other error goes to the error handler.
func (a *App) invalid(c *fiber.Ctx, err error, url string, field func(string) string) error {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	errs := domain.FieldErrors{}
	for k, v := range ve.Fields {
		errs[field(k)] = v
	}
	return a.sitePage(c, fiber.StatusUnprocessableEntity, url, errs)
}

// saveSite records the site's address (director, founder, admin).
func (a *App) saveSite(c *fiber.Ctx) error {
	url := c.FormValue("url")
	inst, err := a.svc.SetSite(c.UserContext(), caller(c), idParam(c, "id"), url)
	if err != nil {
		return a.invalid(c, err, url, func(k string) string { return k })
	}
	return a.done(c, sitePath(inst.ID), "site.saved")
}

// runSite asks for a run now («Проверить сейчас»).
func (a *App) runSite(c *fiber.Ctx) error {
	inst, err := a.svc.RequestSiteAudit(c.UserContext(), caller(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return a.done(c, sitePath(inst.ID), "site.requested")
}

// markSite marks a check as present at an address, or removes the mark.
func (a *App) markSite(c *fiber.Ctx) error {
	key := c.Params("key")
	url := c.FormValue("url")
	inst, err := a.svc.MarkSiteCheck(c.UserContext(), caller(c), idParam(c, "id"), key, url)
	if err != nil {
		id := sitePage{}.FieldID(key)
		return a.invalid(c, err, "", func(string) string { return id })
	}
	msg := "site.marked"
	if strings.TrimSpace(url) == "" {
		msg = "site.unmarked"
	}
	return a.done(c, sitePath(inst.ID)+"#check-"+strings.ReplaceAll(key, ".", "-"), msg)
}

// addSiteGap adds a missing check to the current plan as an item.
func (a *App) addSiteGap(c *fiber.Ctx) error {
	id := idParam(c, "id")
	r, err := a.svc.AddSiteGapToPlan(c.UserContext(), caller(c), id, c.Params("key"))
	if err != nil {
		return err
	}
	if r.Already {
		return a.done(c, sitePath(id), "site.plan.already")
	}
	return a.done(c, sitePath(id)+"#check-"+strings.ReplaceAll(c.Params("key"), ".", "-"), "site.plan.added", r.Plan.Title)
}
