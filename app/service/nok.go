package service

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"planboard/app/nokimport"
	"planboard/domain"
)

// NokStore is what the НОК use cases need (docs/score.md): assessments, uploads
// held between an import's preview and its confirmation, thresholds, the
// institutions' ИНН, and plans drafted from an assessment.
type NokStore interface {
	Institution(ctx context.Context, sc domain.Scope, id int64) (domain.Institution, error)
	Institutions(ctx context.Context, sc domain.Scope) ([]domain.Institution, error)
	Founders(ctx context.Context, sc domain.Scope) ([]domain.Founder, error)
	AssessmentFor(ctx context.Context, sc domain.Scope, institutionID int64, year int) (domain.Assessment, error)
	LatestAssessment(ctx context.Context, sc domain.Scope, institutionID int64, year int) (domain.Assessment, error)
	InstitutionAssessments(ctx context.Context, sc domain.Scope, institutionID int64) ([]domain.Assessment, error)
	SaveAssessment(ctx context.Context, sc domain.Scope, a *domain.Assessment, by domain.User) error
	Thresholds(ctx context.Context, sc domain.Scope, founderID int64) (domain.Thresholds, error)
	SetThresholds(ctx context.Context, sc domain.Scope, founderID int64, th domain.Thresholds) error
	SetInstitutionINN(ctx context.Context, sc domain.Scope, id int64, inn string) error
	SaveAssessmentUpload(ctx context.Context, u *domain.AssessmentUpload, ttl time.Duration) error
	AssessmentUpload(ctx context.Context, userID, id int64) (domain.AssessmentUpload, error)
	ConfirmAssessmentUpload(ctx context.Context, sc domain.Scope, userID, uploadID int64, list []domain.Assessment, by domain.User) (created, updated int, err error)
	CreatePlan(ctx context.Context, p *domain.Plan, items []domain.Item, by domain.User) error
	PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error)
	PlanItems(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Item, error)
}

// UploadTTL is how long an uploaded table waits for its confirmation.
const UploadTTL = time.Hour

// Assessable lists the institutions whose НОК results the caller may enter
// (the founder's, every one for an admin); none is EForbidden.
func (s *Service) Assessable(ctx context.Context, who Caller) ([]domain.Institution, error) {
	all, err := s.store.Institutions(ctx, who.Scope())
	if err != nil {
		return nil, err
	}
	var out []domain.Institution
	for _, in := range all {
		if who.can(domain.ActAssess, in) {
			out = append(out, in)
		}
	}
	if len(out) == 0 {
		return nil, ErrForbidden
	}
	return out, nil
}

// AssessableFounders lists the founders whose thresholds the caller may set.
func (s *Service) AssessableFounders(ctx context.Context, who Caller) ([]domain.Founder, error) {
	all, err := s.store.Founders(ctx, who.Scope())
	if err != nil {
		return nil, err
	}
	var out []domain.Founder
	for _, f := range all {
		if domain.Can(who.Actor, domain.ActAssess, domain.Resource{FounderID: f.ID}) {
			out = append(out, f)
		}
	}
	return out, nil
}

// ResultsForm is the import form as sent: the assessment's year, the
// operator, the council's decision and the operator's table.
type ResultsForm struct {
	Year, Operator, DecisionDate, DecisionNumber string
	Filename                                     string
	Data                                         []byte
}

// AssessmentPreview is a parsed table matched to the caller's institutions:
// every row with its problems. Upload.ID is set when the table is clean
// and held for the confirmation.
type AssessmentPreview struct {
	Upload domain.AssessmentUpload
	Table  *nokimport.Table
	Names  map[int64]string // matched institutions by id
	Clean  bool
}

