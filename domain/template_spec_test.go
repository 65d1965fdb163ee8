package domain

import (
	"testing"
	"time"
)

// A template keeps deadlines relative to the plan year: read back for
// another year they fall on the same quarter, month or day of that year.
func TestTemplateSpecRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		d    Deadline
		spec string
		next Deadline
	}{
		{QuarterDeadline(2027, 2), "Q2", QuarterDeadline(2030, 2)},
		{MonthDeadline(2027, time.December), "M12", MonthDeadline(2030, time.December)},
		{DateDeadline(NewDate(2027, 6, 30)), "--06-30", DateDeadline(NewDate(2030, 6, 30))},
		{Ongoing, "ongoing", Ongoing},
		{Deadline{}, "", Deadline{}},
	} {
		spec, same := tc.d.TemplateSpec(2027)
		if spec != tc.spec || !same {
			t.Errorf("%+v: spec %q %v, want %q", tc.d, spec, same, tc.spec)
		}
		got, err := TemplateDeadline(spec, 2030)
		if err != nil || got != tc.next {
			t.Errorf("TemplateDeadline(%q, 2030) = %+v %v, want %+v", spec, got, err, tc.next)
		}
	}
	if _, same := QuarterDeadline(2028, 1).TemplateSpec(2027); same {
		t.Error("a deadline in another year is reported as the plan year's")
	}
	if _, err := TemplateDeadline("--02-30", 2027); err == nil {
		t.Error("30 February accepted")
	}
}
