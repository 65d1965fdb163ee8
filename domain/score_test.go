package domain

import (
	"math"
	"testing"
)

// realistic is a hand-checked assessment built from raw inputs only:
//
//	1.1 = 0.5·(9/10 + 18/20)·100 = 90        1.2 = 3 channels·30 = 90
//	1.3 = 0.5·(170/200 + 85/100)·100 = 85    К1 = 0.3·90 + 0.3·90 + 0.4·85 = 88
//	2.1 = 4 conditions·20 = 80               2.3 = 180/200·100 = 90
//	                                         К2 = 0.5·80 + 0.5·90 = 85
//	3.1 = 2·20 = 40   3.2 = 3·20 = 60        3.3 = 14/20·100 = 70
//	                                         К3 = 0.3·40 + 0.4·60 + 0.3·70 = 57
//	4.1 = 190/200 = 95  4.2 = 192/200 = 96   4.3 = 45/50 = 90
//	                                         К4 = 0.4·95 + 0.4·96 + 0.2·90 = 94.4
//	5.1 = 184/200 = 92  5.2 = 176/200 = 88   5.3 = 492/500 = 98.4
//	                                         К5 = 0.3·92 + 0.2·88 + 0.5·98.4 = 94.4
//	total = (88 + 85 + 57 + 94.4 + 94.4)/5 = 418.8/5 = 83.76
func realistic() Assessment {
	return Assessment{
		InstitutionID: 1, Year: 2025, Operator: "ООО «Оценка»",
		Info: &InfoCheck{StandFound: 9, StandNorm: 10, SiteFound: 18, SiteNorm: 20},
		Conditions: map[string][]string{
			"1.2": {"1.2.phone", "1.2.email", "1.2.eservices"},
			"2.1": {"2.1.navigation", "2.1.sanitary", "2.1.cleanliness", "2.1.transport"},
			"3.1": {"3.1.ramps", "3.1.parking"},
			"3.2": {"3.2.duplication", "3.2.site_version", "3.2.staff_help"},
		},
		Surveys: map[string]Survey{
			Part13Stand: {200, 170}, Part13Site: {100, 85},
			"2.3": {200, 180}, "3.3": {20, 14},
			"4.1": {200, 190}, "4.2": {200, 192}, "4.3": {50, 45},
			"5.1": {200, 184}, "5.2": {200, 176}, "5.3": {500, 492},
		},
	}
}

func values(kv ...any) map[string]float64 {
	m := map[string]float64{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = float64ish(kv[i+1])
	}
	return m
}

