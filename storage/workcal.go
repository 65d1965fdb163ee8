package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// calendarLayers is what the database adds to the shipped federal
// calendar: the admin's years and days, every region's holidays, and the
// regions institutions keep.
type calendarLayers struct {
	years    []domain.CalendarYear
	days     []domain.CalendarDay
	holidays []domain.RegionalHoliday
	regions  []string // regions set on some institution, sorted
}

type calendarLayerRow struct {
	Src    string     `bun:"src"`
	Region string     `bun:"region"`
	Day    *time.Time `bun:"day"`
	Kind   string     `bun:"kind"`
	Note   string     `bun:"note"`
	Year   int        `bun:"year"`
}

// loadCalendarLayers reads every layer in one statement (the tables are small).
func (s *Store) loadCalendarLayers(ctx context.Context) (calendarLayers, error) {
	var rows []calendarLayerRow
	err := s.db.NewRaw(`SELECT 'year' AS src, '' AS region, NULL::date AS day, '' AS kind, source AS note, year FROM calendar_years
	UNION ALL SELECT 'day', '', day, kind, note, 0 FROM calendar_days
	UNION ALL SELECT 'region', region, day, '', name, 0 FROM regional_holidays
	UNION ALL SELECT DISTINCT 'inst', region, NULL::date, '', '', 0 FROM institutions WHERE region IS NOT NULL
	ORDER BY 1, 2, 3, 6`).Scan(ctx, &rows)
	if err != nil {
		return calendarLayers{}, mapErr(err)
	}
	var l calendarLayers
	for _, r := range rows {
		switch r.Src {
		case "year":
			l.years = append(l.years, domain.CalendarYear{Year: r.Year, Source: r.Note})
		case "day":
			l.days = append(l.days, domain.CalendarDay{Date: fromNullDate(r.Day), Kind: domain.DayKind(r.Kind), Note: r.Note})
		case "region":
			l.holidays = append(l.holidays, domain.RegionalHoliday{Region: r.Region, Date: fromNullDate(r.Day), Name: r.Note})
		case "inst":
			l.regions = append(l.regions, r.Region)
		}
	}
	return l, nil
}

// federal is the shipped calendar with the admin's corrections.
func (l calendarLayers) federal() *domain.Calendar {
	return domain.RussianCalendar().With(l.years, l.days)
}

// CalendarAdmin returns the admin's corrections and the regions' holidays
// with the federal calendar they make (for the admin, no scope).
func (s *Store) CalendarAdmin(ctx context.Context) (domain.CalendarLayers, error) {
	l, err := s.loadCalendarLayers(ctx)
	if err != nil {
		return domain.CalendarLayers{}, err
	}
	return domain.CalendarLayers{Federal: l.federal(), Years: l.years, Days: l.days, Holidays: l.holidays}, nil
}

// SaveCalendarDays stores the admin's corrections of days (a day given again
// replaces its kind and note) and, when year is not zero, marks that year
// published with its source: one transaction.
func (s *Store) SaveCalendarDays(ctx context.Context, year *domain.CalendarYear, days []domain.CalendarDay) error {
	return s.InTx(ctx, func(tx *Store) error {
		if year != nil {
			if _, err := tx.db.NewRaw(`INSERT INTO calendar_years (year, source) VALUES (?, ?)
				ON CONFLICT (year) DO UPDATE SET source = excluded.source, updated_at = now()`, year.Year, year.Source).Exec(ctx); err != nil {
				return mapErr(err)
			}
		}
		if len(days) == 0 {
			return nil
		}
		dates, kinds, notes := make([]string, len(days)), make([]string, len(days)), make([]string, len(days))
		for i, d := range days {
			dates[i], kinds[i], notes[i] = d.Date.String(), string(d.Kind), d.Note
		}
		_, err := tx.db.NewRaw(`INSERT INTO calendar_days (day, kind, note)
			SELECT DISTINCT ON (d) d, k, n FROM unnest(?::date[], ?::text[], ?::text[]) WITH ORDINALITY AS u(d, k, n, i)
			ORDER BY d, i DESC
			ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note, updated_at = now()`,
			pgdialect.Array(dates), pgdialect.Array(kinds), pgdialect.Array(notes)).Exec(ctx)
		return mapErr(err)
	})
}

// DeleteCalendarDay removes the admin's correction of a day (the shipped
// data applies to it again); ErrNotFound when there was none.
func (s *Store) DeleteCalendarDay(ctx context.Context, day domain.Date) error {
	return deleted(s.db.NewRaw(`DELETE FROM calendar_days WHERE day = ?::date`, day.String()).Exec(ctx))
}

