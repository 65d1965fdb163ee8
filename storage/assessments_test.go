package storage_test

import (
	"context"
	"reflect"
	"testing"

	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

type nokTenants struct {
	f1, f2    domain.Founder
	a, b, c   domain.Institution // a and b under f1, c under f2
	founder1  domain.Scope
	founder2  domain.Scope
	directorA domain.Scope
	admin     domain.Scope
	by        domain.User
}

func nokSetup(t *testing.T, s *storage.Store) nokTenants {
	t.Helper()
	ctx := context.Background()
	var n nokTenants
	n.f1, n.f2 = domain.Founder{Name: "Министерство культуры"}, domain.Founder{Name: "Управление культуры района"}
	for _, f := range []*domain.Founder{&n.f1, &n.f2} {
		if err := s.CreateFounder(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	n.a = domain.Institution{FounderID: n.f1.ID, Name: "Музей истории", Kind: domain.KindMuseum, Slug: "muzey", TimeZone: "Asia/Novokuznetsk", INN: "4205000001"}
	n.b = domain.Institution{FounderID: n.f1.ID, Name: "Библиотека", Kind: domain.KindLibrary, Slug: "biblioteka", TimeZone: "Asia/Novokuznetsk"}
	n.c = domain.Institution{FounderID: n.f2.ID, Name: "Дом культуры", Kind: domain.KindCultureHouse, Slug: "dk", TimeZone: "Asia/Novokuznetsk"}
	for _, in := range []*domain.Institution{&n.a, &n.b, &n.c} {
		if err := s.CreateInstitution(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	u := &domain.User{Email: "founder@example.org", FullName: "Ирина Петровна"}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	n.by = *u
	n.founder1 = domain.Scope{FounderIDs: []int64{n.f1.ID}}
	n.founder2 = domain.Scope{FounderIDs: []int64{n.f2.ID}}
	n.directorA = domain.Scope{InstitutionIDs: []int64{n.a.ID}}
	n.admin = domain.Scope{All: true}
	return n
}

// nokRealistic is domain's worked example (total 83,76) from raw inputs.
func nokRealistic(institutionID int64, year int) domain.Assessment {
	total := 83.76
	return domain.Assessment{
		InstitutionID: institutionID, Year: year, Operator: "ООО «Центр оценки»",
		DecisionDate: domain.NewDate(2025, 11, 20), DecisionNumber: "7", Proposals: "Установить кулер с питьевой водой",
		Criteria: map[string]float64{"К1": 88},
		Total:    &total,
		Info:     &domain.InfoCheck{StandFound: 9, StandNorm: 10, SiteFound: 18, SiteNorm: 20},
		Conditions: map[string][]string{
			"1.2": {"1.2.phone", "1.2.email", "1.2.eservices"},
			"2.1": {"2.1.navigation", "2.1.sanitary", "2.1.cleanliness", "2.1.transport"},
			"3.1": {"3.1.ramps", "3.1.parking"},
			"3.2": {"3.2.duplication", "3.2.site_version", "3.2.staff_help"},
		},
		Surveys: map[string]domain.Survey{
			domain.Part13Stand: {Respondents: 200, Satisfied: 170}, domain.Part13Site: {Respondents: 100, Satisfied: 85},
			"2.3": {Respondents: 200, Satisfied: 180}, "3.3": {Respondents: 20, Satisfied: 14},
			"4.1": {Respondents: 200, Satisfied: 190}, "4.2": {Respondents: 200, Satisfied: 192}, "4.3": {Respondents: 50, Satisfied: 45},
			"5.1": {Respondents: 200, Satisfied: 184}, "5.2": {Respondents: 200, Satisfied: 176}, "5.3": {Respondents: 500, Satisfied: 492},
		},
		Values: map[string]float64{"2.1": 80},
	}
}

func TestAssessmentSaveAndScope(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	n := nokSetup(t, s)
	a := nokRealistic(n.a.ID, 2025)
	if err := s.SaveAssessment(ctx, n.founder1, &a, n.by); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Version != 1 || a.Source != domain.SourceManual || a.CreatedAt.IsZero() {
		t.Fatalf("saved = %+v", a)
	}
	got, err := s.AssessmentFor(ctx, n.directorA, n.a.ID, 2025)
	if err != nil {
		t.Fatal(err)
	}
	want := a
	want.CreatedAt, want.UpdatedAt = got.CreatedAt, got.UpdatedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
	if sc := domain.Calculate(got); domain.FormatScore(sc.Total) != "83,76" || !sc.Complete {
		t.Errorf("score of the stored assessment = %v", sc.Total)
	}

	// Foreign tenants see nothing and change nothing.
	if _, err := s.Assessment(ctx, n.founder2, a.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("other founder reads: %v", err)
	}
	if _, err := s.Assessment(ctx, domain.Scope{InstitutionIDs: []int64{n.b.ID}}, a.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("other institution's director reads: %v", err)
	}
	foreign := nokRealistic(n.a.ID, 2024)
	if err := s.SaveAssessment(ctx, n.founder2, &foreign, n.by); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("other founder writes: %v", err)
	}
	hijack := got
	hijack.Proposals = "чужое"
	if err := s.SaveAssessment(ctx, n.founder2, &hijack, n.by); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("other founder updates: %v", err)
	}
	if err := s.DeleteAssessment(ctx, n.founder2, a.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("other founder deletes: %v", err)
	}
	if list, err := s.InstitutionAssessments(ctx, n.founder2, n.a.ID); err != nil || len(list) != 0 {
		t.Errorf("other founder lists %d, %v", len(list), err)
	}

	// One per institution and year; optimistic versions.
	dup := nokRealistic(n.a.ID, 2025)
	if err := s.SaveAssessment(ctx, n.founder1, &dup, n.by); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("second assessment for 2025: %v, want conflict", err)
	}
	stale, _ := s.AssessmentFor(ctx, n.founder1, n.a.ID, 2025) // its own maps, version 1
	upd := got
	upd.Conditions["2.1"] = append(upd.Conditions["2.1"], "2.1.water")
	upd.Values = map[string]float64{"2.1": 100}
	upd.Criteria = map[string]float64{}
	upd.Total = nil
	if err := s.SaveAssessment(ctx, n.founder1, &upd, n.by); err != nil || upd.Version != 2 {
		t.Fatalf("update = %v, version %d", err, upd.Version)
	}
	if err := s.SaveAssessment(ctx, n.founder1, &stale, n.by); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("stale update: %v, want conflict", err)
	}
	again, _ := s.Assessment(ctx, n.admin, a.ID)
	if len(again.Conditions["2.1"]) != 5 || again.Total != nil || len(again.Criteria) != 0 || domain.FormatScore(domain.Calculate(again).Total) != "85,76" {
		t.Errorf("after update = %+v", again)
	}

	// Invalid input is refused before SQL.
	bad := nokRealistic(n.b.ID, 2025)
	bad.Surveys["4.1"] = domain.Survey{Respondents: 10, Satisfied: 20}
	if err := s.SaveAssessment(ctx, n.founder1, &bad, n.by); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("invalid: %v", err)
	}

	// History, latest, founder's list.
	older := domain.Assessment{InstitutionID: n.a.ID, Year: 2023, Values: map[string]float64{"5.3": 70}}
	if err := s.SaveAssessment(ctx, n.directorA, &older, n.by); err != nil {
		t.Fatal(err)
	}
	if l, err := s.LatestAssessment(ctx, n.directorA, n.a.ID, 2024); err != nil || l.Year != 2023 {
		t.Errorf("latest up to 2024 = %d, %v", l.Year, err)
	}
	if l, err := s.LatestAssessment(ctx, n.directorA, n.a.ID, 2026); err != nil || l.Year != 2025 {
		t.Errorf("latest up to 2026 = %d, %v", l.Year, err)
	}
	if _, err := s.LatestAssessment(ctx, n.directorA, n.a.ID, 2022); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("latest up to 2022: %v", err)
	}
	if list, _ := s.FounderAssessments(ctx, n.founder1, n.f1.ID); len(list) != 2 || list[0].Year != 2025 {
		t.Errorf("founder's assessments = %+v", list)
	}
	if list, _ := s.FounderAssessments(ctx, n.founder2, n.f1.ID); len(list) != 0 {
		t.Errorf("another founder's list leaks %d", len(list))
	}
	if err := s.DeleteAssessment(ctx, n.founder1, older.ID); err != nil {
		t.Errorf("delete: %v", err)
	}
	if _, err := s.Assessment(ctx, n.admin, older.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("deleted assessment still there: %v", err)
	}
}

