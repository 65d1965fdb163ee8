package service

import (
	"context"
	"time"

	"planboard/domain"
)

// SurveyPeriod is the questionnaire over a run of months.
type SurveyPeriod struct {
	Key        string      // "month", "quarter", "year", "last12"
	From, To   domain.Date // first days of the first and the last month
	BySource   map[string]int
	Total      int
	Indicators []domain.SurveyIndicator
}

// SurveyMonth is one month of the trend.
type SurveyMonth struct {
	Month    domain.Date
	BySource map[string]int
	Total    int
	Overall  domain.SurveyIndicator // 5.3, satisfied overall
}

// SurveyResults is the results page: the periods, the last 12 months, the
// last НОК beside them, the newest suggestions.
type SurveyResults struct {
	Institution   domain.Institution
	Periods       []SurveyPeriod
	Months        []SurveyMonth // the last 12, oldest first
	HasAssessment bool
	Assessment    domain.Assessment
	Score         domain.Score
	Suggestions   []domain.SurveySuggestion
	SetAsides     []domain.SurveySetAside // the newest, the director's only
	CanEnter      bool                    // may type in paper forms
	CanHide       bool                    // may hide suggestions (the director)
}

// surveySuggestionsShown is how many suggestions the results list.
const surveySuggestionsShown = 50

// SurveyResults reads an institution's questionnaire figures in a fixed
// number of statements whatever the number of answers (the monthly
// counters). Errors: ENotFound (outside the caller's scope), EForbidden.
func (s *Service) SurveyResults(ctx context.Context, who Caller, institutionID int64) (SurveyResults, error) {
	sc := who.Scope()
	inst, err := s.store.Institution(ctx, sc, institutionID)
	if err != nil {
		return SurveyResults{}, err
	}
	if err := who.authorize(domain.ActView, inst); err != nil {
		return SurveyResults{}, err
	}
	now := s.now()
	this := domain.MonthOf(now, inst.Location())
	last12 := addMonths(this, -11)
	yearStart := domain.NewDate(this.Year, time.January, 1)
	from := last12
	if yearStart.Before(from) {
		from = yearStart
	}
	counts, err := s.store.SurveyCounts(ctx, sc, inst.ID, from)
	if err != nil {
		return SurveyResults{}, err
	}
	out := SurveyResults{Institution: inst, CanEnter: who.can(domain.ActEnterSurvey, inst), CanHide: who.can(domain.ActEditPlan, inst)}
	quarter := domain.NewDate(this.Year, time.Month((int(this.Month)-1)/3*3+1), 1)
	for _, p := range []SurveyPeriod{
		{Key: "month", From: this, To: this},
		{Key: "quarter", From: quarter, To: this},
		{Key: "year", From: yearStart, To: this},
		{Key: "last12", From: last12, To: this},
	} {
		out.Periods = append(out.Periods, period(p, counts))
	}
	for m := last12; !m.After(this); m = addMonths(m, 1) {
		p := period(SurveyPeriod{From: m, To: m}, counts)
		var overall domain.SurveyIndicator
		for _, si := range p.Indicators {
			if si.Code == "5.3" {
				overall = si
			}
		}
		out.Months = append(out.Months, SurveyMonth{Month: m, BySource: p.BySource, Total: p.Total, Overall: overall})
	}
	a, err := s.store.LatestAssessment(ctx, sc, inst.ID, this.Year)
	if err == nil {
		out.HasAssessment, out.Assessment, out.Score = true, a, domain.Calculate(a)
	} else if domain.ErrorCode(err) != domain.ENotFound {
		return out, err
	}
	if out.Suggestions, err = s.store.SurveySuggestions(ctx, sc, inst.ID, surveySuggestionsShown); err != nil || !out.CanHide {
		return out, err
	}
	out.SetAsides, err = s.store.SurveySetAsides(ctx, sc, inst.ID, surveySetAsidesShown)
	return out, err
}

// period sums the counters of p's months.
func period(p SurveyPeriod, counts []domain.SurveyCount) SurveyPeriod {
	p.BySource = map[string]int{}
	parts := map[string]domain.Survey{}
	for _, c := range counts {
		if c.Month.Before(p.From) || c.Month.After(p.To) {
			continue
		}
		if c.Part == "" {
			p.BySource[c.Source] += c.Respondents
			p.Total += c.Respondents
			continue
		}
		parts = domain.AddSurveys(parts, map[string]domain.Survey{c.Part: {Respondents: c.Respondents, Satisfied: c.Satisfied}})
	}
	p.Indicators = domain.SurveyIndicators(parts)
	return p
}

// addMonths moves the first day of a month by n months.
func addMonths(d domain.Date, n int) domain.Date {
	return domain.NewDate(d.Year, d.Month+time.Month(n), 1)
}
