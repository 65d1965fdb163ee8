package public

import (
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/internal/render"
	"planboard/app/service"
	"planboard/domain"
)

// The visitors' questionnaire (docs/survey.md): /q/{slug} for visitors,
// ?kiosk=1 on a tablet at the exit, /q/{slug}/embed framed in the
// institution's own site. No session and no CSRF token: the signed
// one-time form token stops replays, a cookie one answer a day per browser
// (outside kiosk mode), a keyed hash of the address a burst.

// surveyCookie names the cookie that says a browser answered the
// questionnaire of slug today (its value is the day).
func surveyCookie(slug string) string { return "pb_q_" + url.QueryEscape(slug) }

type surveyQuestion struct {
	domain.SurveyQuestion
	Text, Hint, Value, Ignored string
	Error                      string
}

// ErrorField is the question's error for the field_error partial.
func (q surveyQuestion) ErrorField() *fieldMsg {
	if q.Error == "" {
		return nil
	}
	return &fieldMsg{ID: q.Key, Text: q.Error}
}

type fieldMsg struct{ ID, Text string }

type surveyPage struct {
	render.Page
	Inst                                domain.Institution
	Questions                           []surveyQuestion
	Form                                domain.SurveyForm
	Token, Action, Notice               string
	Kiosk, Embed, Large                 bool
	Summary                             []fieldMsg
	SuggestionError, SexError, AgeError *fieldMsg
	base                                string
}

// VisuallyImpaired is the larger-text mode (render.Frame.VI).
func (p surveyPage) VisuallyImpaired() bool { return p.Large }

// Toggle is this page's address with the larger-text mode or the
// language switched.
func (p surveyPage) Toggle(what string) string {
	q := url.Values{}
	if p.Kiosk {
		q.Set("kiosk", "1")
	}
	large, lang := p.Large, p.Lang
	switch what {
	case "large":
		large = !large
	case "lang":
		lang = map[bool]string{true: "ru", false: "en"}[lang == "en"]
	}
	if large {
		q.Set("large", "1")
	}
	if lang == "en" {
		q.Set("lang", "en")
	}
	if len(q) == 0 {
		return p.base
	}
	return p.base + "?" + q.Encode()
}

type surveyDone struct {
	render.Page
	Inst             domain.Institution
	Missing, Kiosk   bool
	Large            bool
	Heading, Message string
	Ignored          []string
	Again            string
}

// VisuallyImpaired is the larger-text mode (render.Frame.VI).
func (p surveyDone) VisuallyImpaired() bool { return p.Large }

// surveyOpts reads the page's modes from the query or the form.
func (a *App) surveyPageOf(c *fiber.Ctx, embed bool) surveyPage {
	val := func(k string) string {
		if c.Method() == fiber.MethodPost {
			return c.FormValue(k)
		}
		return c.Query(k)
	}
	p := surveyPage{Page: a.pages.Anonymous("survey.title"), Kiosk: val("kiosk") == "1", Embed: embed, Large: val("large") == "1"}
	if val("lang") == "en" {
		p.Locale = a.pages.Cat.In("en")
		p.Title = p.T("survey.title")
	}
	p.base = "/q/" + url.PathEscape(c.Params("slug"))
	if embed {
		p.base += "/embed"
	}
	p.Action = p.base
	return p
}

// surveyForm shows the questionnaire.
func (a *App) surveyForm(c *fiber.Ctx) error { return a.showSurvey(c, false) }

// surveyEmbed shows the questionnaire for a frame in the institution's site.
func (a *App) surveyEmbed(c *fiber.Ctx) error { return a.showSurvey(c, true) }

func (a *App) showSurvey(c *fiber.Ctx, embed bool) error {
	p := a.surveyPageOf(c, embed)
	st, err := a.svc.StartSurvey(c.UserContext(), c.Params("slug"))
	if domain.ErrorCode(err) == domain.ENotFound {
		return a.surveyMissing(c, p)
	}
	if err != nil {
		return err
	}
	p.Inst, p.Token = st.Institution, st.Token
	p.Questions = a.surveyQuestions(p, domain.SurveyForm{}, nil, nil)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return a.surveyRender(c, fiber.StatusOK, "survey", p)
}

// surveySubmit counts a sent questionnaire, or shows it again with the
// messages at the top and everything chosen kept.
func (a *App) surveySubmit(c *fiber.Ctx) error { return a.sendSurvey(c, false) }

// surveyEmbedSubmit is surveySubmit inside the frame.
func (a *App) surveyEmbedSubmit(c *fiber.Ctx) error { return a.sendSurvey(c, true) }

