package service

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"planboard/domain"
)

// WorkCalendarStore is what the admin's production calendar needs: the
// corrections of the federal calendar, the regions' holidays and the
// regions institutions keep (the admin's, no scope).
type WorkCalendarStore interface {
	SaveCalendarDays(ctx context.Context, year *domain.CalendarYear, days []domain.CalendarDay) error
	DeleteCalendarDay(ctx context.Context, day domain.Date) error
	SaveRegionalHoliday(ctx context.Context, h domain.RegionalHoliday) error
	DeleteRegionalHoliday(ctx context.Context, region string, day domain.Date) error
	SetInstitutionRegion(ctx context.Context, id int64, region string) error
}

// CalendarDayForm is a correction of one day as typed: its date
// (YYYY-MM-DD or DD.MM.YYYY), kind and note.
type CalendarDayForm struct{ Date, Kind, Note string }

// readCalendarDay checks a day typed in the form: its date, kind and note.
func readCalendarDay(dateField, date, kind, note string) (domain.CalendarDay, error) {
	d, ok := domain.ParseCalendarDate(date)
	if !ok {
		return domain.CalendarDay{}, domain.FieldError(dateField, "calendar.date.invalid")
	}
	k, ok := domain.ParseDayKind(kind)
	if !ok {
		return domain.CalendarDay{}, domain.FieldError("kind", "error.invalid_value")
	}
	if !domain.ValidLine(note) {
		return domain.CalendarDay{}, domain.FieldError("note", domain.MsgInvisible)
	}
	if utf8.RuneCountInString(note) > 500 {
		return domain.CalendarDay{}, domain.FieldError("note", "calendar.note.too_long")
	}
	return domain.CalendarDay{Date: d, Kind: k, Note: note}, nil
}

// SaveCalendarDay stores the admin's correction of one day. Errors:
// EForbidden, EInvalid ("date", "kind", "note").
func (s *Service) SaveCalendarDay(ctx context.Context, who Caller, in CalendarDayForm) (domain.CalendarDay, error) {
	if err := who.administer(); err != nil {
		return domain.CalendarDay{}, err
	}
	day, err := readCalendarDay("date", strings.TrimSpace(in.Date), in.Kind, strings.TrimSpace(in.Note))
	if err != nil {
		return day, err
	}
	return day, s.store.SaveCalendarDays(ctx, nil, []domain.CalendarDay{day})
}

// DeleteCalendarDay removes the admin's correction of a day. Errors:
// EForbidden, ENotFound (no date).
func (s *Service) DeleteCalendarDay(ctx context.Context, who Caller, date string) (domain.Date, error) {
	if err := who.administer(); err != nil {
		return domain.Date{}, err
	}
	d, ok := domain.ParseCalendarDate(date)
	if !ok {
		return d, domain.ErrNotFound
	}
	return d, s.store.DeleteCalendarDay(ctx, d)
}

// CalendarYearForm is a year's decree as typed: the year, the decree it
// comes from, and its days one per line ("YYYY-MM-DD kind note").
type CalendarYearForm struct{ Year, Source, Lines string }

// SaveCalendarYear adds a year's decree: the year is marked published (the
// Labour Code's automatic transfers stop) and its days are stored; nothing
// is stored when a line is bad. It returns the year (0 when it is no year)
// and how many days were stored. Errors: EForbidden, EInvalid ("year",
// "source", "lines").
func (s *Service) SaveCalendarYear(ctx context.Context, who Caller, in CalendarYearForm) (int, int, error) {
	if err := who.administer(); err != nil {
		return 0, 0, err
	}
	in.Source, in.Lines = strings.TrimSpace(in.Source), domain.CleanMultiline(in.Lines)
	year, err := strconv.Atoi(strings.TrimSpace(in.Year))
	if err != nil || year < 2000 || year > 2100 {
		return 0, 0, domain.FieldError("year", "calendar.year.invalid")
	}
	if !domain.ValidLine(in.Source) {
		return year, 0, domain.FieldError("source", domain.MsgInvisible)
	}
	if in.Source == "" || utf8.RuneCountInString(in.Source) > 500 {
		return year, 0, domain.FieldError("source", "calendar.source.required")
	}
	years, days, err := domain.ParseCalendarLines(in.Lines)
	if err == nil && len(years) > 0 {
		err = domain.FieldError("lines", "calendar.lines.invalid")
	}
	for _, d := range days {
		if err == nil && (d.Date.Year != year || utf8.RuneCountInString(d.Note) > 500) {
			err = domain.FieldError("lines", "calendar.lines.other_year")
		}
	}
	if err != nil {
		if _, ok := err.(*domain.Error); !ok {
			err = domain.FieldError("lines", "calendar.lines.invalid")
		}
		return year, 0, err
	}
	return year, len(days), s.store.SaveCalendarDays(ctx, &domain.CalendarYear{Year: year, Source: in.Source}, days)
}

// RegionalHolidayForm is a region's holiday as typed.
type RegionalHolidayForm struct{ Region, Date, Name string }

// SaveRegionalHoliday adds a region's holiday; the holiday is returned as
// stored, or as read when refused (its name cleaned). Errors: EForbidden,
// *domain.ValidationError ("region", "hdate", "hname").
func (s *Service) SaveRegionalHoliday(ctx context.Context, who Caller, in RegionalHolidayForm) (domain.RegionalHoliday, error) {
	if err := who.administer(); err != nil {
		return domain.RegionalHoliday{}, err
	}
	var errs domain.FieldErrors
	name := errs.Line("hname", strings.TrimSpace(in.Name))
	region, err := domain.NormalizeRegion("region", in.Region)
	if err != nil || region == "" {
		errs.Add("region", "calendar.region.invalid")
	}
	d, ok := domain.ParseCalendarDate(strings.TrimSpace(in.Date))
	if !ok {
		errs.Add("hdate", "calendar.date.invalid")
	}
	if name == "" || utf8.RuneCountInString(name) > 500 {
		errs.Add("hname", "calendar.name.required")
	}
	h := domain.RegionalHoliday{Region: region, Date: d, Name: name}
	if err := errs.Err(); err != nil {
		return h, err
	}
	return h, s.store.SaveRegionalHoliday(ctx, h)
}

// DeleteRegionalHoliday removes a region's holiday. Errors: EForbidden,
// ENotFound (no region or date).
func (s *Service) DeleteRegionalHoliday(ctx context.Context, who Caller, region, date string) (domain.RegionalHoliday, error) {
	if err := who.administer(); err != nil {
		return domain.RegionalHoliday{}, err
	}
	r, err := domain.NormalizeRegion("region", region)
	d, ok := domain.ParseCalendarDate(date)
	if err != nil || !ok {
		return domain.RegionalHoliday{}, domain.ErrNotFound
	}
	return domain.RegionalHoliday{Region: r, Date: d}, s.store.DeleteRegionalHoliday(ctx, r, d)
}

// SetInstitutionRegion sets the region whose holidays an institution
// keeps ("" for none) and returns it as stored. Errors: EForbidden,
// EInvalid ("inst_region"), ENotFound.
func (s *Service) SetInstitutionRegion(ctx context.Context, who Caller, institutionID int64, region string) (string, error) {
	if err := who.administer(); err != nil {
		return "", err
	}
	r, err := domain.NormalizeRegion("inst_region", region)
	if err != nil {
		return "", err
	}
	return r, s.store.SetInstitutionRegion(ctx, institutionID, r)
}
