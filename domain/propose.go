package domain

import (
	"fmt"
	"sort"
	"strings"
)

// Thresholds are a founder's settings for "needs measures": a criterion or
// an indicator under its threshold is flagged and its measures come first.
// Nothing is hard-coded: callers pass the founder's values (90 is the usual
// default of the public calculators).
type Thresholds struct {
	Default    float64            // every criterion and indicator without its own
	Criteria   map[string]float64 // "К1" → threshold
	Indicators map[string]float64 // "2.1" → threshold
}

// Criterion returns the threshold of a criterion.
func (t Thresholds) Criterion(code string) float64 {
	if v, ok := t.Criteria[code]; ok {
		return v
	}
	return t.Default
}

// Indicator returns the threshold of an indicator: its own, else its
// criterion's, else the default.
func (t Thresholds) Indicator(code string) float64 {
	if v, ok := t.Indicators[code]; ok {
		return v
	}
	if in, ok := LookupIndicator(code); ok {
		return t.Criterion(in.Criterion)
	}
	return t.Default
}

// Below reports whether a known value is under a threshold.
func Below(v, threshold float64) bool { return v < threshold-eps }

// Validate checks that every threshold is 0–100 and names a known criterion
// or indicator; fields are "default", "criterion.К1", "indicator.2.1".
func (t Thresholds) Validate() error {
	var fe FieldErrors
	if !InRange(t.Default) {
		fe.Add("default", "nok.value.range")
	}
	for _, code := range sortedKeys(t.Criteria) {
		if _, ok := LookupCriterion(code); !ok {
			fe.Add("criterion."+code, "nok.criterion.unknown")
		} else if !InRange(t.Criteria[code]) {
			fe.Add("criterion."+code, "nok.value.range")
		}
	}
	for _, code := range sortedKeys(t.Indicators) {
		if _, ok := LookupIndicator(code); !ok {
			fe.Add("indicator."+code, "nok.indicator.unknown")
		} else if !InRange(t.Indicators[code]) {
			fe.Add("indicator."+code, "nok.value.range")
		}
	}
	return fe.Err()
}

// ProposeItems drafts plan items for year from an assessment: one item for
// every indicator with a value below 100, those under the founder's
// threshold first (priority high) and then in code order. The deficiency is
// written from the indicator and its missing conditions, the measure comes
// from lib (MeasureLibrary), and each missing condition becomes a checklist
// point that names it, so that the item, once done, adds the condition's
// points to the forecast. Indicators without a value are not proposed. It
// fails when lib has no measure for an indicator that needs one or a
// measure's deadline cannot be read.
func ProposeItems(a Assessment, th Thresholds, lib []StandardMeasure, year int) ([]Item, error) {
	sc := Calculate(a)
	type cand struct {
		ind    NokIndicator
		value  float64
		urgent bool
	}
	var list []cand
	for _, ind := range nokIndicators {
		v := sc.Indicator(ind.Code)
		if !v.Known || v.Value >= 100-eps {
			continue
		}
		list = append(list, cand{ind, v.Value, Below(v.Value, th.Indicator(ind.Code))})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].urgent && !list[j].urgent })
	items := make([]Item, 0, len(list))
	for _, c := range list {
		m, ok := measureFor(lib, c.ind.Code, "")
		if !ok {
			return nil, fmt.Errorf("measure library: no measure for indicator %s", c.ind.Code)
		}
		dl, err := TemplateDeadline(m.Deadline, year)
		if err != nil {
			return nil, fmt.Errorf("measure library: indicator %s: deadline %q: %w", c.ind.Code, m.Deadline, err)
		}
		it := Item{Position: len(items) + 1, Section: c.ind.Section, Indicator: c.ind.Code, Measure: m.Measure,
			Deadline: dl, OriginalDeadline: dl, Status: StatusPlanned, Priority: 2}
		if c.urgent {
			it.Priority = 1
		}
		missing := a.missingConditions(c.ind)
		it.Deficiency = a.deficiency(c.ind, c.value, missing, c.urgent, th.Indicator(c.ind.Code))
		for _, cond := range missing {
			text := cond.Title
			if cm, ok := measureFor(lib, c.ind.Code, cond.Key); ok {
				text = cm.Measure + " (" + cond.Title + ")"
			}
			it.Checklist = append(it.Checklist, ChecklistPoint{Position: len(it.Checklist) + 1, Text: text, ConditionKey: cond.Key})
		}
		for _, p := range m.Checklist {
			it.Checklist = append(it.Checklist, ChecklistPoint{Position: len(it.Checklist) + 1, Text: p})
		}
		items = append(items, it)
	}
	return items, nil
}

