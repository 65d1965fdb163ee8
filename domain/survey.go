package domain

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The visitors' questionnaire: the sample form of Приказ Минтруда № 675н for
// culture (docs/survey.md). Fourteen yes/no questions, four of them filters
// whose «Нет» skips the next one; then suggestions and the optional sex and
// age. The wording lives in the message catalogue (survey.q.<key>); this file
// holds the form's shape and the arithmetic of 344н on it.

// SurveyQuestion is one yes/no question of the form.
type SurveyQuestion struct {
	Key    string // stable: "stand_used"; the form field and the catalogue key
	Number int    // the question's number on the approved form
	Filter string // the filter question that must be «Да» for this one to apply
	Part   string // the survey part it measures ("1.3.stand", "2.3" …); "" for a filter
}

// The filter questions.
const (
	QStandUsed  = "stand_used"
	QSiteUsed   = "site_used"
	QDisability = "disability"
	QRemoteUsed = "remote_used"
)

var surveyQuestions = []SurveyQuestion{
	{Key: QStandUsed, Number: 1},
	{Key: "stand_ok", Number: 2, Filter: QStandUsed, Part: Part13Stand},
	{Key: QSiteUsed, Number: 3},
	{Key: "site_ok", Number: 4, Filter: QSiteUsed, Part: Part13Site},
	{Key: "comfort", Number: 5, Part: "2.3"},
	{Key: QDisability, Number: 6},
	{Key: "access_ok", Number: 7, Filter: QDisability, Part: "3.3"},
	{Key: "polite_first", Number: 8, Part: "4.1"},
	{Key: "polite_served", Number: 9, Part: "4.2"},
	{Key: QRemoteUsed, Number: 10},
	{Key: "polite_remote", Number: 11, Filter: QRemoteUsed, Part: "4.3"},
	{Key: "recommend", Number: 12, Part: "5.1"},
	{Key: "organisation", Number: 13, Part: "5.2"},
	{Key: "overall", Number: 14, Part: "5.3"},
}

// SurveyQuestions returns the form's yes/no questions in order (a copy).
func SurveyQuestions() []SurveyQuestion {
	return append([]SurveyQuestion(nil), surveyQuestions...)
}

// Survey sources: where an answer came from.
const (
	SurveyWeb   = "web"
	SurveyKiosk = "kiosk"
	SurveyPaper = "paper"
)

// SurveySources lists the sources in display order.
var SurveySources = []string{SurveyWeb, SurveyKiosk, SurveyPaper}

// The form's limits. MaxSuggestion is in characters, not bytes.
const (
	MaxSuggestion = 2000
	MinAge        = 14
	MaxAge        = 120
)

// Sex answers of the optional demographic question.
const (
	SexMale   = "male"
	SexFemale = "female"
)

// SurveyResponse is one filled questionnaire, as counted: only the
// questions that apply carry an answer.
type SurveyResponse struct {
	Answers    map[string]bool // question key → «Да»
	Suggestion string
	Sex        string // "", SexMale, SexFemale
	Age        int    // 0: not given
}

// SurveyForm is a questionnaire as typed: every value as sent.
type SurveyForm struct {
	Answers    map[string]string // question key → "yes", "no" or ""
	Suggestion string
	Sex        string
	Age        string
}

// ParseSurvey validates a form. It returns the response to count; the
// follow-up questions answered although their filter was «Нет» (ignored,
// so the page can say so); and field errors (EInvalid, catalogue keys
// survey.error.*) for an unanswered question that applies, a forged value,
// a suggestion over MaxSuggestion characters or an impossible age.
func ParseSurvey(f SurveyForm) (SurveyResponse, []string, error) {
	var fe FieldErrors
	var ignored []string
	r := SurveyResponse{Answers: map[string]bool{}}
	for _, q := range surveyQuestions {
		v := f.Answers[q.Key]
		if v != "" && v != "yes" && v != "no" {
			fe.Add(q.Key, "survey.error.value")
			continue
		}
		if q.Filter != "" {
			filter, answered := r.Answers[q.Filter]
			if !answered {
				// The filter itself is missing or forged: its error stands.
				continue
			}
			if !filter {
				if v != "" {
					ignored = append(ignored, q.Key)
				}
				continue
			}
		}
		if v == "" {
			fe.Add(q.Key, "survey.error.required")
			continue
		}
		r.Answers[q.Key] = v == "yes"
	}
	r.Suggestion = strings.TrimSpace(f.Suggestion)
	if utf8.RuneCountInString(r.Suggestion) > MaxSuggestion {
		fe.Add("suggestion", "survey.error.too_long")
	}
	switch f.Sex {
	case "", SexMale, SexFemale:
		r.Sex = f.Sex
	default:
		fe.Add("sex", "survey.error.value")
	}
	if age := strings.TrimSpace(f.Age); age != "" {
		n, err := strconv.Atoi(age)
		if err != nil || n < MinAge || n > MaxAge {
			fe.Add("age", "survey.error.age")
		} else {
			r.Age = n
		}
	}
	return r, ignored, fe.Err()
}

