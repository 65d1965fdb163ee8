package domain

import (
	"sort"
	"time"
)

// AssessmentUpload is an operator's table held between the import preview
// and its confirmation: the uploader's own, until it expires. The
// confirmation reads the file again instead of trusting the browser.
type AssessmentUpload struct {
	ID             int64
	UserID         int64
	Year           int
	Operator       string
	DecisionDate   Date
	DecisionNumber string
	Filename       string
	Data           []byte // the file as uploaded; not loaded with the upload
	Parsed         []byte // the table as read once (nokimport.Table, JSON): what the confirmation reads
	CreatedAt      time.Time
	ExpiresAt      time.Time
}

// ProvidedConditions are the НОК condition keys a plan's checklist points
// name, split by whether their item is done (accepted) or still open.
type ProvidedConditions struct {
	Done, Open []string
}

// Add records the conditions of an item in status st: done items provide
// them today, open ones in the forecast; items not done or cancelled none.
func (p *ProvidedConditions) Add(st ItemStatus, keys ...string) {
	switch {
	case st == StatusDone:
		p.Done = append(p.Done, keys...)
	case st.Open():
		p.Open = append(p.Open, keys...)
	}
}

// InstitutionScore is an institution's НОК figures for the founder's
// dashboard: its latest assessment, today's score and the forecast from
// its plan's items, and the change since the assessment before.
type InstitutionScore struct {
	Year      int   // the latest assessment's year; 0 when none
	Score     Score // at the latest assessment
	Today     Score // with the conditions of the done items
	Forecast  Score // with those of every done and open item
	PrevYear  int   // the assessment before the latest; 0 when none
	Change    float64
	HasChange bool // both totals are known
}

// Known reports whether there is an assessment with a total.
func (s InstitutionScore) Known() bool { return s.Year != 0 && s.Score.Known }

// ScoreInstitution computes an institution's figures from its assessments
// (any order; the newest is the latest) and the conditions its plan provides.
func ScoreInstitution(list []Assessment, p ProvidedConditions) InstitutionScore {
	if len(list) == 0 {
		return InstitutionScore{}
	}
	sorted := append([]Assessment(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Year > sorted[j].Year })
	a := sorted[0]
	out := InstitutionScore{Year: a.Year, Score: Calculate(a),
		Today:    Forecast(a, ForecastInput{Provided: p.Done}),
		Forecast: Forecast(a, ForecastInput{Provided: append(append([]string(nil), p.Done...), p.Open...)})}
	if len(sorted) > 1 {
		prev := Calculate(sorted[1])
		out.PrevYear = sorted[1].Year
		if prev.Known && out.Score.Known {
			out.Change, out.HasChange = out.Score.Total-prev.Total, true
		}
	}
	return out
}

// ScoreAverage is the mean of one criterion, indicator or the total over
// the institutions where it is known.
type ScoreAverage struct {
	Code  string // "К1", "2.1", or "" for the total
	Value float64
	N     int // institutions counted
}

// AverageScores averages scores: every criterion and indicator over the
// institutions where it is known, and the total. Criteria and indicators
// come in code order; those known nowhere are left out.
func AverageScores(scores []Score) (total ScoreAverage, criteria, indicators []ScoreAverage) {
	for _, s := range scores {
		if s.Known {
			total.Value += s.Total
			total.N++
		}
	}
	if total.N > 0 {
		total.Value /= float64(total.N)
	}
	for _, c := range nokCriteria {
		avg := ScoreAverage{Code: c.Code}
		for _, s := range scores {
			if v := s.Criterion(c.Code); v.Known {
				avg.Value += v.Value
				avg.N++
			}
		}
		if avg.N > 0 {
			avg.Value /= float64(avg.N)
			criteria = append(criteria, avg)
		}
	}
	for _, in := range nokIndicators {
		avg := ScoreAverage{Code: in.Code}
		for _, s := range scores {
			if v := s.Indicator(in.Code); v.Known {
				avg.Value += v.Value
				avg.N++
			}
		}
		if avg.N > 0 {
			avg.Value /= float64(avg.N)
			indicators = append(indicators, avg)
		}
	}
	return total, criteria, indicators
}

// Weakest returns at most n averages with the lowest values below 100,
// lowest first (ties in code order).
func Weakest(avgs []ScoreAverage, n int) []ScoreAverage {
	var out []ScoreAverage
	for _, a := range avgs {
		if a.Value < 100-eps {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value < out[j].Value-eps })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// PublicAssessment is the assessment a published plan was written against,
// frozen with the publication: the results per criterion and the total.
type PublicAssessment struct {
	Year           int               `json:"year"`
	Operator       string            `json:"operator"`
	DecisionDate   string            `json:"decision_date"` // YYYY-MM-DD or ""
	DecisionNumber string            `json:"decision_number"`
	Total          *float64          `json:"total"`      // two decimals; null when unknown
	TotalText      string            `json:"total_text"` // «83,76»; "" when unknown
	Complete       bool              `json:"complete"`   // every indicator had a value
	Criteria       []PublicCriterion `json:"criteria"`
}

// PublicCriterion is one criterion's result in the public report.
type PublicCriterion struct {
	Code      string   `json:"code"`    // "К1" … "К5"
	Section   Section  `json:"section"` // "1" … "5"
	Title     string   `json:"title"`
	Value     *float64 `json:"value"`      // two decimals; null when unknown
	ValueText string   `json:"value_text"` // «83,76»; "" when unknown
	Complete  bool     `json:"complete"`
}

// PublicAssessmentOf builds the public form of an assessment.
func PublicAssessmentOf(a Assessment) *PublicAssessment {
	sc := Calculate(a)
	out := &PublicAssessment{Year: a.Year, Operator: a.Operator, DecisionDate: a.DecisionDate.String(),
		DecisionNumber: a.DecisionNumber, Complete: sc.Complete, Criteria: []PublicCriterion{}}
	if sc.Known {
		v := RoundScore(sc.Total)
		out.Total, out.TotalText = &v, FormatScore(sc.Total)
	}
	for _, c := range nokCriteria {
		cs := sc.Criterion(c.Code)
		pc := PublicCriterion{Code: c.Code, Section: c.Section, Title: c.Title, Complete: cs.Known && cs.Complete}
		if cs.Known {
			v := RoundScore(cs.Value)
			pc.Value, pc.ValueText = &v, FormatScore(cs.Value)
		}
		out.Criteria = append(out.Criteria, pc)
	}
	return out
}