func float64ish(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	panic("not a number")
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreGolden(t *testing.T) {
	allHundred := values("1.1", 100, "1.2", 100, "1.3", 100, "2.1", 100, "2.3", 100, "3.1", 100, "3.2", 100,
		"3.3", 100, "4.1", 100, "4.2", 100, "4.3", 100, "5.1", 100, "5.2", 100, "5.3", 100)
	missing43 := realistic()
	delete(missing43.Surveys, "4.3")
	tests := []struct {
		name     string
		a        Assessment
		criteria [5]float64
		total    string
		complete bool
	}{
		{"realistic from inputs", realistic(), [5]float64{88, 85, 57, 94.4, 94.4}, "83,76", true},
		{
			// 1.2: 4 channels·30 = 120 → 100; 1.1 = 100; 1.3 = 0.5·(80/100 + 90/100)·100 = 85
			// К1 = 30 + 30 + 34 = 94
			// 2.1: 6·20 = 120 → 100; 2.3 = 80; К2 = 50 + 40 = 90
			// 3.1: 5·20 = 100; 3.2: 6·20 = 120 → 100; 3.3 = 50; К3 = 30 + 40 + 15 = 85
			// К4 = 100; К5 = 90; total = (94 + 90 + 85 + 100 + 90)/5 = 91.8
			"caps at 100",
			Assessment{
				Info: &InfoCheck{StandFound: 10, StandNorm: 10, SiteFound: 20, SiteNorm: 20},
				Conditions: map[string][]string{
					"1.2": {"1.2.phone", "1.2.email", "1.2.eservices", "1.2.faq"},
					"2.1": {"2.1.rest_zone", "2.1.navigation", "2.1.water", "2.1.sanitary", "2.1.cleanliness", "2.1.transport"},
					"3.1": {"3.1.ramps", "3.1.parking", "3.1.lifts", "3.1.wheelchairs", "3.1.toilets"},
					"3.2": {"3.2.duplication", "3.2.braille", "3.2.sign_language", "3.2.site_version", "3.2.staff_help", "3.2.remote"},
				},
				Surveys: map[string]Survey{Part13Stand: {100, 80}, Part13Site: {100, 90}},
				Values:  values("2.3", 80, "3.3", 50, "4.1", 100, "4.2", 100, "4.3", 100, "5.1", 90, "5.2", 90, "5.3", 90),
			},
			[5]float64{94, 90, 85, 100, 90}, "91,80", true,
		},
		{"perfect", Assessment{Values: allHundred}, [5]float64{100, 100, 100, 100, 100}, "100,00", true},
		{
			// 4.3 has no value (nobody used the distance channels): К4 is
			// re-normalised over 4.1 and 4.2: (0.4·95 + 0.4·96)/0.8 = 95.5;
			// total = (88 + 85 + 57 + 95.5 + 94.4)/5 = 419.9/5 = 83.98, incomplete.
			"a criterion with a missing value", missing43, [5]float64{88, 85, 57, 95.5, 94.4}, "83,98", false,
		},
		{
			// Only the operator's criteria: they stand in; total = 418.8/5 = 83.76.
			"published criteria only",
			Assessment{Criteria: values("К1", 88, "К2", 85, "К3", 57, "К4", 94.4, "К5", 94.4)},
			[5]float64{88, 85, 57, 94.4, 94.4}, "83,76", true,
		},
		{
			// Everything measured at zero: 0 satisfied of 100, no conditions, nothing on the stands.
			"zero",
			Assessment{
				Info:       &InfoCheck{StandFound: 0, StandNorm: 12, SiteFound: 0, SiteNorm: 30},
				Conditions: map[string][]string{"1.2": {}, "2.1": {}, "3.1": {}, "3.2": {}},
				Values:     values("1.3", 0, "2.3", 0, "3.3", 0, "4.1", 0, "4.2", 0, "4.3", 0, "5.1", 0, "5.2", 0, "5.3", 0),
			},
			[5]float64{0, 0, 0, 0, 0}, "0,00", true,
		},
		{
			// 1.1 = 0.5·(7/10 + 15/20)·100 = 72.5; К1 from 1.1 alone (re-normalised) = 72.5.
			// К2 … К5 unknown: the total is the mean of the one known criterion.
			"only one indicator known",
			Assessment{Info: &InfoCheck{StandFound: 7, StandNorm: 10, SiteFound: 15, SiteNorm: 20}},
			[5]float64{72.5, -1, -1, -1, -1}, "72,50", false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Calculate(tt.a)
			for i, want := range tt.criteria {
				c := s.Criteria[i]
				if want < 0 {
					if c.Known {
						t.Errorf("%s = %v, want unknown", c.Code, c.Value)
					}
					continue
				}
				if !c.Known || !near(c.Value, want) {
					t.Errorf("%s = %v (known %v), want %v", c.Code, c.Value, c.Known, want)
				}
			}
			if got := FormatScore(s.Total); !s.Known || got != tt.total {
				t.Errorf("total = %s (%v, known %v), want %s", got, s.Total, s.Known, tt.total)
			}
			if s.Complete != tt.complete {
				t.Errorf("complete = %v, want %v", s.Complete, tt.complete)
			}
		})
	}
}

