package domain

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// answers builds a form from "key=yes|no" pairs.
func answers(pairs ...string) SurveyForm {
	f := SurveyForm{Answers: map[string]string{}}
	for _, p := range pairs {
		k, v, _ := strings.Cut(p, "=")
		f.Answers[k] = v
	}
	return f
}

// tally parses every form (each must be valid) and sums its counts.
func tally(t *testing.T, forms ...SurveyForm) map[string]Survey {
	t.Helper()
	var c map[string]Survey
	for i, f := range forms {
		r, _, err := ParseSurvey(f)
		if err != nil {
			t.Fatalf("form %d: %v", i, err)
		}
		c = AddSurveys(c, r.Counts())
	}
	return c
}

func indicator(t *testing.T, c map[string]Survey, code string) SurveyIndicator {
	t.Helper()
	for _, si := range SurveyIndicators(c) {
		if si.Code == code {
			return si
		}
	}
	t.Fatalf("no indicator %s", code)
	return SurveyIndicator{}
}

func sNear(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// Worked example 1: four visitors, every filter used by some.
func TestSurveyGoldenFourVisitors(t *testing.T) {
	c := tally(t,
		answers("stand_used=yes", "stand_ok=yes", "site_used=yes", "site_ok=no", "comfort=yes", "disability=no",
			"polite_first=yes", "polite_served=yes", "remote_used=no", "recommend=yes", "organisation=yes", "overall=yes"),
		answers("stand_used=no", "site_used=yes", "site_ok=yes", "comfort=no", "disability=yes", "access_ok=no",
			"polite_first=yes", "polite_served=no", "remote_used=yes", "polite_remote=yes", "recommend=no", "organisation=yes", "overall=no"),
		answers("stand_used=yes", "stand_ok=no", "site_used=no", "comfort=yes", "disability=no",
			"polite_first=no", "polite_served=yes", "remote_used=no", "recommend=yes", "organisation=no", "overall=yes"),
		answers("stand_used=yes", "stand_ok=yes", "site_used=yes", "site_ok=yes", "comfort=yes", "disability=yes", "access_ok=yes",
			"polite_first=yes", "polite_served=yes", "remote_used=yes", "polite_remote=no", "recommend=yes", "organisation=yes", "overall=yes"),
	)
	want := map[string]struct {
		v float64
		n int
	}{
		"1.3": {100 * (2.0/3 + 2.0/3) / 2, 6}, // stands 2 of 3, site 2 of 3
		"2.3": {75, 4}, "3.3": {50, 2}, "4.1": {75, 4}, "4.2": {75, 4}, "4.3": {50, 2},
		"5.1": {75, 4}, "5.2": {75, 4}, "5.3": {75, 4},
	}
	for code, w := range want {
		si := indicator(t, c, code)
		if !si.Has || !sNear(si.Value, w.v) || si.N != w.n {
			t.Errorf("%s = %.4f (n %d, has %v), want %.4f (n %d)", code, si.Value, si.N, si.Has, w.v, w.n)
		}
		if si.Enough {
			t.Errorf("%s: %d answers counted as enough", code, si.N)
		}
	}
	// The same counters give the same values through the assessment's calculation.
	score := Calculate(Assessment{Surveys: c})
	for code := range want {
		if got := score.Indicator(code); !got.Known || !sNear(got.Value, indicator(t, c, code).Value) {
			t.Errorf("Calculate %s = %+v, questionnaire %.4f", code, got, indicator(t, c, code).Value)
		}
	}
}

// Worked example 2: a filter answered «Нет» by everyone leaves its
// indicator without a value (not 0, not 100), and a follow-up answered
// after «Нет» is ignored and reported.
func TestSurveyGoldenFilterNoByEveryone(t *testing.T) {
	base := []string{"stand_used=yes", "stand_ok=yes", "site_used=yes", "site_ok=yes", "comfort=yes", "disability=no",
		"polite_first=yes", "polite_served=yes", "remote_used=no", "recommend=yes", "organisation=yes", "overall=yes"}
	f := answers(append(base, "access_ok=no", "polite_remote=no")...)
	r, ignored, err := ParseSurvey(f)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ignored, ",") != "access_ok,polite_remote" {
		t.Errorf("ignored = %v", ignored)
	}
	if _, ok := r.Answers["access_ok"]; ok {
		t.Error("a follow-up after «Нет» was counted")
	}
	c := tally(t, f, answers(base...), answers(base...))
	for _, code := range []string{"3.3", "4.3"} {
		if si := indicator(t, c, code); si.Has || si.N != 0 || si.Enough {
			t.Errorf("%s = %+v, want no value", code, si)
		}
	}
	if si := indicator(t, c, "5.3"); !si.Has || si.Value != 100 || si.N != 3 {
		t.Errorf("5.3 = %+v", si)
	}
	if Calculate(Assessment{Surveys: c}).Indicator("3.3").Known {
		t.Error("the calculation gives 3.3 a value nobody answered")
	}
}

