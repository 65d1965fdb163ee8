package service_test

import (
	"testing"

	"planboard/app/service"
	"planboard/domain"
)

// The production calendar is the admin's: everyone else is forbidden,
// typed days, decrees and holidays are checked, and a decree with a bad
// line stores nothing.
func TestWorkCalendar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin, director := e.as("admin@example.org"), e.as("director@example.org")
	day := service.CalendarDayForm{Date: " 2031-03-09 ", Kind: string(domain.DayNonWorking), Note: "перенос"}
	if _, err := e.svc.SaveCalendarDay(e.ctx, director, day); code(err) != domain.EForbidden {
		t.Errorf("a director's correction: %v", err)
	}
	if _, _, err := e.svc.SaveCalendarYear(e.ctx, director, service.CalendarYearForm{Year: "2031", Source: "x"}); code(err) != domain.EForbidden {
		t.Errorf("a director's decree: %v", err)
	}
	if _, err := e.svc.SetInstitutionRegion(e.ctx, director, e.museum.ID, "RU-MOW"); code(err) != domain.EForbidden {
		t.Errorf("a director's region: %v", err)
	}
	for _, bad := range []service.CalendarDayForm{{Date: "31.02.2031", Kind: "working"}, {Date: "2031-03-09", Kind: "holiday?"},
		{Date: "2031-03-09", Kind: "working", Note: "a\u200bb"}} {
		if _, err := e.svc.SaveCalendarDay(e.ctx, admin, bad); code(err) != domain.EInvalid {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	got, err := e.svc.SaveCalendarDay(e.ctx, admin, day)
	if err != nil || got.Date != domain.NewDate(2031, 3, 9) || got.Note != "перенос" {
		t.Fatalf("save day: %+v %v", got, err)
	}
	layers, _ := e.store.CalendarAdmin(e.ctx)
	if k := layers.Federal.Day(got.Date).Kind; k != domain.DayNonWorking {
		t.Errorf("the corrected day is %q", k)
	}
	if _, err := e.svc.DeleteCalendarDay(e.ctx, admin, "no date"); code(err) != domain.ENotFound {
		t.Errorf("delete no date: %v", err)
	}
	if d, err := e.svc.DeleteCalendarDay(e.ctx, admin, "2031-03-09"); err != nil || d != got.Date {
		t.Errorf("delete: %v %v", d, err)
	}

	if y, _, err := e.svc.SaveCalendarYear(e.ctx, admin, service.CalendarYearForm{Year: "1999", Source: "x"}); code(err) != domain.EInvalid || y != 0 {
		t.Errorf("year 1999: %d %v", y, err)
	}
	if y, _, err := e.svc.SaveCalendarYear(e.ctx, admin, service.CalendarYearForm{Year: "2032", Source: ""}); code(err) != domain.EInvalid || y != 2032 {
		t.Errorf("no source: %d %v", y, err)
	}
	mixed := service.CalendarYearForm{Year: "2032", Source: "Постановление № 1", Lines: "2032-01-09 non_working\n2033-01-10 working"}
	if _, _, err := e.svc.SaveCalendarYear(e.ctx, admin, mixed); code(err) != domain.EInvalid {
		t.Errorf("another year's line: %v", err)
	}
	if layers, _ := e.store.CalendarAdmin(e.ctx); len(layers.Years) != 0 || len(layers.Days) != 0 {
		t.Errorf("a refused decree stored %+v %+v", layers.Years, layers.Days)
	}
	mixed.Lines = "2032-01-09 non_working перенос\r\n2032-01-10 working"
	if y, n, err := e.svc.SaveCalendarYear(e.ctx, admin, mixed); err != nil || y != 2032 || n != 2 {
		t.Fatalf("decree: %d %d %v", y, n, err)
	}
	if layers, _ := e.store.CalendarAdmin(e.ctx); len(layers.Years) != 1 || len(layers.Days) != 2 {
		t.Errorf("stored %+v %+v", layers.Years, layers.Days)
	}

	h, err := e.svc.SaveRegionalHoliday(e.ctx, admin, service.RegionalHolidayForm{Region: "мск", Date: "2032-13-01", Name: ""})
	var ve *domain.ValidationError
	if !asValidation(err, &ve) || ve.Fields["region"] == "" || ve.Fields["hdate"] == "" || ve.Fields["hname"] == "" {
		t.Errorf("bad holiday: %+v %v", h, err)
	}
	if h, err = e.svc.SaveRegionalHoliday(e.ctx, admin, service.RegionalHolidayForm{Region: "ru-ta", Date: "30.08.2032", Name: " День республики "}); err != nil ||
		h.Region != "RU-TA" || h.Name != "День республики" {
		t.Fatalf("holiday: %+v %v", h, err)
	}
	if _, err := e.svc.DeleteRegionalHoliday(e.ctx, admin, "RU-TA", "no date"); code(err) != domain.ENotFound {
		t.Errorf("delete holiday without a date: %v", err)
	}
	if _, err := e.svc.DeleteRegionalHoliday(e.ctx, admin, "ru-ta", "2032-08-30"); err != nil {
		t.Errorf("delete holiday: %v", err)
	}
	if _, err := e.svc.SetInstitutionRegion(e.ctx, admin, e.museum.ID, "не регион"); code(err) != domain.EInvalid {
		t.Errorf("bad region: %v", err)
	}
	if r, err := e.svc.SetInstitutionRegion(e.ctx, admin, e.museum.ID, " ru-ta "); err != nil || r != "RU-TA" {
		t.Errorf("region: %q %v", r, err)
	}
	if regions, _ := e.store.InstitutionRegions(e.ctx, domain.Scope{All: true}); regions[e.museum.ID] != "RU-TA" {
		t.Errorf("regions %v", regions)
	}
}