func (a *App) sendSurvey(c *fiber.Ctx, embed bool) error {
	p := a.surveyPageOf(c, embed)
	form := domain.SurveyForm{Answers: map[string]string{}, Suggestion: c.FormValue("suggestion"), Sex: c.FormValue("sex"), Age: c.FormValue("age")}
	for _, q := range domain.SurveyQuestions() {
		form.Answers[q.Key] = c.FormValue(q.Key)
	}
	in := service.SurveySubmission{Slug: c.Params("slug"), Form: form, Kiosk: p.Kiosk, Token: c.FormValue("token"),
		ClientIP: c.IP(), Honeypot: c.FormValue("website")}
	if !p.Kiosk {
		in.AnsweredOn = c.Cookies(surveyCookie(c.Params("slug")))
	}
	out, err := a.svc.SubmitSurvey(c.UserContext(), in)
	if domain.ErrorCode(err) == domain.ENotFound {
		return a.surveyMissing(c, p)
	}
	p.Inst = out.Institution
	done := surveyDone{Page: p.Page, Inst: out.Institution, Kiosk: p.Kiosk, Large: p.Large, Again: p.Toggle("")}
	switch {
	case err == nil && !out.BlockedUntil.IsZero():
		wait := int(out.BlockedUntil.Sub(a.now()).Round(time.Minute) / time.Minute)
		if wait < 1 {
			wait = 1
		}
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(wait*60))
		done.Heading, done.Message = p.T("survey.title"), p.T("survey.busy", p.Page.MinutesText(wait))
		return a.surveyRender(c, fiber.StatusTooManyRequests, "survey_done", done)
	case domain.ErrorCode(err) == domain.EConflict:
		done.Heading, done.Message = p.T("survey.thanks.title"), p.T(conflictKey(err))
		return a.surveyRender(c, fiber.StatusConflict, "survey_done", done)
	case domain.ErrorCode(err) == domain.EInvalid:
		fields := validationFields(err)
		if _, stale := fields["token"]; stale {
			if st, e := a.svc.StartSurvey(c.UserContext(), c.Params("slug")); e == nil {
				p.Token = st.Token
			}
			p.Notice = p.T("survey.error.token")
		} else {
			p.Token = c.FormValue("token")
		}
		p.Form = form
		p.Questions = a.surveyQuestions(p, form, fields, out.Ignored)
		a.surveyFieldErrors(&p, fields)
		return a.surveyRender(c, fiber.StatusUnprocessableEntity, "survey", p)
	case err != nil:
		return err
	}
	for _, k := range out.Ignored {
		q, f := questionNumbers(k)
		done.Ignored = append(done.Ignored, p.T("survey.ignored", q, f))
	}
	if !p.Kiosk && out.Saved {
		c.Cookie(&fiber.Cookie{Name: surveyCookie(c.Params("slug")), Value: out.Day, Path: "/q/" + url.PathEscape(c.Params("slug")), MaxAge: 2 * 24 * 3600,
			HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: c.Protocol() == "https"})
	}
	return a.surveyRender(c, fiber.StatusOK, "survey_done", done)
}

// surveyRender prints a questionnaire page; the embeddable ones may be framed.
func (a *App) surveyRender(c *fiber.Ctx, status int, name string, data any) error {
	return a.pages.In(c, status, name, "surveybase", data)
}

// surveyMissing is the 404 page of an unknown slug, in words.
func (a *App) surveyMissing(c *fiber.Ctx, p surveyPage) error {
	return a.surveyRender(c, fiber.StatusNotFound, "survey_done", surveyDone{Page: p.Page, Missing: true, Large: p.Large})
}

// surveyQuestions builds the questions with what was chosen and their messages.
func (a *App) surveyQuestions(p surveyPage, f domain.SurveyForm, fields domain.FieldErrors, ignored []string) []surveyQuestion {
	skipped := map[string]bool{}
	for _, k := range ignored {
		skipped[k] = true
	}
	var out []surveyQuestion
	for _, q := range domain.SurveyQuestions() {
		sq := surveyQuestion{SurveyQuestion: q, Text: p.T("survey.q." + q.Key), Value: f.Answers[q.Key]}
		if sq.Value != "yes" && sq.Value != "no" {
			sq.Value = ""
		}
		if q.Filter != "" {
			_, filter := questionNumbers(q.Key)
			sq.Hint = p.T("survey.follow_hint", filter)
			if skipped[q.Key] {
				sq.Ignored = p.T("survey.ignored", q.Number, filter)
			}
		}
		if key, bad := fields[q.Key]; bad {
			sq.Error = surveyMessage(p.Page, key, q.Number)
		}
		out = append(out, sq)
	}
	return out
}

// surveyFieldErrors fills the summary at the top and the other fields' messages.
func (a *App) surveyFieldErrors(p *surveyPage, fields domain.FieldErrors) {
	for _, q := range p.Questions {
		if q.Error != "" {
			p.Summary = append(p.Summary, fieldMsg{ID: q.Key, Text: q.Error})
		}
	}
	for _, f := range []struct {
		name string
		dst  **fieldMsg
	}{{"suggestion", &p.SuggestionError}, {"sex", &p.SexError}, {"age", &p.AgeError}} {
		if key, bad := fields[f.name]; bad {
			m := &fieldMsg{ID: f.name, Text: surveyMessage(p.Page, key, 0)}
			*f.dst = m
			p.Summary = append(p.Summary, *m)
		}
	}
}

// surveyMessage words a field error; the required one names its question.
func surveyMessage(p render.Page, key string, number int) string {
	if key == "survey.error.required" {
		return p.T(key, number)
	}
	return p.T(key)
}

// questionNumbers gives a follow-up's number and its filter's.
func questionNumbers(key string) (int, int) {
	num := map[string]int{}
	var q domain.SurveyQuestion
	for _, x := range domain.SurveyQuestions() {
		num[x.Key] = x.Number
		if x.Key == key {
			q = x
		}
	}
	return q.Number, num[q.Filter]
}

// conflictKey is the catalogue key of a conflict (replayed, answered today).
func conflictKey(err error) string {
	var de *domain.Error
	if errors.As(err, &de) && de.Message != "" {
		return de.Message
	}
	return "survey.error.replayed"
}

// validationFields are a validation error's fields by name.
func validationFields(err error) domain.FieldErrors {
	var fe domain.FieldErrors
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields
	}
	var de *domain.Error
	if errors.As(err, &de) && de.Field != "" {
		fe.Add(de.Field, de.Message)
	}
	return fe
}
