package domain

// ReportRecalled is a progress report the institution took back before the
// founder decided: it stays in «Журнал плана» and frees its period.
const ReportRecalled = "recalled"

// DefaultReportPeriod is the period a progress report is most likely for
// on a day: the quarter running in the plan's year («IV квартал» in
// December), the first quarter before the year starts, the whole year
// once it is over.
func DefaultReportPeriod(year int, today Date) ReportPeriod {
	switch {
	case today.Year < year:
		return PeriodQ1
	case today.Year > year:
		return PeriodYear
	}
	return []ReportPeriod{PeriodQ1, PeriodQ2, PeriodQ3, PeriodQ4}[(int(today.Month)-1)/3]
}
