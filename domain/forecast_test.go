package domain

import (
	"reflect"
	"strings"
	"testing"
)

func TestForecast(t *testing.T) {
	tests := []struct {
		name  string
		a     Assessment
		in    ForecastInput
		check map[string]float64 // indicator or criterion → value
		total string
	}{
		// 2.1: 80 + 20 = 100; К2 = 0.5·100 + 0.5·90 = 95; total = (88+95+57+94.4+94.4)/5 = 85.76
		{"one comfort condition", realistic(), ForecastInput{Provided: []string{"2.1.water"}},
			map[string]float64{"2.1": 100, "К2": 95}, "85,76"},
		// К3 = 0.3·100 + 0.4·100 + 0.3·70 = 91; total = 452.8/5 = 90.56
		{"every accessibility condition", realistic(), ForecastInput{Provided: []string{"3.1.lifts", "3.1.wheelchairs",
			"3.1.toilets", "3.2.braille", "3.2.sign_language", "3.2.remote"}},
			map[string]float64{"3.1": 100, "3.2": 100, "К3": 91}, "90,56"},
		{"a condition already present adds nothing", realistic(), ForecastInput{Provided: []string{"2.1.navigation", "2.1.navigation"}},
			map[string]float64{"2.1": 80}, "83,76"},
		// 1.2: 90 + 60 = 150 → 100; К1 = 27 + 30 + 34 = 91; total = 421.8/5 = 84.36
		{"channels capped at 100", realistic(), ForecastInput{Provided: []string{"1.2.faq", "1.2.opinion"}},
			map[string]float64{"1.2": 100, "К1": 91}, "84,36"},
		// 1.1 = 0.5·(10/10 + 18/20)·100 = 95; К1 = 28.5 + 27 + 34 = 89.5; total = 420.3/5 = 84.06
		{"the stands completed", realistic(), ForecastInput{Provided: []string{Cond11Stand}},
			map[string]float64{"1.1": 95, "К1": 89.5}, "84,06"},
		// 4.3 = 50/50 = 100; К4 = 38 + 38.4 + 20 = 96.4; total = 420.8/5 = 84.16
		{"new survey figures", realistic(), ForecastInput{Surveys: map[string]Survey{"4.3": {50, 50}}},
			map[string]float64{"4.3": 100, "К4": 96.4}, "84,16"},
		// 5.3 = 100; К5 = 27.6 + 17.6 + 50 = 95.2; total = 419.6/5 = 83.92
		{"a new survey value", realistic(), ForecastInput{Values: values("5.3", 100)},
			map[string]float64{"5.3": 100, "К5": 95.2}, "83,92"},
		{"survey indicators stay as measured", realistic(), ForecastInput{Provided: []string{"4.1.bogus"}},
			map[string]float64{"4.1": 95}, "83,76"},
		// Only the value is known: each provided condition adds 20, at most 100; К2 = 0.5·100 + 0.5·90 = 95
		{"value only, set unknown", Assessment{Values: values("2.1", 60, "2.3", 90)},
			ForecastInput{Provided: []string{"2.1.water", "2.1.booking", "2.1.rest_zone"}},
			map[string]float64{"2.1": 100, "К2": 95}, "95,00"},
		// 1.1 = 80 known alone, halves taken as equal: the stands complete give 80 + 20/2 = 90
		{"1.1 value only", Assessment{Values: values("1.1", 80)}, ForecastInput{Provided: []string{Cond11Stand}},
			map[string]float64{"1.1": 90}, "90,00"},
		// К2 was published as 70 (2.3 missing): it moves by 0.5·(100 − 60) = 20 → 90
		{"a published criterion moves", Assessment{Values: values("2.1", 60), Criteria: values("К2", 70)},
			ForecastInput{Provided: []string{"2.1.water", "2.1.booking"}},
			map[string]float64{"2.1": 100, "К2": 90}, "90,00"},
		{"an indicator without a value stays without", Assessment{Values: values("2.3", 90)},
			ForecastInput{Provided: []string{"2.1.water"}}, map[string]float64{"К2": 90}, "90,00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Forecast(tt.a, tt.in)
			for code, want := range tt.check {
				var got float64
				var known bool
				if strings.HasPrefix(code, "К") {
					c := s.Criterion(code)
					got, known = c.Value, c.Known
				} else {
					i := s.Indicator(code)
					got, known = i.Value, i.Known
				}
				if !known || !near(got, want) {
					t.Errorf("%s = %v (known %v), want %v", code, got, known, want)
				}
			}
			if got := FormatScore(s.Total); got != tt.total {
				t.Errorf("total = %s, want %s", got, tt.total)
			}
		})
	}
	if s := Forecast(Assessment{Values: values("2.3", 90)}, ForecastInput{Provided: []string{"2.1.water"}}); s.Indicator("2.1").Known {
		t.Error("2.1 without a value got one from the forecast")
	}
}

