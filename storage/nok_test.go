package storage_test

import (
	"context"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage/pgtest"
)

// TestAssessmentUploads: an upload is its uploader's until it expires by
// the store's clock; confirming consumes it and saves in one transaction,
// so a second confirmation (or a foreign one) saves nothing.
func TestAssessmentUploads(t *testing.T) {
	now := pgtest.Now()
	s := pgtest.Store(t).WithClock(func() time.Time { return now })
	ctx := context.Background()
	n := nokSetup(t, s)
	other := &domain.User{Email: "other@example.org", FullName: "Другой"}
	if err := s.CreateUser(ctx, other); err != nil {
		t.Fatal(err)
	}
	up := &domain.AssessmentUpload{UserID: n.by.ID, Year: 2025, Operator: "ООО «Оценка»", Filename: "nok.csv", Data: []byte("ИНН;1.1\n4205000001;80\n"),
		Parsed: []byte(`{"Format":"csv"}`)}
	if err := s.SaveAssessmentUpload(ctx, up, time.Hour); err != nil {
		t.Fatal(err)
	}
	if !up.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("expires %v, want an hour after %v", up.ExpiresAt, now)
	}
	got, err := s.AssessmentUpload(ctx, n.by.ID, up.ID)
	if err != nil || string(got.Parsed) != string(up.Parsed) || got.Data != nil || got.Operator != up.Operator {
		t.Fatalf("own upload (with its parse, without the file): %+v %v", got, err)
	}
	if _, err := s.AssessmentUpload(ctx, other.ID, up.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("someone else's upload: %v", err)
	}
	a := domain.Assessment{InstitutionID: n.a.ID, Year: 2025, Values: map[string]float64{"1.1": 80}}
	if _, _, err := s.ConfirmAssessmentUpload(ctx, n.founder1, other.ID, up.ID, []domain.Assessment{a}, *other); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("confirmed by someone else: %v", err)
	}
	// A row of a foreign institution rolls everything back, the upload stays.
	foreign := domain.Assessment{InstitutionID: n.c.ID, Year: 2025, Values: map[string]float64{"1.1": 80}}
	if _, _, err := s.ConfirmAssessmentUpload(ctx, n.founder1, n.by.ID, up.ID, []domain.Assessment{a, foreign}, n.by); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("foreign row: %v", err)
	}
	if list, _ := s.ScopeAssessments(ctx, n.admin, 2100); len(list) != 0 {
		t.Errorf("a failed confirmation saved %d", len(list))
	}
	created, updated, err := s.ConfirmAssessmentUpload(ctx, n.founder1, n.by.ID, up.ID, []domain.Assessment{a}, n.by)
	if err != nil || created != 1 || updated != 0 {
		t.Fatalf("confirm: %d %d %v", created, updated, err)
	}
	if _, _, err := s.ConfirmAssessmentUpload(ctx, n.founder1, n.by.ID, up.ID, []domain.Assessment{a}, n.by); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("second confirmation: %v", err)
	}
	// Expiry by the store's clock.
	late := &domain.AssessmentUpload{UserID: n.by.ID, Year: 2025, Data: []byte("x")}
	if err := s.SaveAssessmentUpload(ctx, late, time.Minute); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Minute)
	if _, err := s.AssessmentUpload(ctx, n.by.ID, late.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("expired upload: %v", err)
	}

	// The dashboard's reads keep to the scope.
	if list, err := s.ScopeAssessments(ctx, n.founder2, 2100); err != nil || len(list) != 0 {
		t.Errorf("other founder sees %d assessments (%v)", len(list), err)
	}
	if list, err := s.ScopeAssessments(ctx, n.founder1, 2024); err != nil || len(list) != 0 {
		t.Errorf("up to 2024: %d (%v)", len(list), err)
	}
	if list, err := s.ScopeAssessments(ctx, n.founder1, 2025); err != nil || len(list) != 1 {
		t.Errorf("up to 2025: %d (%v)", len(list), err)
	}
}

// TestAssessmentProvidedConditions: the conditions a year's plans provide,
// by item status, per institution in scope.
func TestAssessmentProvidedConditions(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	n := nokSetup(t, s)
	items := []domain.Item{
		{Section: domain.Section2, Measure: "Кулер", Status: domain.StatusDone, Checklist: []domain.ChecklistPoint{{Text: "Кулер", ConditionKey: "2.1.water"}, {Text: "Фото"}}},
		{Section: domain.Section2, Measure: "Навигация", Status: domain.StatusPlanned, Checklist: []domain.ChecklistPoint{{Text: "Схема", ConditionKey: "2.1.navigation"}}},
		{Section: domain.Section3, Measure: "Пандус", Status: domain.StatusCancelled, Checklist: []domain.ChecklistPoint{{Text: "Пандус", ConditionKey: "3.1.ramps"}}},
	}
	if err := s.CreatePlan(ctx, &domain.Plan{InstitutionID: n.a.ID, Year: 2026, Title: "План"}, items, n.by); err != nil {
		t.Fatal(err)
	}
	got, err := s.ProvidedConditions(ctx, n.founder1, 2026)
	if err != nil {
		t.Fatal(err)
	}
	p := got[n.a.ID]
	if len(p.Done) != 1 || p.Done[0] != "2.1.water" || len(p.Open) != 1 || p.Open[0] != "2.1.navigation" {
		t.Errorf("provided = %+v", p)
	}
	if other, _ := s.ProvidedConditions(ctx, n.founder2, 2026); len(other) != 0 {
		t.Errorf("other founder sees %+v", other)
	}
}
