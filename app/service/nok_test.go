package service

import (
	"testing"

	"planboard/domain"
)

func TestNokReadScoreAndDate(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]float64{"83,76": 83.76, " 83.76 ": 83.76, "85 %": 85, "1\u00a0": 1} {
		if v, ok, err := ReadScore(in); err != nil || !ok || v != want {
			t.Errorf("ReadScore(%q) = %v %v %v", in, v, ok, err)
		}
	}
	for _, in := range []string{"", "-", "—", "н/д"} {
		if _, ok, err := ReadScore(in); ok || err != nil {
			t.Errorf("ReadScore(%q) is a value", in)
		}
	}
	for _, in := range []string{"abc", "NaN", "1,2,3", "Inf"} {
		if _, _, err := ReadScore(in); err == nil {
			t.Errorf("ReadScore(%q) accepted", in)
		}
	}
	for in, want := range map[string]domain.Date{"2025-11-20": domain.NewDate(2025, 11, 20), "20.11.2025": domain.NewDate(2025, 11, 20),
		"1.2.2026": domain.NewDate(2026, 2, 1), "": {}} {
		if d, err := readDate(in); err != nil || d != want {
			t.Errorf("readDate(%q) = %v %v", in, d, err)
		}
	}
	for _, in := range []string{"31.02.2025", "2025/11/20", "20.11.25"} {
		if _, err := readDate(in); err == nil {
			t.Errorf("readDate(%q) accepted", in)
		}
	}
}

// The hand-entry form: values with a decimal comma, conditions ticked,
// surveys as counts; errors by field, checked by the domain as well.
func TestNokReadAssessmentForm(t *testing.T) {
	t.Parallel()
	a, fe := readAssessmentForm(AssessmentForm{Year: 2025, Values: map[string]string{"1.1": "87,5", "К4": "", "2.1": "60"},
		Conditions:      map[string][]string{"2.1": {"2.1.water", "2.1.navigation", "2.1.water", "2.1.sanitary"}},
		ConditionsKnown: map[string]bool{"3.1": true},
		Surveys:         map[string][2]string{"4.1": {"200", "190"}}})
	if len(fe) != 0 || a.Values["1.1"] != 87.5 || len(a.Conditions["2.1"]) != 3 || a.Conditions["3.1"] == nil || len(a.Conditions["3.1"]) != 0 ||
		a.Surveys["4.1"] != (domain.Survey{Respondents: 200, Satisfied: 190}) || a.Criteria != nil {
		t.Errorf("%+v %v", a, fe)
	}
	_, fe = readAssessmentForm(AssessmentForm{Year: 2025, Values: map[string]string{"1.1": "много", "К2": "x", "2.1": "80"},
		Conditions: map[string][]string{"2.1": {"2.1.water"}}, Surveys: map[string][2]string{"4.1": {"10", "x"}}, Info: [4]string{"a"}})
	for _, f := range []string{"value.1.1", "criterion.К2", "survey.4.1", "info.stand_found"} {
		if fe[f] == "" {
			t.Errorf("no error for %s: %v", f, fe)
		}
	}
	_, fe = readAssessmentForm(AssessmentForm{Year: 2025, Values: map[string]string{"2.1": "80"}, Conditions: map[string][]string{"2.1": {"2.1.water"}},
		Surveys: map[string][2]string{"4.1": {"10", "20"}}})
	if fe["value.2.1"] != "nok.value.disagrees_inputs" && fe["survey.4.1"] != "nok.survey.satisfied_over" {
		t.Errorf("domain checks: %v", fe)
	}
}
