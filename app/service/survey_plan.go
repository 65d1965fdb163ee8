package service

import (
	"context"
	"fmt"
	"strings"

	"planboard/domain"
)

// SurveyPlanStore is what taking a visitor's suggestion into a plan needs.
type SurveyPlanStore interface {
	SurveySuggestion(ctx context.Context, sc domain.Scope, institutionID, id int64) (domain.SurveySuggestion, error)
	ItemSuggestion(ctx context.Context, sc domain.Scope, institutionID, itemID int64) (domain.SurveySuggestion, error)
	AddSuggestionItem(ctx context.Context, responseID int64, it *domain.Item, by domain.User, n domain.Notices, audit domain.AuditEntry) error
}

// The wording of an item made from a suggestion: the suggestion quoted as
// the deficiency, a neutral measure the director words later.
const (
	suggestionDeficiency = "Предложение посетителя: "
	suggestionMeasure    = "Рассмотреть предложение посетителя"
)

// AddSuggestionToPlan takes a visitor's suggestion into the institution's
// current plan (currentPlan: this year's plan not closed, else the latest
// not closed) as a planned item in the satisfaction section, due at the end
// of the plan's year, linked to the answer; the item, the link and an
// audit row are written in one transaction. Errors: ENotFound (foreign,
// withdrawn or no suggestion), EForbidden (not the director),
// EConflict (in a plan already), *domain.ValidationError "plan" (no plan
// to add to). It returns the suggestion with its item's number.
func (s *Service) AddSuggestionToPlan(ctx context.Context, who Caller, institutionID, id int64) (domain.SurveySuggestion, error) {
	inst, err := s.surveyInstitution(ctx, who, institutionID, domain.ActEditPlan)
	if err != nil {
		return domain.SurveySuggestion{}, err
	}
	sug, err := s.store.SurveySuggestion(ctx, who.Scope(), inst.ID, id)
	if err != nil {
		return domain.SurveySuggestion{}, err
	}
	if sug.ItemID != 0 {
		return domain.SurveySuggestion{}, domain.Errorf(domain.EConflict, "suggestion %d is in a plan already", id)
	}
	plan, _, err := s.currentPlan(ctx, who, inst, domain.Today(s.now(), inst.Location()).Year)
	if err != nil {
		return domain.SurveySuggestion{}, err
	}
	if plan == nil {
		var fe domain.FieldErrors
		fe.Add("plan", "survey.plan.error.no_plan")
		return domain.SurveySuggestion{}, fe.Err()
	}
	members, err := s.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return domain.SurveySuggestion{}, err
	}
	it := domain.Item{PlanID: plan.ID, InstitutionID: inst.ID, Status: domain.StatusPlanned}
	in := domain.ItemInput{Section: string(domain.Section5), Deficiency: suggestionDeficiency + strings.TrimSpace(sug.Text),
		Measure: suggestionMeasure, Deadline: fmt.Sprintf("31.12.%d", plan.Year), PlanStatus: plan.Status}
	if _, fe := in.ApplyTo(&it, members, nil); len(fe) > 0 {
		return domain.SurveySuggestion{}, fe.Err()
	}
	n := domain.Notices{EventsFor: s.createdEvents(who, inst, plan, members, []domain.Item{it})}
	audit := domain.AuditEntry{ActorID: who.User.ID, ActorEmail: who.User.Email, Action: "survey_suggestion_planned",
		Detail: fmt.Sprintf("%d → plan %d", id, plan.ID)}
	if err := s.store.AddSuggestionItem(ctx, id, &it, who.User, n, audit); err != nil {
		return domain.SurveySuggestion{}, err
	}
	return s.store.SurveySuggestion(ctx, who.Scope(), inst.ID, id)
}

// ItemSurveyOrigin is the visitor's answer an item was made from (ok false:
// none). The caller has read the item already.
func (s *Service) ItemSurveyOrigin(ctx context.Context, who Caller, it domain.Item) (domain.SurveySuggestion, bool, error) {
	sug, err := s.store.ItemSuggestion(ctx, who.Scope(), it.InstitutionID, it.ID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return sug, false, nil
	}
	return sug, err == nil, err
}