func TestScoreIndicatorsFromInputs(t *testing.T) {
	s := Calculate(realistic())
	want := map[string]float64{"1.1": 90, "1.2": 90, "1.3": 85, "2.1": 80, "2.3": 90, "3.1": 40, "3.2": 60,
		"3.3": 70, "4.1": 95, "4.2": 96, "4.3": 90, "5.1": 92, "5.2": 88, "5.3": 98.4}
	for code, v := range want {
		got := s.Indicator(code)
		if !got.Known || !got.FromInputs || !near(got.Value, v) {
			t.Errorf("%s = %+v, want %v from inputs", code, got, v)
		}
	}
	if s.Indicator("2.2").Known {
		t.Error("2.2 is not a culture indicator")
	}
	// An entered value wins over the inputs (they agree here).
	a := realistic()
	a.Values = values("2.1", 80)
	if got := Calculate(a).Indicator("2.1"); got.FromInputs || !near(got.Value, 80) {
		t.Errorf("entered 2.1 = %+v", got)
	}
	// A partial criterion with a published value: the published one stands in.
	b := Assessment{Values: values("1.1", 50), Criteria: values("К1", 70)}
	if c := Calculate(b).Criterion("К1"); !c.Published || !near(c.Value, 70) {
		t.Errorf("К1 = %+v, want the published 70", c)
	}
	// A condition key of another indicator, or twice, counts nothing extra.
	ind, _ := LookupIndicator("2.1")
	if v := ConditionsValue(ind, []string{"2.1.water", "2.1.water", "3.1.ramps", "bogus"}); v != 20 {
		t.Errorf("ConditionsValue = %v, want 20", v)
	}
}

func TestFormatScore(t *testing.T) {
	sum := 0.0 // a sum at run time carries binary noise
	for _, k := range []float64{88, 85, 57, 94.4, 94.4} {
		sum += k
	}
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{0, "0,00"}, {100, "100,00"}, {83.76, "83,76"}, {83.755, "83,76"}, {83.754999, "83,75"},
		{200.0 / 3, "66,67"}, {91.8, "91,80"}, {sum / 5, "83,76"}, {0.005, "0,01"},
	} {
		if got := FormatScore(tt.v); got != tt.want {
			t.Errorf("FormatScore(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestNokDataIsConsistent(t *testing.T) {
	if len(NokIndicators()) != 14 {
		t.Errorf("%d indicators, want 14 (2.2 is not used for culture)", len(NokIndicators()))
	}
	for _, c := range NokCriteria() {
		sum := 0.0
		for _, code := range c.Indicators {
			in, ok := LookupIndicator(code)
			if !ok || in.Criterion != c.Code || in.Section != c.Section {
				t.Errorf("%s: indicator %s = %+v", c.Code, code, in)
			}
			sum += in.Weight
			if sec, ok := IndicatorSection(code); !ok || sec != c.Section {
				t.Errorf("%s is not in section %s of the plan form", code, c.Section)
			}
		}
		if !near(sum, 1) {
			t.Errorf("%s weights sum to %v", c.Code, sum)
		}
	}
	seen := map[string]bool{}
	for _, c := range AllConditions() {
		if seen[c.Key] {
			t.Errorf("condition %s twice", c.Key)
		}
		seen[c.Key] = true
		if in, ok := LookupIndicator(c.Indicator); !ok || (in.Kind != IndicatorConditions && in.Kind != IndicatorInfo) {
			t.Errorf("condition %s on %s", c.Key, c.Indicator)
		}
		if _, ok := measureFor(MeasureLibrary(), c.Indicator, c.Key); !ok {
			t.Errorf("no standard measure for condition %s", c.Key)
		}
	}
	for _, in := range NokIndicators() {
		m, ok := measureFor(MeasureLibrary(), in.Code, "")
		if !ok {
			t.Errorf("no standard measure for indicator %s", in.Code)
		} else if _, err := TemplateDeadline(m.Deadline, 2026); err != nil {
			t.Errorf("measure for %s: deadline %q: %v", in.Code, m.Deadline, err)
		}
		if in.Kind == IndicatorConditions && len(Conditions(in.Code))*int(in.PointsPer) < 100 {
			t.Errorf("%s cannot reach 100 with its conditions", in.Code)
		}
	}
	for _, want := range []string{"наличие и доступность питьевой воды",
		"возможность предоставления инвалидам по слуху (слуху и зрению) услуг сурдопереводчика (тифлосурдопереводчика)",
		"наличие альтернативной версии официального сайта организации в сети «Интернет» для инвалидов по зрению"} {
		found := false
		for _, c := range AllConditions() {
			found = found || c.Title == want
		}
		if !found {
			t.Errorf("no condition worded %q", want)
		}
	}
}
