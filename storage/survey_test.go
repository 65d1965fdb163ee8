package storage_test

import (
	"context"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage/pgtest"
)

// Answers are appended with their counters in one transaction; a used form
// token is refused; the address limit blocks before anything is saved; the
// reads keep to the caller's scope.
func TestSurveyResponsesAndCounters(t *testing.T) {
	s := pgtest.Store(t)
	loadDemo(t, s)
	s = s.WithClock(func() time.Time { return demoNow })
	ctx := context.Background()
	lib, err := s.InstitutionBySlug(ctx, "centralnaya-biblioteka")
	if err != nil {
		t.Fatal(err)
	}
	month := domain.MonthOf(demoNow, lib.Location())
	rec := func(yes bool, suggestion string) domain.SurveyRecord {
		return domain.SurveyRecord{InstitutionID: lib.ID, Month: month, Source: domain.SurveyWeb,
			Response: domain.SurveyResponse{Answers: map[string]bool{"stand_used": true, "stand_ok": yes, "overall": yes}, Suggestion: suggestion}}
	}
	lim := func(nonce string) domain.SurveyLimit {
		return domain.SurveyLimit{Addr: []byte("addr-hash"), Nonce: nonce, Window: 10 * time.Minute, Max: 3}
	}
	for i, r := range []domain.SurveyRecord{rec(true, ""), rec(false, "Больше скамеек")} {
		if until, err := s.AddSurveyResponse(ctx, r, lim(string(rune('a'+i)))); err != nil || !until.IsZero() {
			t.Fatalf("answer %d: %v, %v", i, until, err)
		}
	}
	if _, err := s.AddSurveyResponse(ctx, rec(true, ""), lim("a")); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("a replayed form: %v", err)
	}
	// The refused replay left nothing, not even its rate row: a third
	// answer passes, the fourth within the window is blocked.
	if _, err := s.AddSurveyResponse(ctx, rec(true, ""), lim("c")); err != nil {
		t.Fatal(err)
	}
	until, err := s.AddSurveyResponse(ctx, rec(true, ""), lim("d"))
	if err != nil || !until.Equal(demoNow.Add(10*time.Minute)) {
		t.Errorf("a burst: until %v, %v", until, err)
	}
	// Paper forms have no address and no token.
	paper := rec(true, "")
	paper.Source, paper.Batch = domain.SurveyPaper, "Пачка 1"
	if _, err := s.AddSurveyResponse(ctx, paper, domain.SurveyLimit{}); err != nil {
		t.Fatal(err)
	}

	counts, err := s.SurveyCounts(ctx, domain.Scope{InstitutionIDs: []int64{lib.ID}}, lib.ID, month)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]domain.Survey{}
	for _, c := range counts {
		got[c.Source+"/"+c.Part] = domain.Survey{Respondents: c.Respondents, Satisfied: c.Satisfied}
	}
	want := map[string]domain.Survey{
		"web/": {Respondents: 3, Satisfied: 0}, "web/1.3.stand": {Respondents: 3, Satisfied: 2}, "web/5.3": {Respondents: 3, Satisfied: 2},
		"paper/": {Respondents: 1, Satisfied: 0}, "paper/1.3.stand": {Respondents: 1, Satisfied: 1}, "paper/5.3": {Respondents: 1, Satisfied: 1},
	}
	if len(got) != len(want) {
		t.Errorf("counts = %v", got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %v, want %v (all %v)", k, got[k], w, got)
		}
	}
	sugg, err := s.SurveySuggestions(ctx, domain.Scope{InstitutionIDs: []int64{lib.ID}}, lib.ID, 10)
	if err != nil || len(sugg) != 1 || sugg[0].Text != "Больше скамеек" {
		t.Errorf("suggestions = %+v, %v", sugg, err)
	}
	// Another tenant reads nothing.
	if c, err := s.SurveyCounts(ctx, domain.Scope{InstitutionIDs: []int64{lib.ID + 1000}}, lib.ID, month); err != nil || len(c) != 0 {
		t.Errorf("a foreign scope read %v, %v", c, err)
	}
	if c, err := s.SurveySuggestions(ctx, domain.Scope{}, lib.ID, 10); err != nil || len(c) != 0 {
		t.Errorf("an empty scope read %v, %v", c, err)
	}
}

