package domain

import (
	"reflect"
	"testing"
)

func TestParseRemindOffsets(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
	}{
		{"7, 3, 1, 0", []int{7, 3, 1, 0}},
		{"0;1 1,14", []int{14, 1, 0}},
		{"", nil},
		{"-1", nil},
		{"367", nil},
		{"a", nil},
		{"1,2,3,4,5,6,7,8,9,10,11", nil},
	} {
		got, err := ParseRemindOffsets("offsets", c.in)
		if !reflect.DeepEqual(got, c.want) || (c.want == nil) != (err != nil) {
			t.Errorf("%q: %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestMailRulesValidate(t *testing.T) {
	ok := MailRules{RemindOffsets: []int{3}, OverdueEvery: 3, EscalateDirector: 3, EscalateFounder: 14}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid rules refused: %v", err)
	}
	bad := ok
	bad.EscalateFounder = 2
	if err := bad.Validate(); err == nil {
		t.Error("founder before director accepted")
	}
}
