package storage_test

import (
	"context"
	"testing"

	"planboard/domain"
	"planboard/storage/pgtest"
)

func TestCalendarLayersStoredAndScoped(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	f := &domain.Founder{Name: "Министерство культуры"}
	if err := s.CreateFounder(ctx, f); err != nil {
		t.Fatal(err)
	}
	var insts []*domain.Institution
	for _, slug := range []string{"muzey-16", "teatr"} {
		in := &domain.Institution{FounderID: f.ID, Name: slug, Kind: domain.KindMuseum, Slug: slug, TimeZone: "Europe/Moscow"}
		if err := s.CreateInstitution(ctx, in); err != nil {
			t.Fatal(err)
		}
		insts = append(insts, in)
	}
	tat, other := insts[0].ID, insts[1].ID
	day := domain.NewDate(2026, 3, 10)
	// The same day twice in one call: the later one wins.
	if err := s.SaveCalendarDays(ctx, &domain.CalendarYear{Year: 2027, Source: "ПП"}, []domain.CalendarDay{
		{Date: day, Kind: domain.DayNonWorking, Note: "первая"}, {Date: day, Kind: domain.DayShortened, Note: "вторая"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRegionalHoliday(ctx, domain.RegionalHoliday{Region: "16", Date: domain.NewDate(2026, 8, 31), Name: "День Республики"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInstitutionRegion(ctx, tat, "16"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInstitutionRegion(ctx, tat, "bad code"); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("bad region: %v", err)
	}
	if err := s.SetInstitutionRegion(ctx, 999999, "16"); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("no such institution: %v", err)
	}
	l, err := s.CalendarAdmin(ctx)
	if err != nil || len(l.Days) != 1 || l.Days[0].Note != "вторая" || len(l.Years) != 1 || len(l.Holidays) != 1 {
		t.Fatalf("layers %+v, %v", l, err)
	}
	if !l.Federal.IsShortened(day) {
		t.Error("the correction is not in the federal calendar")
	}
	own := domain.Scope{InstitutionIDs: []int64{tat}}
	cal, err := s.InstitutionCalendar(ctx, own, tat)
	if err != nil || cal.IsWorkingDay(domain.NewDate(2026, 8, 31)) {
		t.Errorf("the region's holiday: %v", err)
	}
	if cal, err := s.InstitutionCalendar(ctx, domain.Scope{All: true}, other); err != nil || !cal.IsWorkingDay(domain.NewDate(2026, 8, 31)) {
		t.Errorf("another region's holiday applies: %v", err)
	}
	if _, err := s.InstitutionCalendar(ctx, own, other); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a foreign institution's calendar: %v", err)
	}
	if regions, err := s.InstitutionRegions(ctx, domain.Scope{InstitutionIDs: []int64{other}}); err != nil || len(regions) != 0 {
		t.Errorf("regions through a foreign scope: %v %v", regions, err)
	}
	if err := s.DeleteRegionalHoliday(ctx, "16", domain.NewDate(2026, 9, 1)); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("delete a missing holiday: %v", err)
	}
	if err := s.DeleteCalendarDay(ctx, day); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCalendarDay(ctx, day); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("delete twice: %v", err)
	}
}
