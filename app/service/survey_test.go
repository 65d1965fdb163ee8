package service_test

import (
	"testing"

	"planboard/app/service"
	"planboard/domain"
)

// surveyForm answers every question «Да» (the filters too), the follow-ups
// of the filters listed in no as «Нет».
func surveyForm(no ...string) domain.SurveyForm {
	f := domain.SurveyForm{Answers: map[string]string{}}
	for _, q := range domain.SurveyQuestions() {
		f.Answers[q.Key] = "yes"
	}
	for _, k := range no {
		f.Answers[k] = "no"
	}
	return f
}

// A visitor's questionnaire is counted once: a replayed, forged or robot's
// form is not; the results show it by source and keep to the tenant.
func TestSubmitSurveyCountsOnce(t *testing.T) {
	e := newEnv(t)
	start, err := e.svc.StartSurvey(e.ctx, e.library.Slug)
	if err != nil || start.Institution.ID != e.library.ID {
		t.Fatalf("start: %+v, %v", start, err)
	}
	if _, err := e.svc.StartSurvey(e.ctx, "no-such-slug"); code(err) != domain.ENotFound {
		t.Errorf("an unknown slug: %v", err)
	}
	in := service.SurveySubmission{Slug: e.library.Slug, Form: surveyForm("overall", "disability"), Token: start.Token, ClientIP: "192.0.2.7"}
	in.Form.Answers["access_ok"] = "no" // after «Нет» to its filter: ignored
	out, err := e.svc.SubmitSurvey(e.ctx, in)
	if err != nil || !out.Saved || len(out.Ignored) != 1 || out.Ignored[0] != "access_ok" {
		t.Fatalf("submit: %+v, %v", out, err)
	}
	if _, err := e.svc.SubmitSurvey(e.ctx, in); code(err) != domain.EConflict {
		t.Errorf("a replayed form: %v", err)
	}
	forged := in
	forged.Token = start.Token[:len(start.Token)-2] + "xx"
	if _, err := e.svc.SubmitSurvey(e.ctx, forged); code(err) != domain.EInvalid {
		t.Errorf("a forged token: %v", err)
	}
	museum, _ := e.svc.StartSurvey(e.ctx, e.museum.Slug)
	other := in
	other.Token = museum.Token // the museum's token on the library's form
	if _, err := e.svc.SubmitSurvey(e.ctx, other); code(err) != domain.EInvalid {
		t.Errorf("another institution's token: %v", err)
	}
	robot := in
	robot.Token, _ = tokenOf(e, e.library.Slug)
	robot.Honeypot = "http://spam.example"
	if out, err := e.svc.SubmitSurvey(e.ctx, robot); err != nil || out.Saved {
		t.Errorf("a robot's form: %+v, %v", out, err)
	}
	bad := in
	bad.Token, _ = tokenOf(e, e.library.Slug)
	delete(bad.Form.Answers, "comfort")
	if _, err := e.svc.SubmitSurvey(e.ctx, bad); code(err) != domain.EInvalid {
		t.Errorf("an unanswered question: %v", err)
	}

	res, err := e.svc.SurveyResults(e.ctx, e.as("director2@example.org"), e.library.ID)
	if err != nil {
		t.Fatal(err)
	}
	month := res.Periods[0]
	if month.Total != 1 || month.BySource[domain.SurveyWeb] != 1 {
		t.Errorf("this month: %+v", month)
	}
	for _, si := range month.Indicators {
		switch {
		case si.Code == "3.3" && si.Has:
			t.Errorf("3.3 counted a follow-up after «Нет»: %+v", si)
		case si.Code == "5.3" && (si.Value != 0 || si.N != 1):
			t.Errorf("5.3 = %+v", si)
		case si.Code == "4.1" && (si.Value != 100 || si.N != 1):
			t.Errorf("4.1 = %+v", si)
		}
	}
	if len(res.Months) != 12 || res.Months[11].Total != 1 {
		t.Errorf("months: %+v", res.Months)
	}
	if !res.CanEnter {
		t.Error("the director may not type in paper forms")
	}
	if _, err := e.svc.SurveyResults(e.ctx, e.as("director@example.org"), e.library.ID); code(err) != domain.ENotFound {
		t.Errorf("another institution's director: %v", err)
	}
}

func tokenOf(e *env, slug string) (string, error) {
	s, err := e.svc.StartSurvey(e.ctx, slug)
	return s.Token, err
}
