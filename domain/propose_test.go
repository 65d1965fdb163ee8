package domain

import (
	"reflect"
	"strings"
	"testing"
)

func TestProposeItems(t *testing.T) {
	lib := MeasureLibrary()
	items, err := ProposeItems(realistic(), Thresholds{Default: 90}, lib, 2026)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for i, it := range items {
		order = append(order, it.Indicator)
		if it.Position != i+1 || it.Status != StatusPlanned || it.Measure == "" || it.Deficiency == "" {
			t.Errorf("item %d = %+v", i+1, it)
		}
		if sec, _ := IndicatorSection(it.Indicator); sec != it.Section {
			t.Errorf("item %s in section %s", it.Indicator, it.Section)
		}
	}
	// Under 90 first (1.3 85, 2.1 80, 3.1 40, 3.2 60, 3.3 70, 5.2 88), then the
	// rest below 100 in code order; nothing is at 100 in this assessment.
	want := []string{"1.3", "2.1", "3.1", "3.2", "3.3", "5.2", "1.1", "1.2", "2.3", "4.1", "4.2", "4.3", "5.1", "5.3"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order = %v, want %v", order, want)
	}
	byInd := map[string]Item{}
	for _, it := range items {
		byInd[it.Indicator] = it
	}
	comfort := byInd["2.1"]
	if comfort.Priority != 1 || byInd["1.1"].Priority != 2 {
		t.Errorf("priorities 2.1 = %d, 1.1 = %d", comfort.Priority, byInd["1.1"].Priority)
	}
	if comfort.Deadline != QuarterDeadline(2026, 3) || comfort.OriginalDeadline != comfort.Deadline {
		t.Errorf("2.1 deadline = %+v", comfort.Deadline)
	}
	for _, s := range []string{"Показатель 2.1", "80,00 из 100 баллов, ниже порогового значения 90,00",
		"Не обеспечены условия: наличие комфортной зоны отдыха", "наличие и доступность питьевой воды"} {
		if !strings.Contains(comfort.Deficiency, s) {
			t.Errorf("2.1 deficiency %q lacks %q", comfort.Deficiency, s)
		}
	}
	if got := ItemConditions(comfort); !reflect.DeepEqual(got, []string{"2.1.rest_zone", "2.1.water", "2.1.booking"}) {
		t.Errorf("2.1 conditions = %v", got)
	}
	if p := comfort.Checklist[1].Text; !strings.HasPrefix(p, "Установить кулер с питьевой водой") || !strings.Contains(p, "(наличие и доступность питьевой воды)") {
		t.Errorf("2.1 water point = %q", p)
	}
	if got := ItemConditions(byInd["3.2"]); !reflect.DeepEqual(got, []string{"3.2.braille", "3.2.sign_language", "3.2.remote"}) {
		t.Errorf("3.2 conditions = %v", got)
	}
	info := byInd["1.1"]
	if !strings.Contains(info.Deficiency, "На информационных стендах размещено 9 из 10 требуемых материалов; на официальном сайте размещено 18 из 20") ||
		!reflect.DeepEqual(ItemConditions(info), []string{Cond11Stand, Cond11Site}) {
		t.Errorf("1.1 item = %q, %v", info.Deficiency, ItemConditions(info))
	}
	polite := byInd["4.1"]
	if !strings.Contains(polite.Deficiency, "Удовлетворены 190 из 200 опрошенных") || len(ItemConditions(polite)) != 0 || len(polite.Checklist) == 0 {
		t.Errorf("4.1 item = %+v", polite)
	}
	if !strings.Contains(byInd["1.3"].Deficiency, "Удовлетворены 170 из 200 и 85 из 100 опрошенных") {
		t.Errorf("1.3 deficiency = %q", byInd["1.3"].Deficiency)
	}

	// Every proposed item done: the counted indicators reach 100.
	// К1 = 30 + 30 + 34 = 94, К2 = 50 + 45 = 95, К3 = 30 + 40 + 21 = 91,
	// К4 = К5 = 94.4; total = 468.8/5 = 93.76.
	for i := range items {
		items[i].ID, items[i].Status = int64(i+1), StatusDone
	}
	if got := FormatScore(ProjectPlan(realistic(), items, ForecastInput{}).Today.Total); got != "93,76" {
		t.Errorf("score with every proposal done = %s, want 93,76", got)
	}
}

func TestProposeItemsCases(t *testing.T) {
	lib := MeasureLibrary()
	tests := []struct {
		name    string
		a       Assessment
		th      Thresholds
		order   []string
		checkFn func(t *testing.T, items []Item)
	}{
		{"perfect: nothing to propose", Assessment{Values: values("1.1", 100, "2.1", 100, "5.3", 100)}, Thresholds{Default: 90}, nil, nil},
		{"no threshold: code order, normal priority", Assessment{Values: values("5.1", 50, "1.3", 99, "3.3", 10)}, Thresholds{},
			[]string{"1.3", "3.3", "5.1"}, func(t *testing.T, items []Item) {
				for _, it := range items {
					if it.Priority != 2 || strings.Contains(it.Deficiency, "порогового") {
						t.Errorf("%s: priority %d, %q", it.Indicator, it.Priority, it.Deficiency)
					}
				}
			}},
		{"indicator thresholds override", Assessment{Values: values("4.1", 85, "4.2", 95)},
			Thresholds{Default: 80, Indicators: values("4.2", 98)}, []string{"4.2", "4.1"}, nil},
		{"unknown set: every condition proposed", Assessment{Values: values("2.1", 60)}, Thresholds{Default: 90},
			[]string{"2.1"}, func(t *testing.T, items []Item) {
				it := items[0]
				if len(ItemConditions(it)) != len(Conditions("2.1")) || !strings.Contains(it.Deficiency, "не хватает 40,00 баллов (по 20,00 за каждое условие") {
					t.Errorf("item = %q, %v", it.Deficiency, ItemConditions(it))
				}
			}},
		{"channels", Assessment{Conditions: map[string][]string{"1.2": {"1.2.phone", "1.2.email"}}}, Thresholds{Default: 90},
			[]string{"1.2"}, func(t *testing.T, items []Item) {
				if d := items[0].Deficiency; !strings.Contains(d, "60,00 из 100") || !strings.Contains(d, "Не обеспечены дистанционные способы взаимодействия: электронных сервисов") {
					t.Errorf("1.2 deficiency = %q", d)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := ProposeItems(tt.a, tt.th, lib, 2026)
			if err != nil {
				t.Fatal(err)
			}
			var order []string
			for _, it := range items {
				order = append(order, it.Indicator)
			}
			if !reflect.DeepEqual(order, tt.order) {
				t.Errorf("order = %v, want %v", order, tt.order)
			}
			if tt.checkFn != nil && len(items) > 0 {
				tt.checkFn(t, items)
			}
		})
	}
	if _, err := ProposeItems(Assessment{Values: values("2.1", 60)}, Thresholds{}, nil, 2026); err == nil {
		t.Error("an empty library proposed a measure")
	}
	broken := []StandardMeasure{{Indicator: "2.1", Measure: "м", Deadline: "Q9"}}
	if _, err := ProposeItems(Assessment{Values: values("2.1", 60)}, Thresholds{}, broken, 2026); err == nil {
		t.Error("a bad deadline in the library went unnoticed")
	}
}