// PreviewAssessments reads an operator's table (XLSX or CSV), matches its rows
// to the caller's institutions and, when no row has a problem, holds the
// file for the caller until UploadTTL. Errors: EForbidden (not a founder),
// EInvalid with fields "year", "decision_date", "operator",
// "decision_number", "file" (unreadable, too large, no header).
func (s *Service) PreviewAssessments(ctx context.Context, who Caller, f ResultsForm) (*AssessmentPreview, error) {
	insts, err := s.Assessable(ctx, who)
	if err != nil {
		return nil, err
	}
	up, fe := readImportForm(f)
	if len(fe) > 0 {
		return nil, fe.Err()
	}
	p, err := preview(up, insts)
	if err != nil {
		return nil, err
	}
	if p.Clean {
		if p.Upload.Parsed, err = json.Marshal(p.Table); err != nil {
			return nil, err
		}
		p.Upload.UserID = who.User.ID
		if err := s.store.SaveAssessmentUpload(ctx, &p.Upload, UploadTTL); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// ErrImportNotClean: the held table no longer matches cleanly (an
// institution was removed or renamed meanwhile); nothing was saved.
var ErrImportNotClean = &domain.Error{Code: domain.EInvalid, Message: "nokimport.not_clean"}

// ConfirmAssessments saves a held table: the table as read at the preview
// (never the file again) is matched again, and only a clean table is saved, every row in one transaction that also
// consumes the upload. Errors: EForbidden, ENotFound (not the caller's
// upload, expired or already saved), ErrImportNotClean with the preview.
func (s *Service) ConfirmAssessments(ctx context.Context, who Caller, uploadID int64) (p *AssessmentPreview, created, updated int, err error) {
	insts, err := s.Assessable(ctx, who)
	if err != nil {
		return nil, 0, 0, err
	}
	up, err := s.store.AssessmentUpload(ctx, who.User.ID, uploadID)
	if err != nil {
		return nil, 0, 0, err
	}
	if len(up.Parsed) == 0 {
		return nil, 0, 0, domain.ErrNotFound // held by an older binary, which kept no parse: upload again
	}
	var t nokimport.Table // the table as read at the preview: the file is not read again
	if err := json.Unmarshal(up.Parsed, &t); err != nil {
		return nil, 0, 0, err
	}
	p = matched(up, &t, insts)
	if !p.Clean {
		return p, 0, 0, ErrImportNotClean
	}
	list := make([]domain.Assessment, 0, len(p.Table.Rows))
	for _, r := range p.Table.Rows {
		a := r.Assessment(up.Year)
		a.Operator, a.DecisionDate, a.DecisionNumber = up.Operator, up.DecisionDate, up.DecisionNumber
		list = append(list, a)
	}
	created, updated, err = s.store.ConfirmAssessmentUpload(ctx, who.Scope(), who.User.ID, up.ID, list, who.User)
	if err != nil {
		return p, 0, 0, err
	}
	return p, created, updated, nil
}

func preview(up domain.AssessmentUpload, insts []domain.Institution) (*AssessmentPreview, error) {
	t, err := nokimport.Parse(bytes.NewReader(up.Data), nokimport.DefaultLimits())
	if err != nil {
		var e *domain.Error
		if errors.As(err, &e) {
			return nil, domain.FieldError("file", e.Message)
		}
		return nil, err
	}
	return matched(up, t, insts), nil
}

// matched is a read table matched to the caller's institutions.
func matched(up domain.AssessmentUpload, t *nokimport.Table, insts []domain.Institution) *AssessmentPreview {
	nokimport.Match(t, insts, up.Year)
	p := &AssessmentPreview{Upload: up, Table: t, Names: map[int64]string{}, Clean: t.Clean()}
	for _, in := range insts {
		p.Names[in.ID] = in.Name
	}
	return p
}

func readImportForm(f ResultsForm) (domain.AssessmentUpload, domain.FieldErrors) {
	var fe domain.FieldErrors
	up := domain.AssessmentUpload{Operator: fe.Line("operator", f.Operator), DecisionNumber: fe.Line("decision_number", f.DecisionNumber),
		Filename: domain.StripLine(f.Filename), Data: f.Data}
	if y, err := strconv.Atoi(strings.TrimSpace(f.Year)); err != nil || y < 2000 || y > 2100 {
		fe.Add("year", "nok.year.invalid")
	} else {
		up.Year = y
	}
	var err error
	if up.DecisionDate, err = readDate(f.DecisionDate); err != nil {
		fe.Add("decision_date", "nok.date.invalid")
	}
	if utf8.RuneCountInString(up.Operator) > 1000 {
		fe.Add("operator", "nok.text.too_long")
	}
	if utf8.RuneCountInString(up.DecisionNumber) > 100 {
		fe.Add("decision_number", "nok.text.too_long")
	}
	if len(f.Data) == 0 {
		fe.Add("file", "nokimport.file_required")
	}
	if r := []rune(up.Filename); len(r) > 255 {
		up.Filename = string(r[:255])
	}
	return up, fe
}

// readDate reads a date as a date input sends it (2025-11-20) or as people
// type it (20.11.2025); "" is no date.
func readDate(s string) (domain.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return domain.Date{}, nil
	}
	if d, err := domain.ParseISODate(s); err == nil {
		return d, nil
	}
	if g := russianDate.FindStringSubmatch(s); g != nil {
		d, _ := strconv.Atoi(g[1])
		m, _ := strconv.Atoi(g[2])
		y, _ := strconv.Atoi(g[3])
		if t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); t.Day() == d && int(t.Month()) == m && y >= 2000 && y <= 2100 {
			return domain.NewDate(y, time.Month(m), d), nil
		}
	}
	return domain.Date{}, errors.New("not a date")
}

