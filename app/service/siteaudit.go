package service

import (
	"context"
	"strings"

	"planboard/domain"
)

// SiteStore is what the site page needs (docs/site-audit.md): the site on
// record, the runs and marks, the last НОК, and the current plan.
type SiteStore interface {
	Institution(ctx context.Context, sc domain.Scope, id int64) (domain.Institution, error)
	Site(ctx context.Context, sc domain.Scope, institutionID int64) (domain.Site, bool, error)
	SetSiteURL(ctx context.Context, sc domain.Scope, institutionID int64, url string, by int64) error
	RequestSiteAudit(ctx context.Context, sc domain.Scope, institutionID int64) error
	SiteRuns(ctx context.Context, sc domain.Scope, institutionID int64, limit int) ([]domain.SiteRun, error)
	SiteMarks(ctx context.Context, institutionID int64) (map[string]string, error)
	SetSiteMark(ctx context.Context, sc domain.Scope, institutionID int64, key, url string, by int64) error
	LatestAssessment(ctx context.Context, sc domain.Scope, institutionID int64, year int) (domain.Assessment, error)
	Plans(ctx context.Context, sc domain.Scope) ([]domain.PlanSummary, error)
	PlanItems(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Item, error)
}

// siteHistory is how many runs the page reads.
const siteHistory = 12

// SiteCheckView is one check on the site page: what the last successful
// run found and the director's mark.
type SiteCheckView struct {
	Check   domain.SiteCheck
	Finding domain.SiteFinding
	Mark    string // the URL of «есть, но не найдено автоматически»; "" none
	InPlan  bool   // the current plan already has its measure
}

// Present reports whether the check counts as present.
func (v SiteCheckView) Present() bool { return v.Finding.Found || v.Mark != "" }

// SiteRunView is a run in the history with what changed since the
// successful run before it.
type SiteRunView struct {
	Run      domain.SiteRun
	Estimate domain.SiteEstimate
	Changes  []domain.SiteChange
}

// SitePage is the site page's read model.
type SitePage struct {
	Institution  domain.Institution
	Site         domain.Site
	HasSite      bool
	CanManage    bool            // set the URL, run, mark
	CanAddToPlan bool            // add a gap to the plan
	Last         *domain.SiteRun // the latest run, whatever its outcome
	LastOK       *SiteRunView    // the latest successful run
	Checks       []SiteCheckView
	Estimate     domain.SiteEstimate // with the marks
	History      []SiteRunView
	Assessment   *domain.Assessment // the last НОК, nil: none
	Plan         *domain.Plan       // the current plan, nil: none
}

// SitePage reads an institution's site page: the institution through the
// caller's scope, anyone who may view it. Errors: ENotFound, EForbidden.
func (s *Service) SitePage(ctx context.Context, who Caller, institutionID int64) (*SitePage, error) {
	inst, err := s.store.Institution(ctx, who.Scope(), institutionID)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(domain.ActView, inst); err != nil {
		return nil, err
	}
	p := &SitePage{Institution: inst, CanManage: who.can(domain.ActManageSite, inst), CanAddToPlan: who.can(domain.ActEditPlan, inst)}
	if p.Site, p.HasSite, err = s.store.Site(ctx, who.Scope(), inst.ID); err != nil {
		return nil, err
	}
	runs, err := s.store.SiteRuns(ctx, who.Scope(), inst.ID, siteHistory)
	if err != nil {
		return nil, err
	}
	marks, err := s.store.SiteMarks(ctx, inst.ID)
	if err != nil {
		return nil, err
	}
	p.History = siteHistoryOf(runs, marks)
	if len(runs) > 0 {
		p.Last = &runs[0]
	}
	for i := range p.History {
		if p.History[i].Run.OK() {
			p.LastOK = &p.History[i]
			break
		}
	}
	today := domain.Today(s.now(), inst.Location())
	if a, err := s.store.LatestAssessment(ctx, who.Scope(), inst.ID, today.Year); err == nil {
		p.Assessment = &a
	} else if domain.ErrorCode(err) != domain.ENotFound {
		return nil, err
	}
	plan, items, err := s.currentPlan(ctx, who, inst, today.Year)
	if err != nil {
		return nil, err
	}
	p.Plan = plan
	var last domain.SiteRun
	if p.LastOK != nil {
		last = p.LastOK.Run
	}
	p.Estimate = domain.EstimateSite(last.Found(marks))
	for _, c := range domain.SiteChecks() {
		v := SiteCheckView{Check: c, Finding: domain.SiteFinding{Key: c.Key}, Mark: marks[c.Key], InPlan: items[c.Measure]}
		for _, f := range last.Report.Findings {
			if f.Key == c.Key {
				v.Finding = f
			}
		}
		p.Checks = append(p.Checks, v)
	}
	return p, nil
}

