package domain

import (
	"math"
	"strconv"
	"strings"
)

// IndicatorScore is one indicator's value in a score.
type IndicatorScore struct {
	Code       string
	Value      float64 // 0–100; meaningless when !Known
	Known      bool
	FromInputs bool // computed from the raw inputs, not published or entered
}

// CriterionScore is one criterion's value in a score.
type CriterionScore struct {
	Code      string
	Value     float64 // 0–100; meaningless when !Known
	Known     bool
	Complete  bool // every indicator of the criterion has a value
	Published bool // no indicator was known: the operator's published value stands in
}

// Score is the result of the calculation: every indicator, every criterion
// and the total, in code order.
type Score struct {
	Indicators []IndicatorScore
	Criteria   []CriterionScore
	Total      float64 // 0–100; meaningless when !Known
	Known      bool    // at least one criterion is known
	Complete   bool    // every criterion is complete
}

// Indicator returns the score of one indicator (zero and unknown if absent).
func (s Score) Indicator(code string) IndicatorScore {
	for _, v := range s.Indicators {
		if v.Code == code {
			return v
		}
	}
	return IndicatorScore{Code: code}
}

// Criterion returns the score of one criterion (zero and unknown if absent).
func (s Score) Criterion(code string) CriterionScore {
	for _, v := range s.Criteria {
		if v.Code == code {
			return v
		}
	}
	return CriterionScore{Code: code}
}

// Calculate computes the score of an assessment by the single procedure
// (Приказ Минтруда № 344н, culture indicators of Приказ Минкультуры № 599):
// each criterion is the weighted sum of its indicators, the total the mean
// of the five criteria. An indicator's value is the published or entered
// one, else the one its raw inputs give. A criterion whose indicators all
// have values is their weighted sum. When some have none, the operator's
// published criterion stands in if there is one; otherwise the criterion is
// computed from the indicators present with their weights re-normalised and
// marked incomplete. The total is the mean of the known criteria, or the
// published total when no criterion is known (docs/score.md explains why).
func Calculate(a Assessment) Score {
	return scoreWith(a.indicatorValue, a.Criteria, a.Total)
}

// scoreWith computes a score from a lookup of indicator values, the
// published criteria and the published total.
func scoreWith(value func(string) (float64, bool, bool), published map[string]float64, total *float64) Score {
	var s Score
	for _, in := range nokIndicators {
		v, fi, ok := value(in.Code)
		s.Indicators = append(s.Indicators, IndicatorScore{Code: in.Code, Value: v, Known: ok, FromInputs: fi})
	}
	sum, known := 0.0, 0
	s.Complete = true
	for _, c := range nokCriteria {
		cs := CriterionScore{Code: c.Code, Complete: true}
		var num, den float64
		for _, code := range c.Indicators {
			iv := s.Indicator(code)
			in, _ := LookupIndicator(code)
			if !iv.Known {
				cs.Complete = false
				continue
			}
			num += in.Weight * iv.Value
			den += in.Weight
		}
		pub, hasPub := published[c.Code]
		switch {
		case den > 0 && cs.Complete:
			cs.Known, cs.Value = true, capScore(num/den)
		case hasPub:
			cs = CriterionScore{Code: c.Code, Value: capScore(pub), Known: true, Complete: true, Published: true}
		case den > 0:
			cs.Known, cs.Value = true, capScore(num/den)
		}
		if cs.Known {
			sum += cs.Value
			known++
		}
		if !cs.Known || !cs.Complete {
			s.Complete = false
		}
		s.Criteria = append(s.Criteria, cs)
	}
	switch {
	case known > 0:
		s.Known, s.Total = true, sum/float64(known)
	case total != nil:
		s.Known, s.Total, s.Complete = true, *total, true
	}
	return s
}

// indicatorValue returns an indicator's value: the published or entered
// one, else the one its raw inputs give.
func (a Assessment) indicatorValue(code string) (v float64, fromInputs, ok bool) {
	if v, ok := a.Values[code]; ok {
		return v, false, true
	}
	v, ok = a.fromInputs(code)
	return v, ok, ok
}