var russianDate = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`)

// AssessmentForm is the hand-entry form of one institution's assessment
// of a year, as typed: each indicator's value, or its raw inputs.
type AssessmentForm struct {
	InstitutionID                                     int64
	Year                                              int
	Version                                           int // of the saved assessment the form was opened on; 0 for a new one
	Operator, DecisionDate, DecisionNumber, Proposals string
	Values                                            map[string]string   // "1.1" … "5.3" and "К1" … "К5" → as typed («83,5»)
	Total                                             string              // the published total
	Info                                              [4]string           // 1.1: stand found, stand norm, site found, site norm
	ConditionsKnown                                   map[string]bool     // counted indicator → its list was checked
	Conditions                                        map[string][]string // counted indicator → keys of the present conditions
	Surveys                                           map[string][2]string
}

// AssessmentPage is an institution's assessment of a year for its page.
type AssessmentPage struct {
	Institution domain.Institution
	Assessment  domain.Assessment // ID 0 when none was entered
	Years       []int             // years with an assessment, newest first
	CanEdit     bool              // the founder's (or the admin's)
	CanPropose  bool              // the director may draft a plan from it
}

// Assessment loads an institution's assessment of a year for anyone who
// sees the institution (ENotFound otherwise); a year without one is an
// empty assessment.
func (s *Service) Assessment(ctx context.Context, who Caller, institutionID int64, year int) (*AssessmentPage, error) {
	sc := who.Scope()
	inst, err := s.store.Institution(ctx, sc, institutionID)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(domain.ActView, inst); err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, domain.ErrNotFound
	}
	p := &AssessmentPage{Institution: inst, CanEdit: who.can(domain.ActAssess, inst), CanPropose: who.can(domain.ActEditPlan, inst),
		Assessment: domain.Assessment{InstitutionID: inst.ID, Year: year}}
	list, err := s.store.InstitutionAssessments(ctx, sc, inst.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		p.Years = append(p.Years, a.Year)
		if a.Year == year {
			p.Assessment = a
		}
	}
	return p, nil
}

// SaveAssessment saves an assessment entered or corrected by hand (the
// founder's): numbers as people type them, raw inputs where known; the
// domain checks that values and inputs agree. Errors: ENotFound,
// EForbidden, *domain.ValidationError by field ("value.2.1",
// "survey.4.1", "conditions.2.1", "info.stand_found", …), domain.ErrStale.
func (s *Service) SaveAssessment(ctx context.Context, who Caller, f AssessmentForm) (domain.Assessment, error) {
	sc := who.Scope()
	inst, err := s.store.Institution(ctx, sc, f.InstitutionID)
	if err != nil {
		return domain.Assessment{}, err
	}
	if err := who.authorize(domain.ActAssess, inst); err != nil {
		return domain.Assessment{}, err
	}
	a, fe := readAssessmentForm(f)
	a.InstitutionID = inst.ID
	saved, err := s.store.AssessmentFor(ctx, sc, inst.ID, a.Year)
	switch {
	case err == nil:
		a.ID, a.Version, a.Source = saved.ID, f.Version, saved.Source
		if f.Version != saved.Version {
			return domain.Assessment{}, domain.ErrStale
		}
	case domain.ErrorCode(err) == domain.ENotFound:
		if f.Version != 0 {
			return domain.Assessment{}, domain.ErrStale
		}
		a.Source = domain.SourceManual
	default:
		return domain.Assessment{}, err
	}
	if len(fe) > 0 {
		return domain.Assessment{}, fe.Err()
	}
	if err := s.store.SaveAssessment(ctx, sc, &a, who.User); err != nil {
		return domain.Assessment{}, err
	}
	return a, nil
}

func readAssessmentForm(f AssessmentForm) (domain.Assessment, domain.FieldErrors) {
	var fe domain.FieldErrors
	a := domain.Assessment{Year: f.Year, Operator: strings.TrimSpace(f.Operator), DecisionNumber: strings.TrimSpace(f.DecisionNumber),
		Proposals: strings.TrimSpace(f.Proposals)}
	var err error
	if a.DecisionDate, err = readDate(f.DecisionDate); err != nil {
		fe.Add("decision_date", "nok.date.invalid")
	}
	for code, s := range f.Values {
		v, ok, err := ReadScore(s)
		switch {
		case err != nil:
			if _, isCrit := domain.LookupCriterion(code); isCrit {
				fe.Add("criterion."+code, "nok.number.invalid")
			} else {
				fe.Add("value."+code, "nok.number.invalid")
			}
		case !ok:
		case isCriterion(code):
			if a.Criteria == nil {
				a.Criteria = map[string]float64{}
			}
			a.Criteria[code] = v
		default:
			if a.Values == nil {
				a.Values = map[string]float64{}
			}
			a.Values[code] = v
		}
	}
	if v, ok, err := ReadScore(f.Total); err != nil {
		fe.Add("total", "nok.number.invalid")
	} else if ok {
		a.Total = &v
	}
	var info [4]int
	infoSet := false
	for i, name := range []string{"info.stand_found", "info.stand_norm", "info.site_found", "info.site_norm"} {
		s := strings.TrimSpace(f.Info[i])
		if s == "" {
			continue
		}
		infoSet = true
		n, err := strconv.Atoi(s)
		if err != nil {
			fe.Add(name, "nok.count.invalid")
		}
		info[i] = n
	}
	if infoSet {
		a.Info = &domain.InfoCheck{StandFound: info[0], StandNorm: info[1], SiteFound: info[2], SiteNorm: info[3]}
	}
	for _, in := range domain.NokIndicators() {
		if in.Kind != domain.IndicatorConditions {
			continue
		}
		keys := f.Conditions[in.Code]
		if !f.ConditionsKnown[in.Code] && len(keys) == 0 {
			continue
		}
		if a.Conditions == nil {
			a.Conditions = map[string][]string{}
		}
		a.Conditions[in.Code] = dedupe(keys)
	}
	for _, part := range domain.SurveyParts() {
		pair := f.Surveys[part]
		r, s := strings.TrimSpace(pair[0]), strings.TrimSpace(pair[1])
		if r == "" && s == "" {
			continue
		}
		rn, err1 := strconv.Atoi(r)
		sn, err2 := strconv.Atoi(s)
		if err1 != nil || err2 != nil {
			fe.Add("survey."+part, "nok.count.invalid")
			continue
		}
		if a.Surveys == nil {
			a.Surveys = map[string]domain.Survey{}
		}
		a.Surveys[part] = domain.Survey{Respondents: rn, Satisfied: sn}
	}
	if len(fe) == 0 {
		if err := a.Validate(); err != nil {
			var v *domain.ValidationError
			if errors.As(err, &v) {
				for k, m := range v.Fields {
					if k != "institution" {
						fe.Add(k, m)
					}
				}
			}
		}
	}
	return a, fe
}

func isCriterion(code string) bool {
	_, ok := domain.LookupCriterion(code)
	return ok
}

func dedupe(keys []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// ReadScore reads a score as people write it: «83,76», «83.76», «85 %»,
// with spaces; "" (or «-», «—», «н/д») is no value.
func ReadScore(s string) (float64, bool, error) {
	s = strings.TrimSpace(strings.NewReplacer(" ", "", "\u00a0", "", "%", "").Replace(s))
	switch strings.ToLower(s) {
	case "", "-", "—", "–", "н/д":
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, errors.New("not a number")
	}
	return v, true, nil
}

// ThresholdsForm is the thresholds form as typed: the default and, where
// set, a criterion's or an indicator's own threshold.
type ThresholdsForm struct {
	Default    string
	Criteria   map[string]string
	Indicators map[string]string
}

// FounderThresholds returns a founder's thresholds for its page: the
// founder must be visible (ENotFound) and the caller may set them
// (EForbidden otherwise: a director only reads them through proposals).
func (s *Service) FounderThresholds(ctx context.Context, who Caller, founderID int64) (domain.Founder, domain.Thresholds, error) {
	th, err := s.store.Thresholds(ctx, who.Scope(), founderID)
	if err != nil {
		return domain.Founder{}, th, err
	}
	if !domain.Can(who.Actor, domain.ActAssess, domain.Resource{FounderID: founderID}) {
		return domain.Founder{}, th, ErrForbidden
	}
	founders, err := s.store.Founders(ctx, who.Scope())
	if err != nil {
		return domain.Founder{}, th, err
	}
	for _, f := range founders {
		if f.ID == founderID {
			return f, th, nil
		}
	}
	return domain.Founder{}, th, domain.ErrNotFound
}

// SetThresholds replaces a founder's thresholds. Errors: ENotFound,
// EForbidden, EInvalid ("default", "criterion.К1", "indicator.2.1").
func (s *Service) SetThresholds(ctx context.Context, who Caller, founderID int64, f ThresholdsForm) error {
	if _, _, err := s.FounderThresholds(ctx, who, founderID); err != nil {
		return err
	}
	var fe domain.FieldErrors
	th := domain.Thresholds{}
	if v, ok, err := ReadScore(f.Default); err != nil {
		fe.Add("default", "nok.number.invalid")
	} else if !ok {
		fe.Add("default", "nok.threshold.default_required")
	} else {
		th.Default = v
	}
	read := func(prefix string, in map[string]string) map[string]float64 {
		var out map[string]float64
		for code, s := range in {
			v, ok, err := ReadScore(s)
			if err != nil {
				fe.Add(prefix+code, "nok.number.invalid")
			} else if ok {
				if out == nil {
					out = map[string]float64{}
				}
				out[code] = v
			}
		}
		return out
	}
	th.Criteria, th.Indicators = read("criterion.", f.Criteria), read("indicator.", f.Indicators)
	if len(fe) > 0 {
		return fe.Err()
	}
	if err := th.Validate(); err != nil {
		return err
	}
	if err := s.store.SetThresholds(ctx, who.Scope(), founderID, th); err != nil {
		return err
	}
	return nil
}

var innRe = regexp.MustCompile(`^([0-9]{10}|[0-9]{12})?$`)

// SetINN records an institution's ИНН (spaces dropped; "" clears it) so
// that operators' tables find it. Errors: ENotFound, EForbidden, EInvalid
// ("inn": not 10 or 12 digits, or another institution's).
func (s *Service) SetINN(ctx context.Context, who Caller, institutionID int64, inn string) error {
	inst, err := s.store.Institution(ctx, who.Scope(), institutionID)
	if err != nil {
		return err
	}
	if err := who.authorize(domain.ActAssess, inst); err != nil {
		return err
	}
	inn = strings.Join(strings.Fields(inn), "")
	if !innRe.MatchString(inn) {
		return domain.FieldError("inn", "nok.inn.invalid")
	}
	if err := s.store.SetInstitutionINN(ctx, who.Scope(), inst.ID, inn); err != nil {
		if domain.ErrorCode(err) == domain.EConflict {
			return domain.FieldError("inn", "nok.inn.taken")
		}
		return err
	}
	return nil
}

// Proposal is a draft plan for a year from an institution's latest
// assessment up to that year: the items ProposeItems writes.
type Proposal struct {
	Institution domain.Institution
	Assessment  domain.Assessment
	Thresholds  domain.Thresholds
	Year        int
	Items       []domain.Item // Position numbers them from 1
}

// ProposePlan drafts a plan for year from the institution's latest
// assessment (the director's). Errors: ENotFound, EForbidden, EInvalid
// ("year"; "assessment" when the institution has none up to year).
func (s *Service) ProposePlan(ctx context.Context, who Caller, institutionID int64, year int) (*Proposal, error) {
	sc := who.Scope()
	inst, err := s.store.Institution(ctx, sc, institutionID)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return nil, err
	}
	p := &Proposal{Institution: inst, Year: year}
	if year < 2000 || year > 2100 {
		return p, domain.FieldError("year", "planform.year_invalid")
	}
	a, err := s.store.LatestAssessment(ctx, sc, inst.ID, year)
	if domain.ErrorCode(err) == domain.ENotFound {
		return p, domain.FieldError("assessment", "nok.proposal.no_assessment")
	}
	if err != nil {
		return nil, err
	}
	th, err := s.store.Thresholds(ctx, sc, inst.FounderID)
	if err != nil {
		return nil, err
	}
	items, err := domain.ProposeItems(a, th, domain.MeasureLibrary(), year)
	if err != nil {
		return nil, err
	}
	p.Assessment, p.Thresholds, p.Items = a, th, items
	return p, nil
}

// ProposalInput is the director's choice among the proposed items.
type ProposalInput struct {
	InstitutionID int64
	Year          int
	Title         string
	Keep          []int // Position of each proposed item to create
}

// CreatePlanFromProposal creates the plan with the kept proposed items in
// one transaction: each item carries its indicator, each checklist point
// the condition it provides. The proposal is drafted again from the saved
// assessment, never taken from the form. Errors: as ProposePlan, and
// EInvalid ("keep": nothing kept; "title"; "year": a plan of that year exists).
func (s *Service) CreatePlanFromProposal(ctx context.Context, who Caller, in ProposalInput) (domain.Plan, error) {
	p, err := s.ProposePlan(ctx, who, in.InstitutionID, in.Year)
	if err != nil {
		return domain.Plan{}, err
	}
	keep := map[int]bool{}
	for _, pos := range in.Keep {
		keep[pos] = true
	}
	var items []domain.Item
	for _, it := range p.Items {
		if keep[it.Position] {
			it.Position = len(items) + 1
			items = append(items, it)
		}
	}
	var fe domain.FieldErrors
	if len(items) == 0 {
		fe.Add("keep", "nok.proposal.none")
	}
	title := strings.TrimSpace(in.Title)
	if title == "" || utf8.RuneCountInString(title) > 1000 {
		fe.Add("title", "planform.title_required")
	}
	if len(fe) > 0 {
		return domain.Plan{}, fe.Err()
	}
	plan := domain.Plan{InstitutionID: p.Institution.ID, Year: in.Year, Title: title,
		PeriodStart: domain.NewDate(in.Year, 1, 1), PeriodEnd: domain.NewDate(in.Year, 12, 31)}
	if err := s.store.CreatePlan(ctx, &plan, items, who.User); err != nil {
		if domain.ErrorCode(err) == domain.EConflict {
			return domain.Plan{}, domain.FieldError("year", "planform.year_taken")
		}
		return domain.Plan{}, err
	}
	return plan, nil
}

// PlanScore is a plan measured against the НОК it answers.
type PlanScore struct {
	Assessment *domain.Assessment // nil when the institution has none up to the plan's year
	Projection domain.PlanProjection
	Items      []domain.Item
	CanAssess  bool // the caller may enter the assessment (the founder's link)
}

// PlanScore projects a plan onto the institution's latest assessment up to
// the plan's year (domain.ProjectPlan): the score then, today from the
// done items, the forecast, and what each open item is worth.
func (s *Service) PlanScore(ctx context.Context, who Caller, planID int64) (*PlanScore, error) {
	sc := who.Scope()
	plan, inst, err := s.store.PlanWithInstitution(ctx, sc, planID)
	if err != nil {
		return nil, err
	}
	if err := who.authorize(domain.ActView, inst); err != nil {
		return nil, err
	}
	out := &PlanScore{CanAssess: who.can(domain.ActAssess, inst)}
	a, err := s.store.LatestAssessment(ctx, sc, inst.ID, plan.Year)
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	if out.Items, err = s.store.PlanItems(ctx, sc, plan.ID); err != nil {
		return nil, err
	}
	out.Assessment = &a
	out.Projection = domain.ProjectPlan(a, out.Items, domain.ForecastInput{})
	return out, nil
}