// SaveRegionalHoliday stores a region's holiday (the same region and day
// again renames it).
func (s *Store) SaveRegionalHoliday(ctx context.Context, h domain.RegionalHoliday) error {
	_, err := s.db.NewRaw(`INSERT INTO regional_holidays (region, day, name) VALUES (?, ?::date, ?)
		ON CONFLICT (region, day) DO UPDATE SET name = excluded.name`, h.Region, h.Date.String(), h.Name).Exec(ctx)
	return mapErr(err)
}

// DeleteRegionalHoliday removes a region's holiday; ErrNotFound when there was none.
func (s *Store) DeleteRegionalHoliday(ctx context.Context, region string, day domain.Date) error {
	return deleted(s.db.NewRaw(`DELETE FROM regional_holidays WHERE region = ? AND day = ?::date`, region, day.String()).Exec(ctx))
}

func deleted(res interface{ RowsAffected() (int64, error) }, err error) error {
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// InstitutionRegions returns the region of every institution in sc that has one.
func (s *Store) InstitutionRegions(ctx context.Context, sc domain.Scope) (map[int64]string, error) {
	var rows []struct {
		ID     int64  `bun:"id"`
		Region string `bun:"region"`
	}
	q := s.db.NewSelect().TableExpr("institutions AS i").ColumnExpr("i.id, i.region").Where("i.region IS NOT NULL")
	if err := scoped(q, sc, "i.id").Scan(ctx, &rows); err != nil {
		return nil, mapErr(err)
	}
	out := make(map[int64]string, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Region
	}
	return out, nil
}

// SetInstitutionRegion sets the region whose holidays an institution keeps
// ("" for none); ErrNotFound for no such institution. Admin only: no scope.
func (s *Store) SetInstitutionRegion(ctx context.Context, id int64, region string) error {
	var r any
	if region != "" {
		r = region
	}
	return deleted(s.db.NewRaw(`UPDATE institutions SET region = ? WHERE id = ?`, r, id).Exec(ctx))
}

// InstitutionCalendar returns the production calendar of an institution
// visible in sc: the federal one with the admin's corrections and its
// region's holidays. A foreign institution is ErrNotFound.
func (s *Store) InstitutionCalendar(ctx context.Context, sc domain.Scope, id int64) (*domain.Calendar, error) {
	var region string
	q := s.db.NewSelect().TableExpr("institutions AS i").ColumnExpr("coalesce(i.region, '')").Where("i.id = ?", id)
	if err := scoped(q, sc, "i.id").Scan(ctx, &region); err != nil {
		return nil, mapErr(err)
	}
	l, err := s.loadCalendarLayers(ctx)
	if err != nil {
		return nil, err
	}
	return l.federal().WithHolidays(region, l.holidays), nil
}

// Days of the calendar window the planning queries see around a sweep's
// moment: two years back (an item overdue for longer gets no escalation
// counted in working days any more: it had its sweeps) and enough ahead for
// 366 working days before a deadline.
const (
	calendarBack  = 731
	calendarAhead = 600
)

// mailCalendar is every calendar the institutions keep, as the planning
// queries take it: the keys ("" federal, then each region in use), the
// window, and the non-working days of each key in it.
type mailCalendar struct {
	keys           []string
	from, to       string
	nwKeys, nwDays []string
}

// loadMailCalendar builds the calendars of a sweep at now: one statement.
func (s *Store) loadMailCalendar(ctx context.Context, now time.Time) (mailCalendar, error) {
	l, err := s.loadCalendarLayers(ctx)
	if err != nil {
		return mailCalendar{}, err
	}
	base := domain.DateOf(now.UTC())
	from, to := base.AddDays(-1-calendarBack), base.AddDays(1+calendarAhead)
	fed := l.federal()
	m := mailCalendar{keys: append([]string{""}, l.regions...), from: from.String(), to: to.String()}
	for _, key := range m.keys {
		for _, d := range fed.WithHolidays(key, l.holidays).NonWorkingDays(from, to) {
			m.nwKeys = append(m.nwKeys, key)
			m.nwDays = append(m.nwDays, d.String())
		}
	}
	return m, nil
}

// args are the placeholders of mailDayCTE, the sweep's moment last.
func (m mailCalendar) args(now time.Time) []any {
	return []any{pgdialect.Array(m.keys), m.from, m.to, pgdialect.Array(m.nwKeys), pgdialect.Array(m.nwDays), now}
}