// Counts is what one response adds to the counters: per survey part, one
// respondent (when the part's question applied) and one satisfied (when
// the answer was «Да»).
func (r SurveyResponse) Counts() map[string]Survey {
	out := map[string]Survey{}
	for _, q := range surveyQuestions {
		if q.Part == "" {
			continue
		}
		yes, ok := r.Answers[q.Key]
		if !ok {
			continue
		}
		s := Survey{Respondents: 1}
		if yes {
			s.Satisfied = 1
		}
		out[q.Part] = s
	}
	return out
}

// AddSurveys sums counters part by part into dst (allocated when nil).
func AddSurveys(dst map[string]Survey, src map[string]Survey) map[string]Survey {
	if dst == nil {
		dst = map[string]Survey{}
	}
	for p, s := range src {
		d := dst[p]
		d.Respondents += s.Respondents
		d.Satisfied += s.Satisfied
		dst[p] = d
	}
	return dst
}

// SurveyEnough is the number of answers behind an indicator from which
// Planboard treats the questionnaire's figure as more than indicative.
// It is Planboard's own threshold, not the regulation's (docs/survey.md):
// at 100 answers the 95 % interval is at most about ±10 points wide.
const SurveyEnough = 100

// SurveyIndicator is one survey indicator computed from the answers.
type SurveyIndicator struct {
	Code      string
	Value     float64 // 0–100; meaningful only when Has
	Has       bool    // someone answered its question (both parts for 1.3)
	N         int     // answers behind it (both parts for 1.3)
	Low       float64 // 95 % Wilson interval, 0–100
	High      float64
	Enough    bool // every part has at least SurveyEnough answers
	Parts     []Survey
	Criterion string
}

// SurveyIndicators computes every survey indicator of 344н from the
// counters: satisfied ÷ those who answered its question (after its filter)
// × 100; 1.3 is the mean of the stands' and the site's shares, and its
// interval the mean of theirs (docs/survey.md). An indicator nobody
// answered has no value.
func SurveyIndicators(c map[string]Survey) []SurveyIndicator {
	var out []SurveyIndicator
	for _, in := range nokIndicators {
		if in.Kind != IndicatorSurvey {
			continue
		}
		si := SurveyIndicator{Code: in.Code, Has: true, Enough: true, Criterion: in.Criterion}
		var sum, low, high float64
		for _, p := range in.Parts {
			s := c[p]
			si.Parts = append(si.Parts, s)
			si.N += s.Respondents
			if s.Respondents <= 0 {
				si.Has = false
				continue
			}
			if s.Respondents < SurveyEnough {
				si.Enough = false
			}
			l, h := Wilson(s.Satisfied, s.Respondents)
			sum += share(s)
			low += l
			high += h
		}
		if si.Has {
			k := float64(len(in.Parts))
			si.Value = capScore(sum / k * 100)
			si.Low, si.High = capScore(low/k*100), capScore(high/k*100)
		} else {
			si.Enough = false
		}
		out = append(out, si)
	}
	return out
}

// wilsonZ is the normal quantile of a two-sided 95 % interval.
const wilsonZ = 1.959963984540054

// Wilson is the 95 % Wilson score interval of satisfied out of n, as
// shares 0–1; (0, 1) when n is 0.
func Wilson(satisfied, n int) (low, high float64) {
	if n <= 0 {
		return 0, 1
	}
	p := math.Min(1, math.Max(0, float64(satisfied)/float64(n)))
	nn := float64(n)
	z2 := wilsonZ * wilsonZ
	den := 1 + z2/nn
	centre := (p + z2/(2*nn)) / den
	half := wilsonZ / den * math.Sqrt(p*(1-p)/nn+z2/(4*nn*nn))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// PaperAnswer reads one answer as staff type it from a paper form: «д»,
// «да», «y», «1», «+» are "yes"; «н», «нет», «n», «0», «-» are "no"; a blank
// is no answer. Anything else comes back as typed, for ParseSurvey to
// refuse as a forged value.
func PaperAnswer(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return ""
	case "д", "да", "y", "yes", "1", "+":
		return "yes"
	case "н", "нет", "n", "no", "0", "-":
		return "no"
	}
	return s
}
