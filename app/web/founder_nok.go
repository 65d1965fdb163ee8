package web

import (
	"context"

	"planboard/domain"
)

// The НОК on the founder dashboard (docs/score.md): each institution's score,
// today's score and forecast from its plan, the change since the
// assessment before; averages per criterion and the weakest indicators.

// NokDashStore is what the dashboard reads of the НОК, in a fixed number
// of queries whatever the number of institutions.
type NokDashStore interface {
	ScopeAssessments(ctx context.Context, sc domain.Scope, year int) ([]domain.Assessment, error)
	ProvidedConditions(ctx context.Context, sc domain.Scope, year int) (map[int64]domain.ProvidedConditions, error)
}

// nokSortKeys are the dashboard's НОК orders (after the existing ones).
var nokSortKeys = []string{"score", "forecast", "change"}

func init() {
	// Lowest first (those needing measures), institutions without an
	// assessment last.
	byScore := func(v func(domain.InstitutionScore) (float64, bool)) func(a, b domain.InstitutionStat) bool {
		return func(a, b domain.InstitutionStat) bool {
			x, okA := v(a.Nok)
			y, okB := v(b.Nok)
			if okA != okB {
				return okA
			}
			return okA && x < y
		}
	}
	dashboardSorts["score"] = byScore(func(s domain.InstitutionScore) (float64, bool) { return s.Score.Total, s.Known() })
	dashboardSorts["forecast"] = byScore(func(s domain.InstitutionScore) (float64, bool) { return s.Forecast.Total, s.Known() })
	dashboardSorts["change"] = byScore(func(s domain.InstitutionScore) (float64, bool) { return s.Change, s.HasChange })
}

// scoreInstitutions sets each row's НОК figures for year: the latest
// assessment up to the year, the conditions its plan for the year provides.
func (a *App) scoreInstitutions(ctx context.Context, sc domain.Scope, year int, rows []domain.InstitutionStat) error {
	list, err := a.store.ScopeAssessments(ctx, sc, year)
	if err != nil {
		return err
	}
	provided, err := a.store.ProvidedConditions(ctx, sc, year)
	if err != nil {
		return err
	}
	byInst := map[int64][]domain.Assessment{}
	for _, as := range list {
		byInst[as.InstitutionID] = append(byInst[as.InstitutionID], as)
	}
	for i := range rows {
		id := rows[i].Institution.ID
		rows[i].Nok = domain.ScoreInstitution(byInst[id], provided[id])
	}
	return nil
}

// nokCells are one institution's НОК cells, ready to print.
type nokCells struct {
	Score, Forecast, Change string
	Year                    int
	Partial                 bool
	Label                   nokLabels
}

type nokLabels struct{ Score, Forecast, Change, Partial, None string }

// NokCells prints a row's НОК figures.
func (p founderPage) NokCells(s *domain.InstitutionStat) nokCells {
	out := nokCells{Score: "—", Forecast: "—", Change: "—", Label: p.nokLabels()}
	if n := s.Nok; n.Known() {
		out.Score, out.Forecast, out.Year, out.Partial = domain.FormatScore(n.Score.Total), domain.FormatScore(n.Forecast.Total), n.Year, !n.Score.Complete
		if n.HasChange {
			out.Change = points(n.Change)
		}
	}
	return out
}

func (p founderPage) nokLabels() nokLabels {
	return nokLabels{Score: p.T("nokweb.dash.score"), Forecast: p.T("nokweb.dash.forecast"), Change: p.T("nokweb.dash.change"),
		Partial: p.T("nok.incomplete"), None: p.T("nokweb.dash.none")}
}

// nokAverage is one line of the averages table.
type nokAverage struct {
	Code, Title, Value string
	N                  int
}

// nokSummary is the dashboard's НОК section over the shown institutions.
type nokSummary struct {
	Assessed int // institutions with an assessment
	Total    nokAverage
	Criteria []nokAverage
	Weakest  []nokAverage
}

// nokSummaryOf averages the latest assessments of the rows.
func nokSummaryOf(p Page, rows []*domain.InstitutionStat) nokSummary {
	var scores []domain.Score
	for _, r := range rows {
		if r.Nok.Known() {
			scores = append(scores, r.Nok.Score)
		}
	}
	out := nokSummary{Assessed: len(scores)}
	if len(scores) == 0 {
		return out
	}
	total, crit, ind := domain.AverageScores(scores)
	out.Total = nokAverage{Title: p.T("nokweb.plan.total"), Value: domain.FormatScore(total.Value), N: total.N}
	for _, c := range crit {
		out.Criteria = append(out.Criteria, nokAverage{Code: c.Code, Title: p.T("nok.criterion." + c.Code), Value: domain.FormatScore(c.Value), N: c.N})
	}
	for _, w := range domain.Weakest(ind, 5) {
		out.Weakest = append(out.Weakest, nokAverage{Code: w.Code, Title: p.T("nok.indicator." + w.Code), Value: domain.FormatScore(w.Value), N: w.N})
	}
	return out
}

// nokXLSX are a row's НОК cells of the XLSX summary: numbers rounded to
// two decimals (the spreadsheet shows them with the reader's comma), empty
// when unknown.
func nokXLSX(n domain.InstitutionScore) []any {
	if !n.Known() {
		return []any{"", "", ""}
	}
	out := []any{domain.RoundScore(n.Score.Total), domain.RoundScore(n.Forecast.Total), ""}
	if n.HasChange {
		out[2] = domain.RoundScore(n.Change)
	}
	return out
}