func TestAssessmentImportIsOneTransaction(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	n := nokSetup(t, s)
	saved := nokRealistic(n.a.ID, 2025)
	if err := s.SaveAssessment(ctx, n.founder1, &saved, n.by); err != nil {
		t.Fatal(err)
	}
	imported := []domain.Assessment{
		// 2.1 agrees with the saved conditions, 3.1 contradicts them.
		{InstitutionID: n.a.ID, Year: 2025, Values: map[string]float64{"2.1": 80, "3.1": 60, "4.1": 95}},
		{InstitutionID: n.b.ID, Year: 2025, Values: map[string]float64{"1.1": 70}, Criteria: map[string]float64{"К2": 90}},
	}
	res, err := s.SaveImport(ctx, n.founder1, imported, n.by)
	if err != nil || res != (storage.ImportResult{Created: 1, Updated: 1}) {
		t.Fatalf("SaveImport = %+v, %v", res, err)
	}
	a, _ := s.AssessmentFor(ctx, n.founder1, n.a.ID, 2025)
	if a.Source != domain.SourceImport || a.Version != 2 || a.DecisionNumber != "7" || len(a.Conditions["2.1"]) != 4 {
		t.Errorf("merged = %+v", a)
	}
	if _, kept := a.Conditions["3.1"]; kept || a.Values["3.1"] != 60 || a.Total != nil {
		t.Errorf("contradicted inputs kept or published total not replaced: %+v", a)
	}
	b, _ := s.AssessmentFor(ctx, n.founder1, n.b.ID, 2025)
	if b.Values["1.1"] != 70 || b.Criteria["К2"] != 90 || b.Source != domain.SourceImport {
		t.Errorf("created = %+v", b)
	}

	// A row of another founder's institution rolls the whole import back.
	next := []domain.Assessment{
		{InstitutionID: n.b.ID, Year: 2026, Values: map[string]float64{"1.1": 75}},
		{InstitutionID: n.c.ID, Year: 2026, Values: map[string]float64{"1.1": 80}},
	}
	if _, err := s.SaveImport(ctx, n.founder1, next, n.by); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("import with a foreign institution: %v", err)
	}
	if _, err := s.AssessmentFor(ctx, n.admin, n.b.ID, 2026); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a row was saved from a refused import: %v", err)
	}
	// An invalid row too.
	next[1] = domain.Assessment{InstitutionID: n.a.ID, Year: 2026, Values: map[string]float64{"1.1": 180}}
	if _, err := s.SaveImport(ctx, n.founder1, next, n.by); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("import with an invalid row: %v", err)
	}
	if list, _ := s.InstitutionAssessments(ctx, n.admin, n.b.ID); len(list) != 1 {
		t.Errorf("b has %d assessments after refused imports", len(list))
	}
}

