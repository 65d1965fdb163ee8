package web

import (
	"net/url"
	"sort"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// The region's dashboard (docs/regions.md): the founder dashboard's
// figures over every founder below the viewer's node, per founder and per
// institution, in the same fixed number of statements whatever the number
// of institutions (founder.go, dashcache.go).

type regionPage struct {
	founderPage
	Nodes      []domain.Overseer // visible nodes, for the choice of a subtree
	Node       domain.Overseer   // the chosen node (zero: everything visible)
	FounderID  int64             // the founder filter (0: all)
	Founders   []regionFounderRow
	AllFounder []domain.RegionFounder // founders below the node, for the filter
	Dash       domain.Scope           // the founders shown: the scope of the figures
}

// regionFounderRow sums one founder's institutions.
type regionFounderRow struct {
	Founder       domain.RegionFounder
	Institutions  int
	Planned       int // institutions with a plan for the year
	Approved      int
	Totals        domain.InstitutionStat
	ScoreSum      float64
	Scored        int
	ChangeSum     float64
	Changed       int
	ReportPending int
}

// Percent is the founder's share of done items.
func (r regionFounderRow) Percent() int { return r.Totals.Percent() }

// Score is the average НОК score of the founder's assessed institutions.
func (r regionFounderRow) Score() string {
	if r.Scored == 0 {
		return "—"
	}
	return domain.FormatScore(r.ScoreSum / float64(r.Scored))
}

// Change is the average change since the previous assessment.
func (r regionFounderRow) Change() string {
	if r.Changed == 0 {
		return "—"
	}
	return points(r.ChangeSum / float64(r.Changed))
}

// regionScope is what the region's dashboard may show: every founder
// below the viewer's nodes (everything for the admin). Others: 403.
func regionScope(c *fiber.Ctx) (domain.Scope, error) {
	a := actor(c)
	sc := domain.Scope{All: a.IsAdmin}
	for _, m := range a.Memberships {
		if m.Role == domain.RoleRegion {
			sc.OverseerIDs = append(sc.OverseerIDs, m.OverseerID)
			sc.FounderIDs = append(sc.FounderIDs, m.Founders...)
		}
	}
	if !sc.All && len(sc.OverseerIDs) == 0 {
		return sc, &domain.Error{Code: domain.EForbidden, Message: "error.forbidden"}
	}
	return sc, nil
}

// regionData loads the dashboard: the visible nodes, the founders with
// their place in the tree, and the founder dashboard's figures over the
// founders chosen; filters and sorts in memory.
func (a *App) regionData(c *fiber.Ctx) (regionPage, error) {
	sc, err := regionScope(c)
	if err != nil {
		return regionPage{}, err
	}
	ctx := c.UserContext()
	p := regionPage{}
	if p.Nodes, err = a.store.Overseers(ctx, sc); err != nil {
		return p, err
	}
	if id, _ := strconv.ParseInt(c.Query("region"), 10, 64); id > 0 {
		found := false
		for _, n := range p.Nodes {
			if n.ID == id {
				p.Node, found = n, true
			}
		}
		if !found {
			return p, domain.ErrNotFound
		}
	}
	founders, err := a.store.RegionFounders(ctx, sc)
	if err != nil {
		return p, err
	}
	p.FounderID, _ = strconv.ParseInt(c.Query("founder"), 10, 64)
	dash := domain.Scope{FounderIDs: []int64{}}
	byID := map[int64]int{}
	foundFounder := p.FounderID == 0
	for _, f := range founders {
		if p.Node.ID != 0 && !f.Below(p.Node.ID) {
			continue
		}
		p.AllFounder = append(p.AllFounder, f)
		if p.FounderID != 0 && f.ID != p.FounderID {
			continue
		}
		foundFounder = foundFounder || f.ID == p.FounderID
		byID[f.ID] = len(p.Founders)
		p.Founders = append(p.Founders, regionFounderRow{Founder: f})
		dash.FounderIDs = append(dash.FounderIDs, f.ID)
	}
	if !foundFounder {
		return p, domain.ErrNotFound
	}
	fp, err := a.founderDataOver(c, a.page(c, "region.title"), dash)
	if err != nil {
		return p, err
	}
	p.founderPage, p.Dash = fp, dash
	p.Nav = "region"
	for _, r := range p.Rows {
		i, ok := byID[r.Institution.FounderID]
		if !ok {
			continue
		}
		f := &p.Founders[i]
		f.Institutions++
		if r.PlanID != 0 {
			f.Planned++
		}
		if r.PlanStatus == domain.PlanApproved {
			f.Approved++
		}
		f.Totals.Total += r.Total
		f.Totals.Done += r.Done
		f.Totals.Overdue += r.Overdue
		f.Totals.Submitted += r.Submitted
		f.ReportPending += r.ReportPending
		if r.Nok.Known() {
			f.ScoreSum += r.Nok.Score.Total
			f.Scored++
		}
		if r.Nok.HasChange {
			f.ChangeSum += r.Nok.Change
			f.Changed++
		}
	}
	sort.SliceStable(p.Founders, func(i, j int) bool {
		x, y := p.Founders[i], p.Founders[j]
		if x.Totals.Overdue != y.Totals.Overdue {
			return x.Totals.Overdue > y.Totals.Overdue
		}
		return x.Percent() < y.Percent()
	})
	p.Query = p.query(p.Sort)
	return p, nil
}

// query is the dashboard's query string with its filters and sort key.
func (p regionPage) query(sortKey string) string {
	v := url.Values{"kind": {p.Kind}, "status": {p.Status}, "sort": {sortKey}, "year": {strconv.Itoa(p.Year)}}
	if p.Node.ID != 0 {
		v.Set("region", strconv.FormatInt(p.Node.ID, 10))
	}
	if p.FounderID != 0 {
		v.Set("founder", strconv.FormatInt(p.FounderID, 10))
	}
	return v.Encode()
}

// regionDashboard renders /region.
func (a *App) regionDashboard(c *fiber.Ctx) error {
	p, err := a.regionData(c)
	if err != nil {
		return err
	}
	p.Pager = newPager(c.Query("page"), len(p.Rows), dashboardPageSize)
	p.Pager.Query, p.Pager.RangeKey, p.Pager.LabelKey = p.Query, "founder.page_range", "founder.pages"
	if len(p.Rows) > 0 {
		p.Rows = p.Rows[p.Pager.From-1 : p.Pager.To]
	}
	return a.render(c, fiber.StatusOK, "region", p)
}

// regionPrint renders /region/print: the whole summary on paper for the
// public council, every institution on it.
func (a *App) regionPrint(c *fiber.Ctx) error {
	p, err := a.regionData(c)
	if err != nil {
		return err
	}
	return a.renderIn(c, fiber.StatusOK, "region_print", "printbase", p)
}

// SortURL returns the dashboard address sorted by key, other filters kept.
func (p regionPage) SortURL(key string) string { return "/region?" + p.query(key) }

// ExportURL returns the XLSX address with the current filters.
func (p regionPage) ExportURL() string { return "/region.xlsx?" + p.Query }

// PrintURL returns the printable summary's address with the current filters.
func (p regionPage) PrintURL() string { return "/region/print?" + p.Query }

// FounderURL is the dashboard narrowed to one founder.
func (p regionPage) FounderURL(id int64) string {
	q := p
	q.FounderID = id
	return "/region?" + q.query(p.Sort)
}

// Heading names what the dashboard covers: the chosen node, or the
// viewer's own node, or (for the admin) every region.
func (p regionPage) Heading() string {
	switch {
	case p.Node.ID != 0:
		return p.Node.Name
	case len(p.Nodes) > 0 && !p.User.IsAdmin:
		return p.Nodes[0].Name
	}
	return p.T("region.all")
}

// FounderName is the name of founder id among the founders below the node.
func (p regionPage) FounderName(id int64) string {
	for _, f := range p.AllFounder {
		if f.ID == id {
			return f.Name
		}
	}
	return ""
}
