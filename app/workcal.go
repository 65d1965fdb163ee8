package app

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// CalendarStore is what the production calendar's pages need: the admin's
// corrections and regions' holidays (admin only, no scope), and an
// institution's calendar through the scope (for the item form).
type CalendarStore interface {
	CalendarAdmin(ctx context.Context) (domain.CalendarLayers, error)
	SaveCalendarDays(ctx context.Context, year *domain.CalendarYear, days []domain.CalendarDay) error
	DeleteCalendarDay(ctx context.Context, day domain.Date) error
	SaveRegionalHoliday(ctx context.Context, h domain.RegionalHoliday) error
	DeleteRegionalHoliday(ctx context.Context, region string, day domain.Date) error
	InstitutionRegions(ctx context.Context, sc domain.Scope) (map[int64]string, error)
	SetInstitutionRegion(ctx context.Context, id int64, region string) error
	InstitutionCalendar(ctx context.Context, sc domain.Scope, id int64) (*domain.Calendar, error)
}

// calendarForm is what the admin typed, kept when a form is refused.
type calendarForm struct {
	Date, Kind, Note     string // a day
	Year, Source, Lines  string // a year's decree
	Region, HDate, HName string // a regional holiday
	InstitutionID        int64
	InstRegion           string
}

type adminCalendarPage struct {
	Page
	Year         int
	Source       string
	Published    bool
	Special      []domain.CalendarDay
	Layers       domain.CalendarLayers
	Institutions []domain.Institution
	Regions      map[int64]string
	Kinds        []domain.DayKind
	Form         calendarForm
	Errs         formErrs
}

// PrevYear is the year before the one shown.
func (p adminCalendarPage) PrevYear() int { return p.Year - 1 }

// NextYear is the year after the one shown.
func (p adminCalendarPage) NextYear() int { return p.Year + 1 }

// Weekday names the day of the week of d.
func (p adminCalendarPage) Weekday(d domain.Date) string {
	return p.T("calendar.weekday." + strconv.Itoa(int(d.Weekday())))
}

// Region returns the region an institution keeps, "" for none.
func (p adminCalendarPage) Region(id int64) string { return p.Regions[id] }

// showAdminCalendar shows a year of the federal calendar (?year=, default
// the current one) with the admin's corrections and the regions' holidays.
func (a *App) showAdminCalendar(c *fiber.Ctx) error {
	year, _ := strconv.Atoi(c.Query("year"))
	return a.renderAdminCalendar(c, fiber.StatusOK, year, calendarForm{}, nil)
}

func (a *App) renderAdminCalendar(c *fiber.Ctx, status, year int, f calendarForm, err error) error {
	p := adminCalendarPage{Page: a.page(c, "calendar.admin.title"), Kinds: domain.DayKinds, Form: f, Errs: formErrs{}}
	p.Nav = "admin"
	if err != nil {
		errs, ok := formErrors(p.Page, err)
		if !ok {
			return err
		}
		p.Errs = errs
	}
	if year < 2000 || year > 2100 {
		year = a.now().Year()
	}
	ctx := c.UserContext()
	var lerr error
	if p.Layers, lerr = a.store.CalendarAdmin(ctx); lerr != nil {
		return lerr
	}
	if p.Institutions, lerr = a.store.Institutions(ctx, domain.Scope{All: true}); lerr != nil {
		return lerr
	}
	if p.Regions, lerr = a.store.InstitutionRegions(ctx, domain.Scope{All: true}); lerr != nil {
		return lerr
	}
	p.Year = year
	p.Source, p.Published = p.Layers.Federal.Published(year)
	p.Special = p.Layers.Federal.Special(year)
	return a.render(c, status, "admin_calendar", p)
}

func (a *App) calendarRedirect(c *fiber.Ctx, year int) error {
	return a.done(c, "/admin/calendar?year="+strconv.Itoa(year), "flash.calendar_saved")
}

// saveCalendarDay stores the admin's correction of one day.
func (a *App) saveCalendarDay(c *fiber.Ctx) error {
	f := calendarForm{Date: strings.TrimSpace(c.FormValue("date")), Kind: c.FormValue("kind"), Note: strings.TrimSpace(c.FormValue("note"))}
	day, err := a.svc.SaveCalendarDay(c.UserContext(), caller(c), service.CalendarDayForm{Date: f.Date, Kind: f.Kind, Note: f.Note})
	if err != nil {
		return a.renderAdminCalendar(c, fiber.StatusUnprocessableEntity, 0, f, err)
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditCalendarChanged, Detail: day.Date.String() + " " + string(day.Kind) + " " + day.Note})
	return a.calendarRedirect(c, day.Date.Year)
}

