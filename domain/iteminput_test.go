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