// Worked example 3: 1.3 needs both its halves; nobody used the stands.
func TestSurveyGoldenHalfOf13(t *testing.T) {
	f := answers("stand_used=no", "site_used=yes", "site_ok=yes", "comfort=yes", "disability=no",
		"polite_first=yes", "polite_served=yes", "remote_used=no", "recommend=yes", "organisation=yes", "overall=yes")
	c := tally(t, f, f)
	si := indicator(t, c, "1.3")
	if si.Has || si.N != 2 {
		t.Errorf("1.3 = %+v, want no value from the site alone", si)
	}
	if c[Part13Site] != (Survey{2, 2}) || c[Part13Stand] != (Survey{}) {
		t.Errorf("counts = %v", c)
	}
}

// Worked example 4: ten answers, eight «Да»: 80 with the Wilson interval
// 49,02–94,33; five «Нет»: 0 with 0–43,45.
func TestSurveyGoldenWilson(t *testing.T) {
	c := map[string]Survey{"5.3": {Respondents: 10, Satisfied: 8}, "4.1": {Respondents: 5, Satisfied: 0}}
	si := indicator(t, c, "5.3")
	if !sNear(si.Value, 80) || !sNear(si.Low, 49.02) || !sNear(si.High, 94.33) {
		t.Errorf("5.3 = %.4f [%.4f; %.4f]", si.Value, si.Low, si.High)
	}
	si = indicator(t, c, "4.1")
	if si.Value != 0 || si.Low != 0 || !sNear(si.High, 43.45) {
		t.Errorf("4.1 = %.4f [%.4f; %.4f]", si.Value, si.Low, si.High)
	}
	if l, h := Wilson(0, 0); l != 0 || h != 1 {
		t.Errorf("Wilson(0, 0) = %v, %v", l, h)
	}
}

// Worked example 5: the indicative threshold, part by part (1.3 needs both).
func TestSurveyGoldenEnough(t *testing.T) {
	c := map[string]Survey{
		"5.3": {SurveyEnough, SurveyEnough - 3}, "5.2": {SurveyEnough - 1, 50},
		Part13Stand: {SurveyEnough, 90}, Part13Site: {SurveyEnough - 1, 90},
	}
	if !indicator(t, c, "5.3").Enough || indicator(t, c, "5.2").Enough || indicator(t, c, "1.3").Enough {
		t.Error("threshold misapplied")
	}
	si := indicator(t, c, "1.3")
	if !sNear(si.Value, 50*(0.9+90.0/99)) || si.N != 2*SurveyEnough-1 {
		t.Errorf("1.3 = %+v", si)
	}
}

func TestParseSurveyRefusals(t *testing.T) {
	full := []string{"stand_used=yes", "stand_ok=yes", "site_used=no", "comfort=yes", "disability=no",
		"polite_first=yes", "polite_served=yes", "remote_used=no", "recommend=yes", "organisation=yes", "overall=yes"}
	cases := []struct {
		name  string
		form  SurveyForm
		field string
		key   string
	}{
		{"unanswered", answers(full[1:]...), "stand_used", "survey.error.required"},
		{"follow-up missing", answers(append([]string{"stand_used=yes"}, full[2:]...)...), "stand_ok", "survey.error.required"},
		{"forged", answers(append(full, "comfort=maybe")...), "comfort", "survey.error.value"},
		{"too long", func() SurveyForm {
			f := answers(full...)
			f.Suggestion = strings.Repeat("я", MaxSuggestion+1)
			return f
		}(), "suggestion", "survey.error.too_long"},
		{"age", func() SurveyForm { f := answers(full...); f.Age = "7"; return f }(), "age", "survey.error.age"},
		{"sex", func() SurveyForm { f := answers(full...); f.Sex = "x"; return f }(), "sex", "survey.error.value"},
	}
	for _, tc := range cases {
		_, _, err := ParseSurvey(tc.form)
		var ve *ValidationError
		if !asValidation(err, &ve) || ve.Fields[tc.field] != tc.key {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	f := answers(full...)
	f.Suggestion, f.Age, f.Sex = strings.Repeat("я", MaxSuggestion), " 30 ", SexFemale
	if r, _, err := ParseSurvey(f); err != nil || r.Age != 30 || r.Sex != SexFemale {
		t.Errorf("a full form: %+v, %v", r, err)
	}
}

func asValidation(err error, ve **ValidationError) bool { return errors.As(err, ve) }
