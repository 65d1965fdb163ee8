package service

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"planboard/domain"
)

// SurveyStore is what the visitors' questionnaire needs (docs/survey.md).
type SurveyStore interface {
	Institution(ctx context.Context, sc domain.Scope, id int64) (domain.Institution, error)
	InstitutionBySlug(ctx context.Context, slug string) (domain.Institution, error)
	Secret(ctx context.Context, name string) ([]byte, error)
	AddSurveyResponse(ctx context.Context, r domain.SurveyRecord, lim domain.SurveyLimit) (time.Time, error)
	SurveyCounts(ctx context.Context, sc domain.Scope, institutionID int64, from domain.Date) ([]domain.SurveyCount, error)
	SurveySuggestions(ctx context.Context, sc domain.Scope, institutionID int64, limit int) ([]domain.SurveySuggestion, error)
	LatestAssessment(ctx context.Context, sc domain.Scope, institutionID int64, year int) (domain.Assessment, error)
}

// The questionnaire's limits: a form token lives a day; an address may send
// surveyBurst forms within surveyWindow (a kiosk at the exit included).
const (
	surveyTokenTTL = 24 * time.Hour
	surveyWindow   = 10 * time.Minute
	surveyBurst    = 20
	surveySecret   = "survey"
)

// SurveyStart is what the public form needs: its institution and a fresh
// one-time token.
type SurveyStart struct {
	Institution domain.Institution
	Token       string
}

// StartSurvey opens the questionnaire of the institution with the public
// slug. Errors: ENotFound (no such slug).
func (s *Service) StartSurvey(ctx context.Context, slug string) (SurveyStart, error) {
	inst, err := s.store.InstitutionBySlug(ctx, slug)
	if err != nil {
		return SurveyStart{}, err
	}
	tok, err := s.surveyToken(ctx, inst.ID)
	return SurveyStart{Institution: inst, Token: tok}, err
}

// SurveySubmission is a sent questionnaire as the public form posts it.
type SurveySubmission struct {
	Slug     string
	Form     domain.SurveyForm
	Kiosk    bool
	Token    string
	ClientIP string
	Honeypot string // a field people do not see; filled by robots
	// AnsweredOn is the day (YYYY-MM-DD) this browser last answered, from
	// its cookie; outside kiosk mode a browser answers once a day.
	AnsweredOn string
}

// SurveyOutcome is what sending did.
type SurveyOutcome struct {
	Institution  domain.Institution
	Ignored      []string  // follow-ups answered after «Нет» to their filter
	BlockedUntil time.Time // set when the address's limit refused the form
	Saved        bool      // false for a robot's form (the thank-you page all the same)
	Day          string    // today in the institution's zone (YYYY-MM-DD): the browser's cookie
}

// SubmitSurvey counts one questionnaire: the token must be this
// institution's and unused, the address under its limit; a filled
// honeypot is thanked and dropped. Errors: ENotFound (no such slug),
// EInvalid (field errors; «survey.error.token» for a forged or expired
// token), EConflict («survey.error.replayed»: the form was sent already).
func (s *Service) SubmitSurvey(ctx context.Context, in SurveySubmission) (SurveyOutcome, error) {
	inst, err := s.store.InstitutionBySlug(ctx, in.Slug)
	if err != nil {
		return SurveyOutcome{}, err
	}
	now := s.now()
	out := SurveyOutcome{Institution: inst, Day: domain.Today(now, inst.Location()).String()}
	key, err := s.store.Secret(ctx, surveySecret)
	if err != nil {
		return out, err
	}
	nonce, ok := checkSurveyToken(key, in.Token, inst.ID, s.now())
	if !ok {
		return out, domain.FieldError("token", "survey.error.token")
	}
	if !in.Kiosk && in.AnsweredOn == out.Day {
		return out, &domain.Error{Code: domain.EConflict, Message: "survey.error.today"}
	}
	resp, ignored, err := domain.ParseSurvey(in.Form)
	out.Ignored = ignored
	if err != nil {
		return out, err
	}
	if in.Honeypot != "" {
		return out, nil
	}
	source := domain.SurveyWeb
	if in.Kiosk {
		source = domain.SurveyKiosk
	}
	rec := domain.SurveyRecord{InstitutionID: inst.ID, At: now, Month: domain.MonthOf(now, inst.Location()), Source: source, Response: resp}
	lim := domain.SurveyLimit{Addr: addrHash(key, in.ClientIP), Nonce: nonce, Window: surveyWindow, Max: surveyBurst, TokenTTL: surveyTokenTTL}
	out.BlockedUntil, err = s.store.AddSurveyResponse(ctx, rec, lim)
	out.Saved = err == nil && out.BlockedUntil.IsZero()
	return out, err
}

// surveyToken is a fresh form token: nonce.unix.institution.mac.
func (s *Service) surveyToken(ctx context.Context, inst int64) (string, error) {
	key, err := s.store.Secret(ctx, surveySecret)
	if err != nil {
		return "", err
	}
	nonce := strings.ReplaceAll(s.token(), ".", "-")
	if len(nonce) > 43 {
		nonce = nonce[:43]
	}
	body := nonce + "." + strconv.FormatInt(s.now().Unix(), 10) + "." + strconv.FormatInt(inst, 10)
	return body + "." + mac(key, body), nil
}

// checkSurveyToken returns the token's nonce when its MAC holds, it names
// inst and it is younger than surveyTokenTTL.
func checkSurveyToken(key []byte, tok string, inst int64, now time.Time) (string, bool) {
	i := strings.LastIndexByte(tok, '.')
	if i < 0 || !hmac.Equal([]byte(tok[i+1:]), []byte(mac(key, tok[:i]))) {
		return "", false
	}
	f := strings.Split(tok[:i], ".")
	if len(f) != 3 || f[2] != strconv.FormatInt(inst, 10) {
		return "", false
	}
	unix, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return "", false
	}
	age := now.Sub(time.Unix(unix, 0))
	if age < -time.Minute || age > surveyTokenTTL {
		return "", false
	}
	return f[0], true
}

func mac(key []byte, s string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:16])
}

// addrHash is the keyed hash the rate limit counts by: never the address.
func addrHash(key []byte, ip string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("addr:" + ip))
	return h.Sum(nil)[:16]
}