func TestAssessmentThresholdsAndINN(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	n := nokSetup(t, s)
	th, err := s.Thresholds(ctx, n.directorA, n.f1.ID)
	if err != nil || th.Default != storage.DefaultThreshold || th.Criteria != nil {
		t.Fatalf("default thresholds = %+v, %v", th, err)
	}
	set := domain.Thresholds{Default: 85, Criteria: map[string]float64{"К3": 80}, Indicators: map[string]float64{"3.2": 70}}
	if err := s.SetThresholds(ctx, n.founder1, n.f1.ID, set); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Thresholds(ctx, n.directorA, n.f1.ID); !reflect.DeepEqual(got, set) {
		t.Errorf("thresholds = %+v, want %+v", got, set)
	}
	if err := s.SetThresholds(ctx, n.directorA, n.f1.ID, set); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a director sets the founder's thresholds: %v", err)
	}
	if _, err := s.Thresholds(ctx, n.founder2, n.f1.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("another founder reads thresholds: %v", err)
	}
	if err := s.SetThresholds(ctx, n.founder1, n.f1.ID, domain.Thresholds{Default: 101}); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("threshold 101: %v", err)
	}

	if got, _ := s.Institution(ctx, n.admin, n.a.ID); got.INN != "4205000001" {
		t.Errorf("INN = %q", got.INN)
	}
	if err := s.SetInstitutionINN(ctx, n.founder1, n.b.ID, "420500000212"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Institution(ctx, n.admin, n.b.ID); got.INN != "420500000212" {
		t.Errorf("INN = %q", got.INN)
	}
	if err := s.SetInstitutionINN(ctx, n.founder1, n.b.ID, "4205000001"); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("taken INN: %v", err)
	}
	if err := s.SetInstitutionINN(ctx, n.founder1, n.b.ID, "12ab"); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("malformed INN: %v", err)
	}
	if err := s.SetInstitutionINN(ctx, n.founder2, n.b.ID, ""); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("another founder sets the INN: %v", err)
	}
}