// siteHistoryOf pairs each run with its estimate and the changes since the
// successful run before it (runs are newest first).
func siteHistoryOf(runs []domain.SiteRun, marks map[string]string) []SiteRunView {
	out := make([]SiteRunView, len(runs))
	for i, r := range runs {
		out[i] = SiteRunView{Run: r}
		if !r.OK() {
			continue
		}
		cur := r.Found(marks)
		out[i].Estimate = domain.EstimateSite(cur)
		for _, prev := range runs[i+1:] {
			if prev.OK() {
				out[i].Changes = domain.DiffSite(prev.Found(marks), cur)
				break
			}
		}
	}
	return out
}

// currentPlan is the institution's plan items are added to: this year's
// plan if it is not closed, else the latest plan not closed (nil: none),
// and the measures it already has.
func (s *Service) currentPlan(ctx context.Context, who Caller, inst domain.Institution, year int) (*domain.Plan, map[string]bool, error) {
	// inst was loaded through the caller's scope: narrowing the scope to it
	// reads its plans only, whoever asks (a founder's scope is every plan).
	plans, err := s.store.Plans(ctx, domain.Scope{InstitutionIDs: []int64{inst.ID}})
	if err != nil {
		return nil, nil, err
	}
	var best *domain.Plan
	for i := range plans {
		p := plans[i].Plan
		if p.InstitutionID != inst.ID || p.Status == domain.PlanClosed {
			continue
		}
		if best == nil || (p.Year == year && best.Year != year) || (best.Year != year && p.Year > best.Year) {
			best = &p
		}
	}
	if best == nil {
		return nil, nil, nil
	}
	items, err := s.store.PlanItems(ctx, domain.Scope{InstitutionIDs: []int64{inst.ID}}, best.ID)
	if err != nil {
		return nil, nil, err
	}
	measures := map[string]bool{}
	for _, it := range items {
		measures[strings.TrimSpace(it.Measure)] = true
	}
	return best, measures, nil
}

// siteManager loads the institution and checks the right to manage its
// site. Errors: ENotFound, EForbidden.
func (s *Service) siteManager(ctx context.Context, who Caller, institutionID int64) (domain.Institution, error) {
	inst, err := s.store.Institution(ctx, who.Scope(), institutionID)
	if err != nil {
		return inst, err
	}
	return inst, who.authorize(domain.ActManageSite, inst)
}

// SetSite records the institution's official site (its director, its
// founder, the admin): an http(s) address that, unless the operator allows
// private addresses, resolves to public addresses only. Errors: ENotFound,
// EForbidden, EInvalid on "url" (the typed address kept by the page).
func (s *Service) SetSite(ctx context.Context, who Caller, institutionID int64, raw string) (domain.Institution, error) {
	inst, err := s.siteManager(ctx, who, institutionID)
	if err != nil {
		return inst, err
	}
	var fe domain.FieldErrors
	raw = fe.Line("url", raw)
	if len(fe) > 0 {
		return inst, fe.Err()
	}
	u, err := domain.ReadSiteURL(raw)
	if err != nil {
		return inst, asFields(err)
	}
	if err := s.guard.CheckURL(ctx, u); err != nil {
		// The guard's reasons (webhooks.url.private, …), in the site's words.
		msg := err.Error()
		if de, ok := err.(*domain.Error); ok {
			msg = de.Message
		}
		return inst, asFields(domain.FieldError("url", "site.url."+msg[strings.LastIndex(msg, ".")+1:]))
	}
	return inst, s.store.SetSiteURL(ctx, who.Scope(), inst.ID, u, who.User.ID)
}

