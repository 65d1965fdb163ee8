package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"planboard/domain"
)

// PaperSurveyStore is what typing in paper questionnaires needs.
type PaperSurveyStore interface {
	AddPaperSurveys(ctx context.Context, sc domain.Scope, institutionID int64, recs []domain.SurveyRecord, audit domain.AuditEntry) error
	PaperSurveys(ctx context.Context, sc domain.Scope, institutionID int64, limit int) ([]domain.SurveyRecord, error)
	HideSuggestion(ctx context.Context, sc domain.Scope, institutionID, id, by int64, reason string) error
	WithdrawSurvey(ctx context.Context, sc domain.Scope, institutionID, id int64, reason string, replacement *domain.SurveyRecord, audit domain.AuditEntry) error
}

// paperShown is how many recent paper forms the entry page lists.
const paperShown = 100

// Limits of the paper entry's texts.
const (
	maxBatch        = 200
	maxWithdrawNote = 500
)

// PaperSurveys is the paper entry page: the institution and its latest
// paper forms still counted.
type PaperSurveys struct {
	Institution domain.Institution
	Recent      []domain.SurveyRecord
}

// PaperSurveyPage reads the paper entry page. Errors: ENotFound, EForbidden
// (a founder: reading the results is theirs, typing in is the institution's).
func (s *Service) PaperSurveyPage(ctx context.Context, who Caller, institutionID int64) (PaperSurveys, error) {
	inst, err := s.surveyInstitution(ctx, who, institutionID, domain.ActEnterSurvey)
	if err != nil {
		return PaperSurveys{}, err
	}
	recent, err := s.store.PaperSurveys(ctx, who.Scope(), inst.ID, paperShown)
	return PaperSurveys{Institution: inst, Recent: recent}, err
}

func (s *Service) surveyInstitution(ctx context.Context, who Caller, id int64, act domain.Action) (domain.Institution, error) {
	inst, err := s.store.Institution(ctx, who.Scope(), id)
	if err != nil {
		return inst, err
	}
	return inst, who.authorize(act, inst)
}

// PaperEntry is a batch of paper forms as typed: one row per form; rows
// with nothing typed are skipped.
type PaperEntry struct {
	InstitutionID int64
	Batch         string
	Rows          []domain.SurveyForm
}

// PaperResult is what typing in did: the forms added and, per row (from
// 1), the follow-ups ignored after «Нет» to their filter.
type PaperResult struct {
	Added   int
	Ignored map[int][]string
}

// AddPaperSurveys counts a batch of paper forms, all or none. Field errors
// are named "r<row>.<field>" ("r3.comfort"), plus "batch" and "rows" (no
// form typed). Errors: ENotFound, EForbidden, EInvalid.
func (s *Service) AddPaperSurveys(ctx context.Context, who Caller, in PaperEntry) (PaperResult, error) {
	inst, err := s.surveyInstitution(ctx, who, in.InstitutionID, domain.ActEnterSurvey)
	if err != nil {
		return PaperResult{}, err
	}
	var fe domain.FieldErrors
	batch := requiredText(&fe, "batch", in.Batch, maxBatch)
	now := s.now()
	out := PaperResult{Ignored: map[int][]string{}}
	var recs []domain.SurveyRecord
	for i, row := range in.Rows {
		if blankForm(row) {
			continue
		}
		resp, ignored, err := domain.ParseSurvey(row)
		if len(ignored) > 0 {
			out.Ignored[i+1] = ignored
		}
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			for f, m := range ve.Fields {
				fe.Add(fmt.Sprintf("r%d.%s", i+1, f), m)
			}
			continue
		}
		recs = append(recs, domain.SurveyRecord{At: now, Month: domain.MonthOf(now, inst.Location()), Source: domain.SurveyPaper,
			Response: resp, Batch: batch, EnteredBy: who.User.ID})
	}
	if len(recs) == 0 && len(fe) == 0 {
		fe.Add("rows", "survey.paper.error.none")
	}
	if err := fe.Err(); err != nil {
		return out, err
	}
	audit := domain.AuditEntry{ActorID: who.User.ID, ActorEmail: who.User.Email, Action: "survey_paper_added",
		Detail: fmt.Sprintf("%d: %s", len(recs), batch)}
	if err := s.store.AddPaperSurveys(ctx, who.Scope(), inst.ID, recs, audit); err != nil {
		return out, err
	}
	out.Added = len(recs)
	return out, nil
}

// blankForm reports whether nothing at all was typed in a row.
func blankForm(f domain.SurveyForm) bool {
	for _, v := range f.Answers {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return strings.TrimSpace(f.Suggestion+f.Sex+f.Age) == ""
}

// PaperWithdrawal removes a paper form from the figures, or corrects it
// (Replacement set): the old row stays, with the reason.
type PaperWithdrawal struct {
	InstitutionID int64
	ID            int64
	Reason        string
	Replacement   *domain.SurveyForm
}

// WithdrawPaperSurvey removes or corrects one paper form. Errors:
// ENotFound (foreign, web or already withdrawn), EForbidden, EInvalid
// ("reason", or the replacement's fields).
func (s *Service) WithdrawPaperSurvey(ctx context.Context, who Caller, in PaperWithdrawal) error {
	inst, err := s.surveyInstitution(ctx, who, in.InstitutionID, domain.ActEnterSurvey)
	if err != nil {
		return err
	}
	var fe domain.FieldErrors
	reason := requiredText(&fe, "reason", in.Reason, maxWithdrawNote)
	var repl *domain.SurveyRecord
	action := "survey_removed"
	if in.Replacement != nil {
		action = "survey_corrected"
		resp, _, err := domain.ParseSurvey(*in.Replacement)
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			for f, m := range ve.Fields {
				fe.Add(f, m)
			}
		}
		repl = &domain.SurveyRecord{At: s.now(), Response: resp, EnteredBy: who.User.ID}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	audit := domain.AuditEntry{ActorID: who.User.ID, ActorEmail: who.User.Email, Action: action}
	return s.store.WithdrawSurvey(ctx, who.Scope(), inst.ID, in.ID, reason, repl, audit)
}

// requiredText trims a required text field, adding its error
// (survey.paper.error.<field>, or …_long over max characters) to fe.
func requiredText(fe *domain.FieldErrors, field, v string, max int) string {
	v = strings.TrimSpace(v)
	if v == "" {
		fe.Add(field, "survey.paper.error."+field)
	} else if utf8.RuneCountInString(v) > max {
		fe.Add(field, "survey.paper.error."+field+"_long")
	}
	return v
}

// HideSuggestion hides a visitor's suggestion from the results page, with a
// reason (the director's, or the admin's). Errors: ENotFound, EForbidden,
// EInvalid ("reason"), EConflict (hidden already).
func (s *Service) HideSuggestion(ctx context.Context, who Caller, institutionID, id int64, reason string) error {
	inst, err := s.surveyInstitution(ctx, who, institutionID, domain.ActEditPlan)
	if err != nil {
		return err
	}
	var fe domain.FieldErrors
	reason = requiredText(&fe, "reason", reason, maxWithdrawNote)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.store.HideSuggestion(ctx, who.Scope(), inst.ID, id, who.User.ID, reason)
}