// missingConditions returns the conditions of an indicator that are not
// present: the complement of the known set, every condition when the set is
// unknown (the director strikes out those already there), and for 1.1 the
// incomplete halves.
func (a Assessment) missingConditions(ind NokIndicator) []NokCondition {
	all := Conditions(ind.Code)
	switch ind.Kind {
	case IndicatorConditions:
		present, known := a.Conditions[ind.Code]
		var out []NokCondition
		for _, c := range all {
			if !known || !hasKey(present, c.Key) {
				out = append(out, c)
			}
		}
		return out
	case IndicatorInfo:
		if a.Info == nil {
			return all
		}
		var out []NokCondition
		if a.Info.StandFound < a.Info.StandNorm {
			out = append(out, all[0])
		}
		if a.Info.SiteFound < a.Info.SiteNorm {
			out = append(out, all[1])
		}
		return out
	}
	return nil
}

// deficiency writes column 1 of the plan form from the indicator's value
// and what is missing.
func (a Assessment) deficiency(ind NokIndicator, v float64, missing []NokCondition, urgent bool, th float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Показатель %s «%s»: %s из 100 баллов", ind.Code, ind.Title, FormatScore(v))
	if urgent {
		fmt.Fprintf(&b, ", ниже порогового значения %s", FormatScore(th))
	}
	b.WriteString(".")
	switch ind.Kind {
	case IndicatorConditions:
		if _, known := a.Conditions[ind.Code]; !known {
			fmt.Fprintf(&b, " До максимального значения не хватает %s баллов (по %s за каждое условие из перечня).",
				FormatScore(100-v), FormatScore(ind.PointsPer))
			break
		}
		titles := make([]string, len(missing))
		for i, c := range missing {
			titles[i] = c.Title
		}
		if ind.Code == "1.2" {
			b.WriteString(" Не обеспечены дистанционные способы взаимодействия: ")
		} else {
			b.WriteString(" Не обеспечены условия: ")
		}
		b.WriteString(strings.Join(titles, "; ") + ".")
	case IndicatorInfo:
		if c := a.Info; c != nil {
			var parts []string
			if c.StandFound < c.StandNorm {
				parts = append(parts, fmt.Sprintf("на информационных стендах размещено %d из %d требуемых материалов", c.StandFound, c.StandNorm))
			}
			if c.SiteFound < c.SiteNorm {
				parts = append(parts, fmt.Sprintf("на официальном сайте размещено %d из %d требуемых материалов", c.SiteFound, c.SiteNorm))
			}
			if len(parts) > 0 {
				b.WriteString(" " + upperFirst(strings.Join(parts, "; ")) + ".")
			}
		}
	case IndicatorSurvey:
		var parts []string
		for _, p := range ind.Parts {
			if s, ok := a.Surveys[p]; ok && s.Respondents > 0 {
				parts = append(parts, fmt.Sprintf("%d из %d", s.Satisfied, s.Respondents))
			}
		}
		if len(parts) == len(ind.Parts) {
			fmt.Fprintf(&b, " Удовлетворены %s опрошенных.", strings.Join(parts, " и "))
		}
	}
	return b.String()
}

func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
