package domain

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func fieldsOf(err error) FieldErrors {
	var v *ValidationError
	if errors.As(err, &v) {
		return v.Fields
	}
	return nil
}

func TestAssessmentValidate(t *testing.T) {
	ptr := func(v float64) *float64 { return &v }
	tests := []struct {
		name   string
		change func(a *Assessment)
		want   FieldErrors // nil: valid
	}{
		{"realistic", func(a *Assessment) {}, nil},
		{"agreeing values, criteria and total", func(a *Assessment) {
			a.Values = values("2.1", 80, "5.3", 98.4)
			a.Criteria = values("К1", 88, "К2", 85, "К3", 57, "К4", 94.4, "К5", 94.4)
			a.Total = ptr(83.76)
		}, nil},
		{"rounded published figures within 0.01·n", func(a *Assessment) {
			a.Criteria = values("К1", 88.02, "К4", 94.41)
			a.Total = ptr(83.8)
		}, nil},
		{"no institution, bad year", func(a *Assessment) { a.InstitutionID, a.Year = 0, 1999 },
			FieldErrors{"institution": "nok.institution.required", "year": "nok.year.invalid"}},
		{"value outside 0–100", func(a *Assessment) { a.Values = values("1.3", 100.5, "4.1", -1) },
			FieldErrors{"value.1.3": "nok.value.range", "value.4.1": "nok.value.range"}},
		{"NaN", func(a *Assessment) { a.Values = map[string]float64{"5.1": math.NaN()} },
			FieldErrors{"value.5.1": "nok.value.range"}},
		{"2.2 is not a culture indicator", func(a *Assessment) { a.Values = values("2.2", 90) },
			FieldErrors{"value.2.2": "nok.indicator.unknown"}},
		{"unknown criterion and total out of range", func(a *Assessment) { a.Criteria = values("К6", 50); a.Total = ptr(101) },
			FieldErrors{"criterion.К6": "nok.criterion.unknown", "total": "nok.value.range"}},
		{"more satisfied than respondents", func(a *Assessment) { a.Surveys["4.2"] = Survey{Respondents: 10, Satisfied: 11} },
			FieldErrors{"survey.4.2": "nok.survey.satisfied_over"}},
		{"no respondents", func(a *Assessment) { a.Surveys["4.3"] = Survey{} },
			FieldErrors{"survey.4.3": "nok.survey.no_respondents"}},
		{"negative counts", func(a *Assessment) {
			a.Surveys["5.1"] = Survey{Respondents: 10, Satisfied: -1}
			a.Info.StandFound = -2
		}, FieldErrors{"survey.5.1": "nok.count.negative", "info.stand_found": "nok.count.negative"}},
		{"unknown survey part", func(a *Assessment) { a.Surveys["1.3"] = Survey{10, 5} },
			FieldErrors{"survey.1.3": "nok.survey.unknown"}},
		{"found over the norm, zero norm", func(a *Assessment) { a.Info = &InfoCheck{StandFound: 11, StandNorm: 10, SiteFound: 0, SiteNorm: 0} },
			FieldErrors{"info.stand_found": "nok.info.found_over_norm", "info.site_norm": "nok.info.norm_required"}},
		{"a condition of another indicator", func(a *Assessment) { a.Conditions["2.1"] = []string{"3.1.ramps"} },
			FieldErrors{"conditions.2.1": "nok.condition.unknown"}},
		{"conditions on a survey indicator", func(a *Assessment) { a.Conditions["4.1"] = []string{} },
			FieldErrors{"conditions.4.1": "nok.indicator.no_conditions"}},
		{"value contradicts its inputs", func(a *Assessment) { a.Values = values("2.1", 100) },
			FieldErrors{"value.2.1": "nok.value.disagrees_inputs"}},
		{"criterion contradicts its indicators", func(a *Assessment) { a.Criteria = values("К3", 60) },
			FieldErrors{"criterion.К3": "nok.criterion.disagrees"}},
		{"total contradicts the criteria", func(a *Assessment) { a.Total = ptr(85) },
			FieldErrors{"total": "nok.total.disagrees"}},
		{"too long texts", func(a *Assessment) {
			a.Operator = strings.Repeat("о", 1001)
			a.DecisionNumber = strings.Repeat("1", 101)
			a.Proposals = strings.Repeat("п", 20001)
		}, FieldErrors{"operator": "nok.text.too_long", "decision_number": "nok.text.too_long", "proposals": "nok.text.too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := realistic()
			tt.change(&a)
			err := a.Validate()
			if got := fieldsOf(err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Validate() = %v, want %v", got, tt.want)
			}
			if err != nil && ErrorCode(err) != EInvalid {
				t.Errorf("code = %s", ErrorCode(err))
			}
		})
	}
}

func TestAssessmentThresholds(t *testing.T) {
	th := Thresholds{Default: 90, Criteria: values("К3", 80), Indicators: values("3.2", 70)}
	for code, want := range map[string]float64{"1.1": 90, "3.1": 80, "3.2": 70} {
		if got := th.Indicator(code); got != want {
			t.Errorf("Indicator(%s) = %v, want %v", code, got, want)
		}
	}
	if th.Criterion("К1") != 90 || th.Criterion("К3") != 80 {
		t.Errorf("criteria thresholds = %v, %v", th.Criterion("К1"), th.Criterion("К3"))
	}
	if !Below(89.99, 90) || Below(90, 90) {
		t.Error("Below is wrong at the edge")
	}
	if err := th.Validate(); err != nil {
		t.Errorf("valid thresholds: %v", err)
	}
	bad := Thresholds{Default: 120, Criteria: values("К9", 50), Indicators: values("2.2", 50, "1.1", -5)}
	want := FieldErrors{"default": "nok.value.range", "criterion.К9": "nok.criterion.unknown",
		"indicator.2.2": "nok.indicator.unknown", "indicator.1.1": "nok.value.range"}
	if got := fieldsOf(bad.Validate()); !reflect.DeepEqual(got, want) {
		t.Errorf("Validate() = %v, want %v", got, want)
	}
}

func TestAssessmentMergeImport(t *testing.T) {
	saved := realistic()
	saved.ID, saved.Version, saved.DecisionNumber, saved.Proposals = 7, 3, "12", "Установить кулер"
	imported := Assessment{InstitutionID: 1, Year: 2025, Source: SourceImport, Operator: "АНО «Новый оператор»",
		Values: values("2.1", 80, "3.1", 60, "4.1", 95)} // 2.1 and 4.1 agree with the inputs, 3.1 does not
	m := MergeImport(saved, imported)
	if m.ID != 7 || m.Version != 3 || m.Operator != "АНО «Новый оператор»" || m.DecisionNumber != "12" || m.Proposals != "Установить кулер" {
		t.Errorf("merged header = %+v", m)
	}
	if _, ok := m.Conditions["3.1"]; ok {
		t.Error("3.1 conditions kept though the import says 60")
	}
	if len(m.Conditions["2.1"]) != 4 || m.Surveys["4.1"] != (Survey{200, 190}) || m.Info == nil || m.Surveys["5.3"].Respondents != 500 {
		t.Errorf("agreeing or untouched inputs dropped: %+v", m)
	}
	if err := m.Validate(); err != nil {
		t.Errorf("merged assessment: %v", err)
	}
	if v := Calculate(m).Indicator("3.1"); v.Value != 60 || v.FromInputs {
		t.Errorf("3.1 = %+v, want the imported 60", v)
	}
}
