package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"planboard/domain"
)

// SurveySetAsideStore is what setting answers aside and back needs.
type SurveySetAsideStore interface {
	SetAsideSurveys(ctx context.Context, sc domain.Scope, institutionID int64, sel domain.SurveySelection, loc *time.Location, reason string, audit domain.AuditEntry) (int, error)
	RestoreSetAside(ctx context.Context, sc domain.Scope, institutionID, id int64, audit domain.AuditEntry) error
	SurveySetAsides(ctx context.Context, sc domain.Scope, institutionID int64, limit int) ([]domain.SurveySetAside, error)
}

// surveySetAsidesShown is how many set-asides the results list.
const surveySetAsidesShown = 20

// SetAsideInput is the set-aside form as typed: a paper batch's label, or
// a source ("" any) and the days from and to (DD.MM.YYYY or YYYY-MM-DD).
type SetAsideInput struct {
	InstitutionID           int64
	Source, From, To, Batch string
	Reason                  string
}

// SetAsideSurveys takes a batch of answers out of every figure, with a
// reason (the director's): they stay in the record, listed with the
// reason, who and when. Field errors: "reason", "from", "to", "source",
// "batch" (nothing picked). Errors: ENotFound, EForbidden, EInvalid.
func (s *Service) SetAsideSurveys(ctx context.Context, who Caller, in SetAsideInput) (int, error) {
	inst, err := s.surveyInstitution(ctx, who, in.InstitutionID, domain.ActEditPlan)
	if err != nil {
		return 0, err
	}
	var fe domain.FieldErrors
	reason := requiredText(&fe, "reason", in.Reason, maxWithdrawNote)
	sel := domain.SurveySelection{Source: strings.TrimSpace(in.Source), Batch: strings.TrimSpace(in.Batch)}
	if sel.Source != "" && !slices.Contains(domain.SurveySources, sel.Source) {
		fe.Add("source", "survey.setaside.error.source")
	}
	if sel.Batch == "" {
		var okFrom, okTo bool
		sel.From, okFrom = domain.ParseCalendarDate(strings.TrimSpace(in.From))
		sel.To, okTo = domain.ParseCalendarDate(strings.TrimSpace(in.To))
		switch {
		case !okFrom:
			fe.Add("from", "survey.setaside.error.from")
		case !okTo:
			fe.Add("to", "survey.setaside.error.to")
		case sel.To.Before(sel.From):
			fe.Add("to", "survey.setaside.error.order")
		}
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	audit := domain.AuditEntry{ActorID: who.User.ID, ActorEmail: who.User.Email, Action: "survey_set_aside"}
	n, err := s.store.SetAsideSurveys(ctx, who.Scope(), inst.ID, sel, inst.Location(), reason, audit)
	switch domain.ErrorCode(err) {
	case domain.ENotFound:
		fe.Add("batch", "survey.setaside.error.none")
		return 0, fe.Err()
	case domain.EInvalid:
		fe.Add("batch", "survey.setaside.error.many")
		return 0, fe.Err()
	}
	return n, err
}

// RestoreSetAside puts a set-aside's answers back into the figures.
// Errors: ENotFound (foreign, missing or restored), EForbidden.
func (s *Service) RestoreSetAside(ctx context.Context, who Caller, institutionID, id int64) error {
	inst, err := s.surveyInstitution(ctx, who, institutionID, domain.ActEditPlan)
	if err != nil {
		return err
	}
	audit := domain.AuditEntry{ActorID: who.User.ID, ActorEmail: who.User.Email, Action: "survey_restored"}
	return s.store.RestoreSetAside(ctx, who.Scope(), inst.ID, id, audit)
}

// SurveySetAside reads one set-aside for the restore's confirmation.
// Errors: ENotFound, EForbidden.
func (s *Service) SurveySetAside(ctx context.Context, who Caller, institutionID, id int64) (domain.Institution, domain.SurveySetAside, error) {
	inst, err := s.surveyInstitution(ctx, who, institutionID, domain.ActEditPlan)
	if err != nil {
		return inst, domain.SurveySetAside{}, err
	}
	list, err := s.store.SurveySetAsides(ctx, who.Scope(), inst.ID, surveySetAsidesShown)
	if err != nil {
		return inst, domain.SurveySetAside{}, err
	}
	for _, sa := range list {
		if sa.ID == id && !sa.Restored {
			return inst, sa, nil
		}
	}
	return inst, domain.SurveySetAside{}, domain.Errorf(domain.ENotFound, "set-aside %d", id)
}
