package domain

import "testing"

func TestScoreInstitutionAndAverages(t *testing.T) {
	old := Assessment{Year: 2024, Values: map[string]float64{"1.1": 50, "1.2": 50, "1.3": 50, "2.1": 50, "2.3": 50, "3.1": 50,
		"3.2": 50, "3.3": 50, "4.1": 50, "4.2": 50, "4.3": 50, "5.1": 50, "5.2": 50, "5.3": 50}}
	cur := Assessment{Year: 2025, Values: map[string]float64{"1.1": 100, "1.2": 100, "1.3": 100, "2.1": 80, "2.3": 100, "3.1": 100,
		"3.2": 100, "3.3": 100, "4.1": 100, "4.2": 100, "4.3": 100, "5.1": 100, "5.2": 100, "5.3": 100}}
	var p ProvidedConditions
	p.Add(StatusPlanned, "2.1.water")
	p.Add(StatusCancelled, "2.1.booking")
	s := ScoreInstitution([]Assessment{old, cur}, p)
	if s.Year != 2025 || s.PrevYear != 2024 || !s.HasChange || FormatScore(s.Score.Total) != "98,00" ||
		FormatScore(s.Change) != "48,00" || FormatScore(s.Today.Total) != "98,00" || FormatScore(s.Forecast.Total) != "100,00" {
		t.Errorf("%+v: score %v today %v forecast %v change %v", s, s.Score.Total, s.Today.Total, s.Forecast.Total, s.Change)
	}
	if (InstitutionScore{}).Known() {
		t.Error("no assessment is known")
	}
	total, crit, ind := AverageScores([]Score{Calculate(old), Calculate(cur), {}})
	if total.N != 2 || FormatScore(total.Value) != "74,00" || len(crit) != 5 || crit[1].Code != "К2" || FormatScore(crit[1].Value) != "70,00" {
		t.Errorf("averages %+v %+v", total, crit)
	}
	w := Weakest(ind, 3)
	if len(w) != 3 || w[0].Code != "2.1" || FormatScore(w[0].Value) != "65,00" || w[1].Code != "1.1" {
		t.Errorf("weakest %+v", w)
	}
	pub := PublicAssessmentOf(cur)
	if pub.TotalText != "98,00" || *pub.Total != 98 || len(pub.Criteria) != 5 || pub.Criteria[1].ValueText != "90,00" || !pub.Complete {
		t.Errorf("public %+v", pub)
	}
}
