package web

import (
	"fmt"
	"strings"

	"planboard/domain"
)

// charts holds the geometry of the dashboard's SVG charts; the template
// draws them (text from the catalogue) next to a table with the same figures.
type charts struct {
	Bars      []chartBar
	BarsH     int
	Months    []chartMonth
	DuePath   string // polyline points of cumulative items due
	DonePath  string // polyline points of cumulative items done
	LineW     int
	LineH     int
	LineMax   int
	GridLines []chartGrid
}

type chartBar struct {
	Label   string
	Percent int
	Done    int
	Total   int
	Y       int
	W       int // bar length in px for Percent
}

type chartMonth struct {
	Label string
	X     int
	Due   int // cumulative
	Done  int // cumulative
}

type chartGrid struct {
	Y     int
	Value int
}

const (
	barMax   = 400 // px for 100 %
	barStep  = 34
	lineLeft = 40
	lineStep = 50
	lineTop  = 10
	linePlot = 200
)

// buildCharts lays out "progress by section" (horizontal bars, % done) and
// "progress over time" (cumulative items due by month against items done).
func buildCharts(p Page, sections []domain.Progress, due, done [12]int) charts {
	ch := charts{LineW: lineLeft + 11*lineStep + 30, LineH: lineTop + linePlot + 30}
	for i, s := range sections {
		pc := s.Percent()
		ch.Bars = append(ch.Bars, chartBar{Label: p.SectionTitle(s.Section), Percent: pc, Done: s.Done, Total: s.Total,
			Y: i * barStep, W: pc * barMax / 100})
	}
	ch.BarsH = len(ch.Bars)*barStep + 4
	cumDue, cumDone := 0, 0
	for m := 0; m < 12; m++ {
		cumDue += due[m]
		cumDone += done[m]
		ch.Months = append(ch.Months, chartMonth{Label: p.T(fmt.Sprintf("month.%d", m+1)), X: lineLeft + m*lineStep, Due: cumDue, Done: cumDone})
	}
	ch.LineMax = max(cumDue, cumDone, 1)
	var dp, np []string
	for _, m := range ch.Months {
		dp = append(dp, fmt.Sprintf("%d,%d", m.X, ch.y(m.Due)))
		np = append(np, fmt.Sprintf("%d,%d", m.X, ch.y(m.Done)))
	}
	ch.DuePath, ch.DonePath = strings.Join(dp, " "), strings.Join(np, " ")
	for i := 0; i <= 4; i++ {
		v := ch.LineMax * i / 4
		ch.GridLines = append(ch.GridLines, chartGrid{Y: ch.y(v), Value: v})
	}
	return ch
}

// y maps a count onto the line chart's vertical axis.
func (ch charts) y(v int) int { return lineTop + linePlot - v*linePlot/ch.LineMax }

// Short returns the first three letters of a month name, for axis labels.
func (m chartMonth) Short() string {
	r := []rune(m.Label)
	if len(r) > 3 {
		r = r[:3]
	}
	return string(r)
}