// deleteCalendarDay removes the admin's correction of a day.
func (a *App) deleteCalendarDay(c *fiber.Ctx) error {
	d, err := a.svc.DeleteCalendarDay(c.UserContext(), caller(c), c.FormValue("date"))
	if err != nil {
		return err
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditCalendarChanged, Detail: d.String() + " −"})
	return a.calendarRedirect(c, d.Year)
}

// saveCalendarYear adds a year's decree (the use case marks the year
// published and stores its days, or nothing when a line is bad).
func (a *App) saveCalendarYear(c *fiber.Ctx) error {
	f := calendarForm{Year: strings.TrimSpace(c.FormValue("year")), Source: strings.TrimSpace(c.FormValue("source")), Lines: domain.CleanMultiline(c.FormValue("lines"))}
	year, n, err := a.svc.SaveCalendarYear(c.UserContext(), caller(c), service.CalendarYearForm{Year: f.Year, Source: f.Source, Lines: f.Lines})
	if err != nil {
		return a.renderAdminCalendar(c, fiber.StatusUnprocessableEntity, year, f, err)
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditCalendarChanged, Detail: f.Year + ": " + f.Source + " (" + strconv.Itoa(n) + ")"})
	return a.calendarRedirect(c, year)
}

// saveRegionalHoliday adds a region's holiday.
func (a *App) saveRegionalHoliday(c *fiber.Ctx) error {
	f := calendarForm{Region: c.FormValue("region"), HDate: strings.TrimSpace(c.FormValue("date")), HName: strings.TrimSpace(c.FormValue("name"))}
	h, err := a.svc.SaveRegionalHoliday(c.UserContext(), caller(c), service.RegionalHolidayForm{Region: f.Region, Date: f.HDate, Name: f.HName})
	if err != nil {
		f.HName = h.Name // as the text rule keeps it
		return a.renderAdminCalendar(c, fiber.StatusUnprocessableEntity, 0, f, err)
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditCalendarChanged, Detail: h.Region + " " + h.Date.String() + " " + h.Name})
	return a.calendarRedirect(c, h.Date.Year)
}

// deleteRegionalHoliday removes a region's holiday.
func (a *App) deleteRegionalHoliday(c *fiber.Ctx) error {
	h, err := a.svc.DeleteRegionalHoliday(c.UserContext(), caller(c), c.FormValue("region"), c.FormValue("date"))
	if err != nil {
		return err
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditCalendarChanged, Detail: h.Region + " " + h.Date.String() + " −"})
	return a.calendarRedirect(c, h.Date.Year)
}

// setInstitutionRegion sets the region whose holidays an institution keeps.
func (a *App) setInstitutionRegion(c *fiber.Ctx) error {
	f := calendarForm{InstitutionID: formID(c, "institution_id"), InstRegion: c.FormValue("region")}
	region, err := a.svc.SetInstitutionRegion(c.UserContext(), caller(c), f.InstitutionID, f.InstRegion)
	if domain.ErrorCode(err) == domain.EInvalid {
		return a.renderAdminCalendar(c, fiber.StatusUnprocessableEntity, 0, f, err)
	}
	if err != nil {
		return err
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditCalendarChanged, InstitutionID: f.InstitutionID, Detail: "region " + region})
	return a.done(c, "/admin/calendar", "flash.calendar_saved")
}

// deadlineNote is the note the item form shows next to a deadline that
// falls on a non-working day of the institution's calendar («09.03.2026 —
// нерабочий день»), or "". The calendar is only a hint here: a failure to
// read it shows no note rather than refusing the form.
func (a *App) deadlineNote(c *fiber.Ctx, p Page, institutionID int64, spec string) string {
	dl, err := domain.ParseDeadline(spec)
	if err != nil || !dl.HasDue() || institutionID == 0 {
		return ""
	}
	cal, err := a.store.InstitutionCalendar(c.UserContext(), actor(c).Scope(), institutionID)
	if err != nil {
		a.log.Warn("institution calendar", "err", err, "institution", institutionID, "request_id", requestID(c))
		return ""
	}
	day := cal.Day(dl.Due)
	if day.Kind.Working() {
		return ""
	}
	note := p.T("calendar.deadline_non_working", p.Date(dl.Due))
	if day.Note != "" {
		note += " (" + day.Note + ")"
	}
	return note
}
