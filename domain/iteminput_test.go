package domain

import (
	"strings"
	"testing"
)

// The limits count characters, not bytes: 5,000 Cyrillic letters are a
// valid measure (10,000 bytes), 5,001 are not.
func TestItemInputCountsCharacters(t *testing.T) {
	for _, tc := range []struct {
		measure string
		ok      bool
	}{
		{strings.Repeat("я", MaxMeasureLen), true},
		{strings.Repeat("я", MaxMeasureLen+1), false},
		{strings.Repeat("a", MaxMeasureLen), true},
		{"", false},
	} {
		it := Item{}
		_, fe := ItemInput{Section: "1", Measure: tc.measure, Deadline: "постоянно", Checklist: "• первый\n\n- второй "}.ApplyTo(&it, nil, nil)
		if got := fe["measure"] == ""; got != tc.ok {
			t.Errorf("measure of %d characters: ok = %v, want %v (%v)", len([]rune(tc.measure)), got, tc.ok, fe)
		}
	}
	it := Item{}
	f, fe := ItemInput{Section: "1", Measure: "Мера", Checklist: "• первый\n\n- второй ", CoAssignees: []string{"7", "8", "x"}, Assignee: "7"}.
		ApplyTo(&it, []Member{{User: User{ID: 7, FullName: "А"}}, {User: User{ID: 8, FullName: "Б"}}}, nil)
	if len(fe) != 0 || strings.Join(f.Points, "|") != "первый|второй" || len(f.CoAssignees) != 1 || f.CoAssignees[0] != 8 || it.AssigneeID != 7 {
		t.Errorf("fields %+v, errors %v, assignee %d", f, fe, it.AssigneeID)
	}
}

// A point's НОК condition: kept by text when the form sends none, set by
// the form's map, refused when unknown; AddCondition adds a worded point
// once.
func TestItemInputPointConditions(t *testing.T) {
	it := Item{Checklist: []ChecklistPoint{{Text: "Кулер", ConditionKey: "2.1.water"}, {Text: "Схема"}}}
	f, fe := ItemInput{Section: "2", Measure: "Мера", Checklist: "Кулер\nСхема\nНовый"}.ApplyTo(&it, nil, nil)
	if len(fe) != 0 || strings.Join(f.Conditions, "|") != "2.1.water||" {
		t.Errorf("kept by text: %q %v", f.Conditions, fe)
	}
	f, fe = ItemInput{Section: "2", Measure: "Мера", Checklist: "Кулер\nСхема",
		PointConditions: map[string]string{"Схема": "2.1.navigation"}}.ApplyTo(&it, nil, nil)
	if len(fe) != 0 || strings.Join(f.Conditions, "|") != "|2.1.navigation" {
		t.Errorf("set by the form: %q %v", f.Conditions, fe)
	}
	_, fe = ItemInput{Section: "2", Measure: "Мера", Checklist: "Кулер", PointConditions: map[string]string{"Кулер": "9.9.x"}}.ApplyTo(&it, nil, nil)
	if fe["point_cond"] != "item.condition_unknown" {
		t.Errorf("unknown key: %v", fe)
	}
	f, fe = ItemInput{Section: "2", Measure: "Мера", Checklist: "Схема", AddCondition: "2.1.water"}.ApplyTo(&Item{}, nil, nil)
	if len(fe) != 0 || len(f.Points) != 2 || f.Conditions[1] != "2.1.water" || !strings.Contains(f.Points[1], "питьевой воды") {
		t.Errorf("added: %q %q %v", f.Points, f.Conditions, fe)
	}
	f, _ = ItemInput{Section: "2", Measure: "Мера", Checklist: "Кулер", AddCondition: "2.1.water"}.ApplyTo(&it, nil, nil)
	if len(f.Points) != 1 {
		t.Errorf("added twice: %q", f.Points)
	}
}
