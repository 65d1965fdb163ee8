package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"planboard/domain"
)

// The visitors' questionnaire's results (docs/survey.md): the same figures
// as the page /institutions/{id}/survey.

// SurveyResults is an institution's questionnaire figures.
type SurveyResults struct {
	InstitutionID   int64          `json:"institution_id"`
	IndicativeBelow int            `json:"indicative_below" doc:"An indicator with fewer answers than this (in any part) is indicative: Planboard's own threshold, not the methodology's"`
	Periods         []SurveyPeriod `json:"periods"`
	Months          []SurveyMonth  `json:"months" doc:"The last 12 months, oldest first"`
	Suggestions     int            `json:"suggestions_shown" doc:"How many of the newest suggestions the page lists (their texts are not in the API)"`
}

// SurveyPeriod is the questionnaire over a run of months.
type SurveyPeriod struct {
	Period     string            `json:"period" enum:"month,quarter,year,last12"`
	From       string            `json:"from" doc:"First month, YYYY-MM"`
	To         string            `json:"to" doc:"Last month, YYYY-MM"`
	Sources    SurveySources     `json:"forms"`
	Indicators []SurveyIndicator `json:"indicators"`
}

// SurveySources counts questionnaires by where they came from.
type SurveySources struct {
	Web   int `json:"web"`
	Kiosk int `json:"kiosk"`
	Paper int `json:"paper"`
	Total int `json:"total"`
}

// SurveyIndicator is one survey indicator of 344н from the answers.
type SurveyIndicator struct {
	Code       string   `json:"code" enum:"1.3,2.3,3.3,4.1,4.2,4.3,5.1,5.2,5.3"`
	Value      *float64 `json:"value" doc:"Satisfied ÷ those the question applied to × 100; null when nobody answered it"`
	Low        *float64 `json:"low" doc:"95 % Wilson interval, lower bound"`
	High       *float64 `json:"high" doc:"95 % Wilson interval, upper bound"`
	Answers    int      `json:"answers"`
	Indicative bool     `json:"indicative"`
}

// SurveyMonth is one month of the trend.
type SurveyMonth struct {
	Month   string        `json:"month" doc:"YYYY-MM"`
	Sources SurveySources `json:"forms"`
}

func (a *API) registerSurvey() {
	operation(a, huma.Operation{OperationID: "get-institution-survey", Method: http.MethodGet, Path: "/institutions/{id}/survey",
		Summary: "The visitors' questionnaire: forms by period and source, the survey indicators with their intervals", Tags: []string{"read"}},
		a.getSurvey, http.StatusNotModified)
}

func (a *API) getSurvey(ctx context.Context, in *idInput) (*Out[SurveyResults], error) {
	r, err := a.svc.SurveyResults(ctx, caller(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := SurveyResults{InstitutionID: r.Institution.ID, IndicativeBelow: domain.SurveyEnough, Suggestions: len(r.Suggestions),
		Periods: []SurveyPeriod{}, Months: []SurveyMonth{}}
	for _, p := range r.Periods {
		sp := SurveyPeriod{Period: p.Key, From: ym(p.From), To: ym(p.To), Sources: sourcesOf(p.BySource, p.Total), Indicators: []SurveyIndicator{}}
		for _, si := range p.Indicators {
			sp.Indicators = append(sp.Indicators, surveyIndicatorOf(si))
		}
		out.Periods = append(out.Periods, sp)
	}
	for _, m := range r.Months {
		out.Months = append(out.Months, SurveyMonth{Month: ym(m.Month), Sources: sourcesOf(m.BySource, m.Total)})
	}
	return tagged(in.Conditional, out)
}

func ym(d domain.Date) string { return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)) }

func sourcesOf(m map[string]int, total int) SurveySources {
	return SurveySources{Web: m[domain.SurveyWeb], Kiosk: m[domain.SurveyKiosk], Paper: m[domain.SurveyPaper], Total: total}
}

func surveyIndicatorOf(si domain.SurveyIndicator) SurveyIndicator {
	out := SurveyIndicator{Code: si.Code, Answers: si.N, Indicative: si.Has && !si.Enough}
	if si.Has {
		v, l, h := domain.RoundScore(si.Value), domain.RoundScore(si.Low), domain.RoundScore(si.High)
		out.Value, out.Low, out.High = &v, &l, &h
	}
	return out
}