// Paper forms: added all or none, listed, corrected (the old row withdrawn,
// the new one counted) and removed, every step in the counters and the
// audit log; another tenant can do none of it.
func TestPaperSurveys(t *testing.T) {
	s := pgtest.Store(t)
	loadDemo(t, s)
	s = s.WithClock(func() time.Time { return demoNow })
	ctx := context.Background()
	lib, err := s.InstitutionBySlug(ctx, "centralnaya-biblioteka")
	if err != nil {
		t.Fatal(err)
	}
	sc := domain.Scope{InstitutionIDs: []int64{lib.ID}}
	month := domain.MonthOf(demoNow, lib.Location())
	rec := func(yes bool) domain.SurveyRecord {
		return domain.SurveyRecord{Month: month, Batch: "Пачка 1", Response: domain.SurveyResponse{Answers: map[string]bool{"overall": yes}, Suggestion: "бумага"}}
	}
	audit := domain.AuditEntry{Action: "survey_paper_added"}
	if err := s.AddPaperSurveys(ctx, domain.Scope{InstitutionIDs: []int64{lib.ID + 1000}}, lib.ID, []domain.SurveyRecord{rec(true)}, audit); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a foreign institution: %v", err)
	}
	if err := s.AddPaperSurveys(ctx, sc, lib.ID, []domain.SurveyRecord{rec(true), rec(true), rec(false)}, audit); err != nil {
		t.Fatal(err)
	}
	list, err := s.PaperSurveys(ctx, sc, lib.ID, 10)
	if err != nil || len(list) != 3 || list[0].Response.Answers["overall"] || list[0].Batch != "Пачка 1" {
		t.Fatalf("list: %+v, %v", list, err)
	}
	overall := func() domain.Survey {
		counts, err := s.SurveyCounts(ctx, sc, lib.ID, month)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			if c.Part == "5.3" && c.Source == domain.SurveyPaper {
				return domain.Survey{Respondents: c.Respondents, Satisfied: c.Satisfied}
			}
		}
		return domain.Survey{}
	}
	if got := overall(); got != (domain.Survey{Respondents: 3, Satisfied: 2}) {
		t.Errorf("after three: %v", got)
	}
	// Correct the «Нет» to «Да», then remove one.
	fixed := rec(true)
	if err := s.WithdrawSurvey(ctx, sc, lib.ID, list[0].ID, "исправлена ошибка ввода", &fixed, domain.AuditEntry{Action: "survey_corrected"}); err != nil {
		t.Fatal(err)
	}
	if got := overall(); got != (domain.Survey{Respondents: 3, Satisfied: 3}) {
		t.Errorf("after the correction: %v", got)
	}
	if err := s.WithdrawSurvey(ctx, sc, lib.ID, list[0].ID, "ещё раз", nil, domain.AuditEntry{Action: "survey_removed"}); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("withdrawn twice: %v", err)
	}
	if err := s.WithdrawSurvey(ctx, domain.Scope{FounderIDs: []int64{lib.FounderID + 1000}}, lib.ID, list[1].ID, "чужой", nil, domain.AuditEntry{Action: "survey_removed"}); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a foreign scope: %v", err)
	}
	if err := s.WithdrawSurvey(ctx, sc, lib.ID, list[1].ID, "дубликат", nil, domain.AuditEntry{Action: "survey_removed"}); err != nil {
		t.Fatal(err)
	}
	if got := overall(); got != (domain.Survey{Respondents: 2, Satisfied: 2}) {
		t.Errorf("after the removal: %v", got)
	}
	if list, _ = s.PaperSurveys(ctx, sc, lib.ID, 10); len(list) != 2 {
		t.Errorf("still counted: %d", len(list))
	}
	if sugg, _ := s.SurveySuggestions(ctx, sc, lib.ID, 10); len(sugg) != 2 {
		t.Errorf("suggestions of withdrawn forms shown: %d", len(sugg))
	}
	var n int
	if err := s.DB().NewRaw(`SELECT count(*) FROM audit_log WHERE action LIKE 'survey_%'`).Scan(ctx, &n); err != nil || n != 3 {
		t.Errorf("audit rows: %d, %v", n, err)
	}
}