func TestForecastConditionPoints(t *testing.T) {
	pts := ConditionPoints(realistic(), nil)
	want := map[string]float64{
		// 0.3 (weight in К1) · 5 (1.1 gains) / 5 (criteria)
		Cond11Stand: 0.3, Cond11Site: 0.3,
		// 1.2 is at 90: one more channel adds 10 of its 30 points
		"1.2.faq": 0.6, "1.2.opinion": 0.6, "1.2.other": 0.6,
		// 0.5 · 20 / 5
		"2.1.rest_zone": 2, "2.1.water": 2, "2.1.booking": 2,
		// 0.3 · 20 / 5
		"3.1.lifts": 1.2, "3.1.wheelchairs": 1.2, "3.1.toilets": 1.2,
		// 0.4 · 20 / 5
		"3.2.braille": 1.6, "3.2.sign_language": 1.6, "3.2.remote": 1.6,
	}
	if len(pts) != len(want) {
		t.Errorf("ConditionPoints = %v", pts)
	}
	for k, w := range want {
		if !near(pts[k], w) {
			t.Errorf("%s worth %v, want %v", k, pts[k], w)
		}
	}
	if _, ok := ConditionPoints(realistic(), []string{"1.2.faq"})["1.2.opinion"]; ok {
		t.Error("a channel over the cap is worth something")
	}
	if w := Worth(realistic(), []string{"2.1.water"}, []string{"2.1.booking"}); !near(w, 0) {
		t.Errorf("2.1 already at 100: worth %v", w)
	}
	if w := Worth(realistic(), nil, []string{"2.1.water", "3.1.lifts"}); !near(w, 3.2) {
		t.Errorf("water and lifts worth %v, want 3.2", w)
	}
}

func TestForecastProjectPlan(t *testing.T) {
	pt := func(key string) []ChecklistPoint {
		return []ChecklistPoint{{Text: "п", ConditionKey: key}, {Text: "без условия"}}
	}
	items := []Item{
		{ID: 1, Status: StatusDone, Checklist: pt("2.1.water")},
		{ID: 2, Status: StatusInProgress, Checklist: pt("3.1.lifts")},
		{ID: 3, Status: StatusCancelled, Checklist: pt("3.1.toilets")},
		{ID: 4, Status: StatusPlanned},
		{ID: 5, Status: StatusNotDone, Checklist: pt("3.2.braille")},
	}
	p := ProjectPlan(realistic(), items, ForecastInput{})
	// today: water → 85.76; forecast: water and lifts → К3 = 18 + 24 + 21 = 63 → 434.8/5 = 86.96
	if got := []string{FormatScore(p.Assessed.Total), FormatScore(p.Today.Total), FormatScore(p.Forecast.Total)}; !reflect.DeepEqual(got, []string{"83,76", "85,76", "86,96"}) {
		t.Errorf("assessed, today, forecast = %v", got)
	}
	if want := map[int64]float64{2: 1.2, 4: 0}; len(p.ItemPoints) != 2 || !near(p.ItemPoints[2], want[2]) || !near(p.ItemPoints[4], 0) {
		t.Errorf("item points = %v, want %v", p.ItemPoints, want)
	}
	if got := ItemConditions(Item{Checklist: []ChecklistPoint{{ConditionKey: "3.1.lifts"}, {ConditionKey: "3.1.lifts"}, {ConditionKey: "x"}}}); !reflect.DeepEqual(got, []string{"3.1.lifts"}) {
		t.Errorf("ItemConditions = %v", got)
	}
}