// RequestSiteAudit asks for a run now («Проверить сейчас»); the runner of
// some replica takes it within seconds. Errors: ENotFound (also without a
// site on record), EForbidden.
func (s *Service) RequestSiteAudit(ctx context.Context, who Caller, institutionID int64) (domain.Institution, error) {
	inst, err := s.siteManager(ctx, who, institutionID)
	if err != nil {
		return inst, err
	}
	return inst, s.store.RequestSiteAudit(ctx, who.Scope(), inst.ID)
}

// MarkSiteCheck marks a check as present at a URL («есть, но не найдено
// автоматически»), kept by the next runs; an empty URL removes the mark.
// Errors: ENotFound (also an unknown check), EForbidden, EInvalid on "url".
func (s *Service) MarkSiteCheck(ctx context.Context, who Caller, institutionID int64, key, raw string) (domain.Institution, error) {
	inst, err := s.store.Institution(ctx, who.Scope(), institutionID)
	if err != nil {
		return inst, err
	}
	if _, ok := domain.LookupSiteCheck(key); !ok {
		return inst, domain.ErrNotFound // a nested id: not found before the role is asked
	}
	if err := who.authorize(domain.ActManageSite, inst); err != nil {
		return inst, err
	}
	var fe domain.FieldErrors
	raw = fe.Line("url", raw)
	if len(fe) > 0 {
		return inst, fe.Err()
	}
	u := ""
	if strings.TrimSpace(raw) != "" {
		if u, err = domain.ReadSiteURL(raw); err != nil {
			return inst, asFields(err)
		}
	}
	return inst, s.store.SetSiteMark(ctx, who.Scope(), inst.ID, key, u, who.User.ID)
}

// SiteGapResult is what adding a gap to the plan did.
type SiteGapResult struct {
	Plan    domain.Plan
	Item    domain.Item
	Already bool // the plan already had the measure: nothing added
}

// AddSiteGapToPlan adds a missing check to the current plan as an item
// worded as a measure, its checklist point naming the НОК condition it
// completes (so the forecast counts it). Errors: ENotFound (an unknown
// check), EForbidden (not the plan's editor), EConflict with
// "site.plan.none" when the institution has no open plan.
func (s *Service) AddSiteGapToPlan(ctx context.Context, who Caller, institutionID int64, key string) (SiteGapResult, error) {
	inst, err := s.store.Institution(ctx, who.Scope(), institutionID)
	if err != nil {
		return SiteGapResult{}, err
	}
	c, ok := domain.LookupSiteCheck(key)
	if !ok {
		return SiteGapResult{}, domain.ErrNotFound
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return SiteGapResult{}, err
	}
	plan, measures, err := s.currentPlan(ctx, who, inst, domain.Today(s.now(), inst.Location()).Year)
	if err != nil {
		return SiteGapResult{}, err
	}
	if plan == nil {
		return SiteGapResult{}, &domain.Error{Code: domain.EConflict, Message: "site.plan.none"}
	}
	if measures[c.Measure] {
		return SiteGapResult{Plan: *plan, Already: true}, nil
	}
	indicator, section := c.Group, domain.Section1
	if c.Group == domain.SiteGroupAccess {
		section = domain.Section3
	}
	in := domain.ItemInput{Section: string(section), Indicator: indicator, Measure: c.Measure,
		Deficiency: "На официальном сайте не найдено: " + c.Wording + " (" + c.Source + ")", AddCondition: c.Condition}
	it, err := s.CreateItem(ctx, who, plan.ID, in, nil)
	return SiteGapResult{Plan: *plan, Item: it}, err
}

// asFields turns a field's error into the form's validation error.
func asFields(err error) error {
	if e, ok := err.(*domain.Error); ok && e.Field != "" {
		return domain.FieldErrors{e.Field: e.Message}.Err()
	}
	return err
}
