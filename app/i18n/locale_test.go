package i18n

import (
	"testing"

	"planboard/domain"
)

// Deadlines and dates read as people write them, in both languages; an
// unknown language falls back to Russian.
func TestLocaleWordsDeadlines(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ru, en := cat.In("ru"), cat.In("en")
	if got := cat.In("de").Lang; got != "ru" {
		t.Errorf("unsupported language picked %q", got)
	}
	q2 := domain.QuarterDeadline(2027, 2)
	for _, c := range []struct {
		l    Locale
		d    domain.Deadline
		want string
	}{
		{ru, q2, "II квартал 2027"},
		{ru, domain.Deadline{Kind: domain.DeadlineOngoing}, "постоянно"},
		{ru, domain.Deadline{Kind: domain.DeadlineDate, Due: domain.NewDate(2027, 6, 30)}, "30.06.2027"},
		{en, domain.Deadline{Kind: domain.DeadlineDate, Due: domain.NewDate(2027, 6, 30)}, "30 Jun 2027"},
		{ru, domain.Deadline{}, "—"},
	} {
		if got := c.l.Deadline(c.d); got != c.want {
			t.Errorf("%s: %+v = %q, want %q", c.l.Lang, c.d, got, c.want)
		}
	}
	if got := ru.Size(3 << 19); got != ru.T("size.mb", "1,5") {
		t.Errorf("1.5 MB in Russian = %q", got)
	}
	if got := ru.TE("nonexistent.key"); got != "nonexistent.key" {
		t.Errorf("a missing key shows %q", got)
	}
}
