package domain

import (
	"math"
	"time"
	"unicode/utf8"
)

// Assessment is the result of one independent assessment (НОК) of an
// institution in a year: what the operator measured and the public council
// set. Values holds the indicator values as published or entered; the raw
// inputs, where known, let the calculation and the forecast work per
// condition. Criteria and Total are the operator's published figures, kept
// to check them and to stand in when no indicator was published.
type Assessment struct {
	ID             int64
	InstitutionID  int64
	Year           int
	Operator       string // the operator who collected the data
	DecisionDate   Date   // the public council's decision
	DecisionNumber string
	Proposals      string // the council's proposals for the institution

	Values   map[string]float64 // indicator code → value 0–100
	Criteria map[string]float64 // "К1" … "К5" → published value 0–100
	Total    *float64           // published total, nil when not published

	Info       *InfoCheck          // 1.1 inputs, nil when unknown
	Conditions map[string][]string // counted indicator → keys of the present conditions; a missing entry is unknown
	Surveys    map[string]Survey   // survey part → respondents and satisfied

	Source    string // "manual" or "import"
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// InfoCheck is the raw input of 1.1: required materials found on the stands
// and on the site against the norms (the number the rules require).
type InfoCheck struct {
	StandFound, StandNorm int
	SiteFound, SiteNorm   int
}

// Survey is one survey question: how many answered and how many were satisfied.
type Survey struct {
	Respondents int
	Satisfied   int
}

// Assessment sources.
const (
	SourceManual = "manual"
	SourceImport = "import"
)

// Length limits of the assessment's texts.
const (
	maxOperator       = 1000
	maxDecisionNumber = 100
	maxProposals      = 20000
)

// Validate checks the assessment and returns a *ValidationError whose fields
// name the offending input ("value.1.1", "criterion.К2", "survey.4.1",
// "conditions.2.1", "info.stand_found", "total", "year" …) with catalogue
// keys as messages: values outside 0–100, more satisfied than respondents,
// more found than the norm, unknown indicators or conditions, an indicator
// value that contradicts its inputs, and published criteria or a total that
// contradict the indicators beyond rounding.
func (a Assessment) Validate() error {
	var fe FieldErrors
	if a.InstitutionID == 0 {
		fe.Add("institution", "nok.institution.required")
	}
	if !plausibleYear(a.Year) {
		fe.Add("year", "nok.year.invalid")
	}
	if utf8.RuneCountInString(a.Operator) > maxOperator {
		fe.Add("operator", "nok.text.too_long")
	}
	if utf8.RuneCountInString(a.DecisionNumber) > maxDecisionNumber {
		fe.Add("decision_number", "nok.text.too_long")
	}
	if utf8.RuneCountInString(a.Proposals) > maxProposals {
		fe.Add("proposals", "nok.text.too_long")
	}
	for code, v := range a.Values {
		if _, ok := LookupIndicator(code); !ok {
			fe.Add("value."+code, "nok.indicator.unknown")
		} else if !InRange(v) {
			fe.Add("value."+code, "nok.value.range")
		}
	}
	for code, v := range a.Criteria {
		if _, ok := LookupCriterion(code); !ok {
			fe.Add("criterion."+code, "nok.criterion.unknown")
		} else if !InRange(v) {
			fe.Add("criterion."+code, "nok.value.range")
		}
	}
	if a.Total != nil && !InRange(*a.Total) {
		fe.Add("total", "nok.value.range")
	}
	a.validateInputs(&fe)
	if len(fe) > 0 {
		return fe.Err() // consistency is only worth checking on sane figures
	}
	for code, v := range a.Values {
		if c, ok := a.fromInputs(code); ok && math.Abs(c-v) > 0.01+eps {
			fe.Add("value."+code, "nok.value.disagrees_inputs")
		}
	}
	for _, m := range CheckPublished(a) {
		if m.Field == "total" {
			fe.Add(m.Field, "nok.total.disagrees")
		} else {
			fe.Add(m.Field, "nok.criterion.disagrees")
		}
	}
	return fe.Err()
}

func (a Assessment) validateInputs(fe *FieldErrors) {
	if in := a.Info; in != nil {
		for _, f := range []struct {
			field       string
			found, norm int
		}{{"stand", in.StandFound, in.StandNorm}, {"site", in.SiteFound, in.SiteNorm}} {
			switch {
			case f.found < 0:
				fe.Add("info."+f.field+"_found", "nok.count.negative")
			case f.norm <= 0:
				fe.Add("info."+f.field+"_norm", "nok.info.norm_required")
			case f.found > f.norm:
				fe.Add("info."+f.field+"_found", "nok.info.found_over_norm")
			}
		}
	}
	for code, keys := range a.Conditions {
		ind, ok := LookupIndicator(code)
		if !ok || ind.Kind != IndicatorConditions {
			fe.Add("conditions."+code, "nok.indicator.no_conditions")
			continue
		}
		for _, k := range keys {
			if c, ok := LookupCondition(k); !ok || c.Indicator != code {
				fe.Add("conditions."+code, "nok.condition.unknown")
			}
		}
	}
	for part, s := range a.Surveys {
		switch _, ok := surveyIndicator(part); {
		case !ok:
			fe.Add("survey."+part, "nok.survey.unknown")
		case s.Respondents < 0 || s.Satisfied < 0:
			fe.Add("survey."+part, "nok.count.negative")
		case s.Respondents == 0:
			fe.Add("survey."+part, "nok.survey.no_respondents")
		case s.Satisfied > s.Respondents:
			fe.Add("survey."+part, "nok.survey.satisfied_over")
		}
	}
}

// InRange reports whether v is a score between 0 and 100 (NaN is not).
func InRange(v float64) bool { return v >= 0 && v <= 100 }

// eps absorbs binary floating-point noise in comparisons of scores.
const eps = 1e-9

// MergeImport lays an imported row over the saved assessment of the same
// institution and year: the values, published criteria and total are the
// import's; operator, decision and proposals are kept where the import has
// none; raw inputs are kept for the indicators whose imported value they
// give (within 0.01) or that the import left without a value, and dropped
// where the import contradicts them, so the result stays consistent.
func MergeImport(saved, imported Assessment) Assessment {
	out := imported
	out.ID, out.Version, out.CreatedAt = saved.ID, saved.Version, saved.CreatedAt
	if out.Operator == "" {
		out.Operator = saved.Operator
	}
	if out.DecisionDate.IsZero() {
		out.DecisionDate = saved.DecisionDate
	}
	if out.DecisionNumber == "" {
		out.DecisionNumber = saved.DecisionNumber
	}
	if out.Proposals == "" {
		out.Proposals = saved.Proposals
	}
	agrees := func(code string) bool {
		v, set := imported.Values[code]
		if !set {
			return true
		}
		c, ok := saved.fromInputs(code)
		return ok && math.Abs(c-v) <= 0.01+eps
	}
	out.Info, out.Conditions, out.Surveys = nil, nil, nil
	if saved.Info != nil && agrees("1.1") {
		info := *saved.Info
		out.Info = &info
	}
	for code, keys := range saved.Conditions {
		if agrees(code) {
			if out.Conditions == nil {
				out.Conditions = map[string][]string{}
			}
			out.Conditions[code] = append([]string(nil), keys...)
		}
	}
	for part, s := range saved.Surveys {
		if ind, ok := surveyIndicator(part); ok && agrees(ind.Code) {
			if out.Surveys == nil {
				out.Surveys = map[string]Survey{}
			}
			out.Surveys[part] = s
		}
	}
	return out
}