func TestAssessmentConditionKeysOnChecklist(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	n := nokSetup(t, s)
	a := nokRealistic(n.a.ID, 2025)
	items, err := domain.ProposeItems(a, domain.Thresholds{Default: 90}, domain.MeasureLibrary(), 2026)
	if err != nil {
		t.Fatal(err)
	}
	p := &domain.Plan{InstitutionID: n.a.ID, Year: 2026, Title: "План по результатам НОК 2025"}
	if err := s.CreatePlan(ctx, p, items, n.by); err != nil {
		t.Fatal(err)
	}
	stored, err := s.PlanItems(ctx, n.directorA, p.ID)
	if err != nil || len(stored) != len(items) {
		t.Fatalf("items = %d, %v", len(stored), err)
	}
	var keys []string
	for _, it := range stored {
		if it.Indicator == "2.1" {
			keys = domain.ItemConditions(it)
		}
	}
	if !reflect.DeepEqual(keys, []string{"2.1.rest_zone", "2.1.water", "2.1.booking"}) {
		t.Errorf("2.1 conditions after a round trip = %v", keys)
	}
	// Every proposal done: the forecast the plan page will show.
	for i := range stored {
		stored[i].Status = domain.StatusDone
	}
	if got := domain.FormatScore(domain.ProjectPlan(a, stored, domain.ForecastInput{}).Today.Total); got != "93,76" {
		t.Errorf("score with every proposal done = %s", got)
	}
	// Editing the checklist keeps the condition of an unchanged point.
	var comfort domain.Item
	for _, it := range stored {
		if it.Indicator == "2.1" {
			comfort = it
		}
	}
	fresh, _ := s.Item(ctx, n.directorA, comfort.ID)
	texts := []string{fresh.Checklist[1].Text, "Новый пункт без условия"}
	u := domain.ItemUpdate{Scope: domain.Scope{All: true}, Old: fresh, New: fresh, By: n.by, Checklist: texts, SetExtras: true, Names: func(int64) string { return "" }}
	if err := s.UpdateItem(ctx, u); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Item(ctx, n.directorA, comfort.ID)
	if len(after.Checklist) != 2 || after.Checklist[0].ConditionKey != "2.1.water" || after.Checklist[1].ConditionKey != "" {
		t.Errorf("checklist after edit = %+v", after.Checklist)
	}
}
