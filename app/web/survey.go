package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// The questionnaire's results (docs/survey.md): respondents by period and
// source, each survey indicator with its interval and the number behind
// it beside the last НОК, the trend as an SVG with the same figures as a
// table, the suggestions, and what to print or embed.

type surveyResultsPage struct {
	Page
	R          service.SurveyResults
	Periods    []surveyPeriodRow
	Indicators []surveyIndicatorRow
	Months     []surveyMonthRow
	Chart      surveyChart
	PublicURL  string
	Snippet    string
	Sources    []string
	// A refused «Скрыть»: the suggestion, the reason typed and its error.
	HideID     int64
	HideReason string
	HideError  string
	// A refused «Добавить в план»: no plan to add to.
	PlanError string
	// A refused set-aside: its errors by field and everything typed.
	SetAsideErrors map[string]string
	SetAsideForm   map[string]string
}

// SAErr is the set-aside form's error at field f ("" for none).
func (p surveyResultsPage) SAErr(f string) string { return p.SetAsideErrors[f] }

// Summary is the refused hide form's error for "error_summary".
func (p surveyResultsPage) Summary() []fieldLink {
	if len(p.SetAsideErrors) > 0 {
		var out []fieldLink
		for _, f := range setAsideFields {
			if m := p.SetAsideErrors[f]; m != "" {
				out = append(out, fieldLink{ID: "sa-" + f, Text: p.T(m)})
			}
		}
		return out
	}
	if p.PlanError != "" {
		return []fieldLink{{ID: "plan-error", Text: p.T(p.PlanError)}}
	}
	if p.HideError == "" {
		return nil
	}
	return []fieldLink{{ID: fmt.Sprintf("hide-%d", p.HideID), Text: p.T(p.HideError)}}
}

type surveyPeriodRow struct {
	Title    string
	BySource []int
	Total    int
}

type surveyIndicatorRow struct {
	Code, Title, Value, Interval, Nok string
	N                                 int
	Has, Indicative                   bool
}

type surveyMonthRow struct {
	Title    string
	BySource []int
	Total    int
	Overall  string
}

type surveyChart struct {
	W, H, Max int
	Bars      []surveyBar
}

type surveyBar struct {
	X, Y, W, H int
	Label      string
	Total      int
}

// showSurveyResults answers GET /institutions/{id}/survey.
func (a *App) showSurveyResults(c *fiber.Ctx) error {
	return a.renderSurveyResults(c, fiber.StatusOK, surveyResultsPage{})
}

// hideSuggestion answers POST /institutions/{id}/survey/suggestions/{rid}/hide.
func (a *App) hideSuggestion(c *fiber.Ctx) error {
	id, rid, reason := idParam(c, "id"), idParam(c, "rid"), c.FormValue("reason")
	err := a.svc.HideSuggestion(c.UserContext(), caller(c), id, rid, reason)
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return a.renderSurveyResults(c, fiber.StatusUnprocessableEntity, surveyResultsPage{HideID: rid, HideReason: reason, HideError: ve.Fields["reason"]})
	}
	if err != nil {
		return err
	}
	return a.done(c, fmt.Sprintf("/institutions/%d/survey#suggestions", id), "survey.results.hidden")
}

// planSuggestion answers POST /institutions/{id}/survey/suggestions/{rid}/plan.
func (a *App) planSuggestion(c *fiber.Ctx) error {
	id, rid := idParam(c, "id"), idParam(c, "rid")
	sug, err := a.svc.AddSuggestionToPlan(c.UserContext(), caller(c), id, rid)
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return a.renderSurveyResults(c, fiber.StatusUnprocessableEntity, surveyResultsPage{PlanError: ve.Fields["plan"]})
	}
	back := fmt.Sprintf("/institutions/%d/survey#suggestion-%d", id, rid)
	if domain.ErrorCode(err) == domain.EConflict {
		return a.done(c, back, "survey.plan.already")
	}
	if err != nil {
		return err
	}
	return a.done(c, back, "survey.plan.added", sug.ItemNumber)
}

func (a *App) renderSurveyResults(c *fiber.Ctx, status int, pg surveyResultsPage) error {
	res, err := a.svc.SurveyResults(c.UserContext(), caller(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	p := a.page(c, "survey.results.title")
	p.Nav = "institutions"
	pg.Page, pg.R, pg.Sources = p, res, domain.SurveySources
	for _, per := range res.Periods {
		pg.Periods = append(pg.Periods, surveyPeriodRow{Title: p.T("survey.results.period." + per.Key), BySource: bySource(per.BySource), Total: per.Total})
	}
	last12 := res.Periods[len(res.Periods)-1]
	for _, si := range last12.Indicators {
		row := surveyIndicatorRow{Code: si.Code, Title: p.T("survey.indicator." + si.Code), N: si.N, Has: si.Has, Indicative: si.Has && !si.Enough}
		if si.Has {
			row.Value = domain.FormatScore(si.Value)
			row.Interval = p.T("survey.results.interval", domain.FormatScore(si.Low), domain.FormatScore(si.High))
		}
		row.Nok = "—"
		if res.HasAssessment {
			if v := res.Score.Indicator(si.Code); v.Known {
				row.Nok = domain.FormatScore(v.Value)
			}
		}
		pg.Indicators = append(pg.Indicators, row)
	}
	pg.Chart = surveyChartOf(p, res.Months)
	for _, m := range res.Months {
		row := surveyMonthRow{Title: monthTitle(p, m.Month), BySource: bySource(m.BySource), Total: m.Total, Overall: "—"}
		if m.Overall.Has {
			row.Overall = domain.FormatScore(m.Overall.Value)
		}
		pg.Months = append(pg.Months, row)
	}
	base := strings.TrimRight(a.cfg.BaseURL, "/")
	if base == "" {
		base = c.BaseURL()
	}
	pg.PublicURL = base + "/q/" + url.PathEscape(res.Institution.Slug)
	pg.Snippet = fmt.Sprintf(`<a href="%s" style="display:inline-block;padding:.6em 1.2em;background:#0b4f8a;color:#fff;text-decoration:none;border-radius:4px">%s</a>`,
		template.HTMLEscapeString(pg.PublicURL), template.HTMLEscapeString(p.T("survey.snippet.button")))
	return a.render(c, status, "survey_results", pg)
}

func bySource(m map[string]int) []int {
	out := make([]int, len(domain.SurveySources))
	for i, s := range domain.SurveySources {
		out[i] = m[s]
	}
	return out
}

func monthTitle(p Page, d domain.Date) string {
	return p.T("month."+fmt.Sprint(int(d.Month))) + " " + fmt.Sprint(d.Year)
}

// surveyChartOf lays out the respondents per month as vertical bars.
func surveyChartOf(p Page, months []service.SurveyMonth) surveyChart {
	const left, step, barW, plot, top = 10, 46, 30, 160, 20
	ch := surveyChart{W: left + step*len(months) + 10, H: top + plot + 40}
	for _, m := range months {
		if m.Total > ch.Max {
			ch.Max = m.Total
		}
	}
	for i, m := range months {
		h := 0
		if ch.Max > 0 {
			h = m.Total * plot / ch.Max
		}
		ch.Bars = append(ch.Bars, surveyBar{X: left + i*step, Y: top + plot - h, W: barW, H: h, Total: m.Total,
			Label: fmt.Sprintf("%02d.%02d", int(m.Month.Month), m.Month.Year%100)})
	}
	return ch
}
