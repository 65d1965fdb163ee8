package domain

import "sort"

// ForecastInput is what a plan changes in an assessment: the conditions its
// items provide and, optionally, new survey figures. Survey indicators stay
// as measured unless new figures are given.
type ForecastInput struct {
	Provided []string           // condition keys ("2.1.water", "1.1.site")
	Surveys  map[string]Survey  // new figures by survey part, replacing the measured ones
	Values   map[string]float64 // new values of survey indicators, in percent; win over Surveys
}

// Forecast computes the score the assessment would have with the input's
// conditions provided and its survey figures:
//   - a counted indicator (1.2, 2.1, 3.1, 3.2) whose present conditions are
//     known gets the provided ones added to that set; when only its value is
//     known, each provided condition adds its points (the plan names a
//     condition because it was missing), at most 100;
//   - 1.1: a provided "1.1.stand" or "1.1.site" makes that half complete;
//     when only the value is known, the two halves are taken as equal;
//   - a survey indicator takes the new figures, else stays as measured;
//   - an indicator with no value stays without one;
//   - a published criterion (standing in for missing indicators) moves by
//     the weighted change of the indicators that are known.
func Forecast(a Assessment, in ForecastInput) Score {
	provided := map[string][]string{}
	for _, k := range in.Provided {
		if c, ok := LookupCondition(k); ok && !hasKey(provided[c.Indicator], k) {
			provided[c.Indicator] = append(provided[c.Indicator], k)
		}
	}
	value := func(code string) (float64, bool, bool) {
		return a.forecastValue(code, provided[code], in)
	}
	var published map[string]float64
	if len(a.Criteria) > 0 {
		published = map[string]float64{}
		for code, pub := range a.Criteria {
			c, _ := LookupCriterion(code)
			for _, ic := range c.Indicators {
				ind, _ := LookupIndicator(ic)
				old, _, ok1 := a.indicatorValue(ic)
				nv, _, ok2 := value(ic)
				if ok1 && ok2 {
					pub += ind.Weight * (nv - old)
				}
			}
			published[code] = capScore(pub)
		}
	}
	return scoreWith(value, published, a.Total)
}

func (a Assessment) forecastValue(code string, provided []string, in ForecastInput) (float64, bool, bool) {
	v, fi, ok := a.indicatorValue(code)
	ind, known := LookupIndicator(code)
	if !known {
		return v, fi, ok
	}
	switch ind.Kind {
	case IndicatorConditions:
		if len(provided) == 0 {
			return v, fi, ok
		}
		if present, set := a.Conditions[code]; set {
			return ConditionsValue(ind, append(append([]string(nil), present...), provided...)), true, true
		}
		if ok {
			return capScore(v + ind.PointsPer*float64(len(provided))), fi, true
		}
	case IndicatorInfo:
		stand, site := hasKey(provided, Cond11Stand), hasKey(provided, Cond11Site)
		if !stand && !site {
			return v, fi, ok
		}
		if c := a.Info; c != nil && c.StandNorm > 0 && c.SiteNorm > 0 {
			n := *c
			if stand {
				n.StandFound = n.StandNorm
			}
			if site {
				n.SiteFound = n.SiteNorm
			}
			return InfoValue(n), true, true
		}
		if ok {
			if stand && site {
				return 100, fi, true
			}
			return capScore(v + (100-v)/2), fi, true
		}
	case IndicatorSurvey:
		if nv, set := in.Values[code]; set && InRange(nv) {
			return nv, false, true
		}
		var sum float64
		changed := false
		for _, p := range ind.Parts {
			s, set := in.Surveys[p]
			if set && s.Respondents > 0 {
				changed = true
			} else if s, set = a.Surveys[p]; !set || s.Respondents <= 0 {
				return v, fi, ok // a part without figures: the indicator stays as measured
			}
			sum += share(s)
		}
		if changed {
			return capScore(sum / float64(len(ind.Parts)) * 100), true, true
		}
	}
	return v, fi, ok
}

// Worth returns the points keys add to the total on top of the conditions
// already provided (done): what an item is worth at the next assessment.
func Worth(a Assessment, done []string, keys []string) float64 {
	base := Forecast(a, ForecastInput{Provided: done}).Total
	with := Forecast(a, ForecastInput{Provided: append(append([]string(nil), done...), keys...)}).Total
	return with - base
}

// ConditionPoints returns, for every condition not yet present or provided,
// the points it alone would add to the total on top of done. Conditions
// that add nothing (their indicator is already at 100) are left out.
func ConditionPoints(a Assessment, done []string) map[string]float64 {
	out := map[string]float64{}
	for _, c := range nokConditions {
		if hasKey(done, c.Key) || hasKey(a.Conditions[c.Indicator], c.Key) {
			continue
		}
		if w := Worth(a, done, []string{c.Key}); w > eps {
			out[c.Key] = w
		}
	}
	return out
}

// ItemConditions returns the condition keys an item's checklist points
// provide, in point order, without duplicates or unknown keys.
func ItemConditions(it Item) []string {
	var out []string
	for _, p := range it.Checklist {
		if _, ok := LookupCondition(p.ConditionKey); ok && !hasKey(out, p.ConditionKey) {
			out = append(out, p.ConditionKey)
		}
	}
	return out
}

// PlanProjection is a plan measured against its assessment: the score at
// the assessment, today's score from the items done so far, the forecast
// when every item still expected is done, and what each open item is worth.
type PlanProjection struct {
	Assessed   Score
	Today      Score
	Forecast   Score
	ItemPoints map[int64]float64 // open item id → points it adds to today's total
}

// ProjectPlan measures items against an assessment. Done items provide their
// conditions today; open items too in the forecast; items not done or
// cancelled provide nothing. surveys (may be nil) are new survey figures,
// used both today and in the forecast.
func ProjectPlan(a Assessment, items []Item, surveys ForecastInput) PlanProjection {
	var done, all []string
	for _, it := range items {
		keys := ItemConditions(it)
		if it.Status == StatusDone {
			done = append(done, keys...)
		}
		if it.Status == StatusDone || it.Status.Open() {
			all = append(all, keys...)
		}
	}
	today, full := surveys, surveys
	today.Provided, full.Provided = done, all
	p := PlanProjection{Assessed: Calculate(a), Today: Forecast(a, today), Forecast: Forecast(a, full),
		ItemPoints: map[int64]float64{}}
	for _, it := range items {
		if !it.Status.Open() {
			continue
		}
		with := today
		with.Provided = append(append([]string(nil), done...), ItemConditions(it)...)
		p.ItemPoints[it.ID] = Forecast(a, with).Total - p.Today.Total
	}
	return p
}

func hasKey(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// sortedKeys returns a map's keys in order (deterministic messages and tests).
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