// fromInputs computes an indicator from the raw inputs, if they are known.
func (a Assessment) fromInputs(code string) (float64, bool) {
	in, ok := LookupIndicator(code)
	if !ok {
		return 0, false
	}
	switch in.Kind {
	case IndicatorInfo:
		if a.Info == nil || a.Info.StandNorm <= 0 || a.Info.SiteNorm <= 0 {
			return 0, false
		}
		return InfoValue(*a.Info), true
	case IndicatorConditions:
		keys, ok := a.Conditions[code]
		if !ok {
			return 0, false
		}
		return ConditionsValue(in, keys), true
	case IndicatorSurvey:
		var sum float64
		for _, p := range in.Parts {
			sv, ok := a.Surveys[p]
			if !ok || sv.Respondents <= 0 {
				return 0, false
			}
			sum += share(sv)
		}
		return capScore(sum / float64(len(in.Parts)) * 100), true
	}
	return 0, false
}

// InfoValue is 1.1 = 0.5·(stand found/stand norm + site found/site norm)·100,
// each share at most 1. A zero norm counts as fully met.
func InfoValue(c InfoCheck) float64 {
	return capScore(50 * (ratio(c.StandFound, c.StandNorm) + ratio(c.SiteFound, c.SiteNorm)))
}

// ConditionsValue is the value of a counted indicator: PointsPer points per
// distinct present condition of that indicator, at most 100. Keys of other
// indicators are ignored.
func ConditionsValue(in NokIndicator, keys []string) float64 {
	seen := map[string]bool{}
	for _, k := range keys {
		if c, ok := LookupCondition(k); ok && c.Indicator == in.Code {
			seen[k] = true
		}
	}
	return capScore(in.PointsPer * float64(len(seen)))
}

func ratio(found, norm int) float64 {
	if norm <= 0 {
		return 1
	}
	return math.Min(1, math.Max(0, float64(found)/float64(norm)))
}

func share(s Survey) float64 {
	if s.Respondents <= 0 {
		return 0
	}
	return math.Min(1, math.Max(0, float64(s.Satisfied)/float64(s.Respondents)))
}

func capScore(v float64) float64 { return math.Min(100, math.Max(0, v)) }

// Mismatch is a published figure that disagrees with the indicators.
type Mismatch struct {
	Field    string  // "criterion.К1" or "total"
	Expected float64 // what the indicators (and the agreeing published criteria) give
}

// CheckPublished compares the operator's published criteria and total with
// what the indicators give, allowing for rounding: 0.01 for every rounded
// figure the result is made from. A criterion is checked only when all its
// indicators are known; the total only when every criterion is (from its
// indicators or as published). A criterion found wrong enters the total's
// check with its computed value, so one bad figure is reported once.
func CheckPublished(a Assessment) []Mismatch {
	var out []Mismatch
	var sum float64
	figures, all := 0, true
	for _, c := range nokCriteria {
		var num float64
		complete := true
		for _, code := range c.Indicators {
			v, _, ok := a.indicatorValue(code)
			if !ok {
				complete = false
				break
			}
			in, _ := LookupIndicator(code)
			num += in.Weight * v
		}
		pub, hasPub := a.Criteria[c.Code]
		switch {
		case complete && hasPub && math.Abs(pub-num) > 0.01*float64(len(c.Indicators))+eps:
			out = append(out, Mismatch{Field: "criterion." + c.Code, Expected: num})
			sum += num
			figures += len(c.Indicators)
		case hasPub:
			sum += pub
			figures++
		case complete:
			sum += num
			figures += len(c.Indicators)
		default:
			all = false
		}
	}
	if a.Total != nil && all && math.Abs(*a.Total-sum/5) > 0.01*float64(figures)+eps {
		out = append(out, Mismatch{Field: "total", Expected: sum / 5})
	}
	return out
}

// RoundScore rounds a score to two decimals, half away from zero, absorbing
// binary noise (83.755 is 83.76, not 83.75).
func RoundScore(v float64) float64 {
	return math.Round(v*100+math.Copysign(1e-6, v)) / 100
}

// FormatScore prints a score with two decimals and a decimal comma: «83,76».
func FormatScore(v float64) string {
	return strings.Replace(strconv.FormatFloat(RoundScore(v), 'f', 2, 64), ".", ",", 1)
}
