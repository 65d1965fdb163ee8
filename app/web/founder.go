package web

import (
	"net/url"
	"sort"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type founderPage struct {
	Page
	Year             int
	Rows             []*domain.InstitutionStat // into the (shared, read-only) cached figures
	All              int                       // institutions before filtering
	Kind             string
	Status           string
	Sort             string
	Kinds            []domain.InstitutionKind
	Statuses         []domain.PlanStatus
	Sections         []domain.Progress
	Due              [12]int
	Done             [12]int
	Charts           charts
	Query            string // the current filters, for the export link
	Totals           domain.InstitutionStat
	SortKeys         []string
	Pager            pager      // the page of Rows shown (the export takes them all)
	Nok              nokSummary // НОК averages over the shown institutions (founder_nok.go)
	founderDecisions            // «Ждут решения» of any year and the year choice (ux_founder.go)
}

// dashboardSorts are the sort orders the dashboard offers; "worst" puts the
// institutions most behind first (most overdue, then lowest % done).
var dashboardSorts = map[string]func(a, b domain.InstitutionStat) bool{
	"worst": func(a, b domain.InstitutionStat) bool {
		if a.Overdue != b.Overdue {
			return a.Overdue > b.Overdue
		}
		return a.Percent() < b.Percent()
	},
	"name":     func(a, b domain.InstitutionStat) bool { return a.Institution.Name < b.Institution.Name },
	"percent":  func(a, b domain.InstitutionStat) bool { return a.Percent() > b.Percent() },
	"overdue":  func(a, b domain.InstitutionStat) bool { return a.Overdue > b.Overdue },
	"ontime":   func(a, b domain.InstitutionStat) bool { return a.OnTimePercent() < b.OnTimePercent() },
	"review":   func(a, b domain.InstitutionStat) bool { return a.Review > b.Review },
	"activity": func(a, b domain.InstitutionStat) bool { return a.LastActivity.Before(b.LastActivity) },
	"status": func(a, b domain.InstitutionStat) bool {
		return planStatusOrder(a.PlanStatus) < planStatusOrder(b.PlanStatus)
	},
}

func planStatusOrder(s domain.PlanStatus) int {
	for i, v := range domain.PlanStatuses {
		if v == s {
			return i + 1
		}
	}
	return 0
}

// founderScope is what the founder dashboard shows: every institution under
// the founders the user belongs to (everything for an admin). Others: 403.
func founderScope(c *fiber.Ctx) (domain.Scope, error) {
	a := actor(c)
	sc := domain.Scope{All: a.IsAdmin}
	for _, m := range a.Memberships {
		if m.Role == domain.RoleFounder && domain.Can(a, domain.ActViewFounder, domain.Resource{FounderID: m.FounderID}) {
			sc.FounderIDs = append(sc.FounderIDs, m.FounderID)
		}
	}
	if sc.Empty() {
		return sc, &domain.Error{Code: domain.EForbidden, Message: "error.forbidden"}
	}
	return sc, nil
}

// founderData loads the dashboard: two queries whatever the number of
// institutions (the aggregate table, the charts' figures),
// then filters and sorts in memory. Filters come from the query string only.
func (a *App) founderData(c *fiber.Ctx) (founderPage, error) {
	return a.founderDataIn(c, a.page(c, "founder.title"), "")
}

// founderDataIn is founderData with the page's shared part given, and the
// change counters' key when the caller has read it (scopeStamp; "": none).
func (a *App) founderDataIn(c *fiber.Ctx, pg Page, stamp string) (founderPage, error) {
	sc, err := founderScope(c)
	if err != nil {
		return founderPage{}, err
	}
	return a.founderDataOverStamp(c, pg, sc, stamp)
}

// founderDataOver is the dashboard's figures over the institutions of sc
// (the region's dashboard passes the founders below its node: region.go).
func (a *App) founderDataOver(c *fiber.Ctx, pg Page, sc domain.Scope) (founderPage, error) {
	return a.founderDataOverStamp(c, pg, sc, "")
}

func (a *App) founderDataOverStamp(c *fiber.Ctx, pg Page, sc domain.Scope, stamp string) (founderPage, error) {
	now := a.now()
	year := now.Year()
	if y, err := strconv.Atoi(c.Query("year")); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	p := founderPage{Page: pg, Year: year, Kind: c.Query("kind"), Status: c.Query("status"),
		Sort: c.Query("sort"), Kinds: domain.InstitutionKinds, Statuses: domain.PlanStatuses,
		SortKeys: append([]string{"worst", "name", "status", "percent", "overdue", "ontime", "review", "activity"}, append(nokSortKeys, "site")...)}
	p.Nav = "founder"
	if _, ok := dashboardSorts[p.Sort]; !ok {
		p.Sort = "worst"
	}
	figs, err := a.dashboardFigures(c, sc, year, now, stamp)
	if err != nil {
		return p, err
	}
	p.Sections, p.Due, p.Done = figs.sections, figs.due, figs.done
	p.All = len(figs.rows)
	p.Rows = make([]*domain.InstitutionStat, 0, len(figs.rows))
	for i := range figs.rows {
		r := &figs.rows[i]
		if (p.Kind == "" || string(r.Institution.Kind) == p.Kind) && (p.Status == "" || string(r.PlanStatus) == p.Status ||
			(p.Status == "none" && r.PlanID == 0)) {
			p.Rows = append(p.Rows, r)
			p.Totals.Total += r.Total
			p.Totals.Done += r.Done
			p.Totals.OnTime += r.OnTime
			p.Totals.Overdue += r.Overdue
			p.Totals.Review += r.Review
			p.Totals.Submitted += r.Submitted
			p.Totals.ReportPending += r.ReportPending
		}
	}
	p.Nok = nokSummaryOf(p.Page, p.Rows)
	less := dashboardSorts[p.Sort]
	sort.SliceStable(p.Rows, func(i, j int) bool { return less(*p.Rows[i], *p.Rows[j]) })
	p.Query = url.Values{"kind": {p.Kind}, "status": {p.Status}, "sort": {p.Sort}, "year": {strconv.Itoa(year)}}.Encode()
	p.Charts = buildCharts(p.Page, p.Sections, p.Due, p.Done)
	return p, nil
}

// dashboardPageSize is how many institutions one page of the dashboard lists.
const dashboardPageSize = 50

// founderDashboard renders /founder: kept while nothing in the founder's
// institutions changed (viewcache.go), for a quarter of an hour at most.
func (a *App) founderDashboard(c *fiber.Ctx) error {
	sc, err := founderScope(c)
	if err != nil {
		return err
	}
	stamp, err := a.scopeStamp(c, sc)
	if err != nil {
		return err
	}
	return a.keptPage(c, "founder.title", "founder", stamp, func(pg Page) (any, error) {
		p, err := a.founderDataIn(c, pg, stamp) // the counters just read key the figures too
		if err != nil {
			return nil, err
		}
		if p.founderDecisions, err = a.decisionsOf(c, p.Year); err != nil {
			return nil, err
		}
		p.Pager = newPager(c.Query("page"), len(p.Rows), dashboardPageSize)
		p.Pager.Query, p.Pager.RangeKey, p.Pager.LabelKey = p.Query, "founder.page_range", "founder.pages"
		if len(p.Rows) > 0 {
			p.Rows = p.Rows[p.Pager.From-1 : p.Pager.To]
		}
		return p, nil
	})
}

// ExportURL returns the XLSX summary address with the current filters.
func (p founderPage) ExportURL() string { return "/founder.xlsx?" + p.Query }

// SortURL returns the dashboard address sorted by key, other filters kept.
func (p founderPage) SortURL(key string) string {
	return "/founder?" + url.Values{"kind": {p.Kind}, "status": {p.Status}, "sort": {key}, "year": {strconv.Itoa(p.Year)}}.Encode()
}

// Activity formats a last-activity moment as a date in the institution's zone.
func (p founderPage) Activity(s *domain.InstitutionStat) string {
	if s.LastActivity.IsZero() {
		return "—"
	}
	return p.Date(domain.DateOf(s.LastActivity.In(s.Institution.Location())))
}

// isFounder reports whether the actor oversees some founder's institutions.
func isFounder(a domain.Actor) bool {
	for _, m := range a.Memberships {
		if m.Role == domain.RoleFounder {
			return true
		}
	}
	return false
}
