package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"planboard/domain"
)

const libraryQ = "/q/centralnaya-biblioteka"

var surveyTokenRe = regexp.MustCompile(`name="token" value="([^"]+)"`)

// surveyAnswers answers every question «Да», the keys in no «Нет».
func surveyAnswers(token string, no ...string) url.Values {
	v := url.Values{"token": {token}}
	for _, q := range domain.SurveyQuestions() {
		v.Set(q.Key, "yes")
	}
	for _, k := range no {
		v.Set(k, "no")
	}
	return v
}

// openSurvey loads the form and returns its token.
func openSurvey(t *testing.T, c *client, path string) string {
	t.Helper()
	r := c.get(path)
	m := surveyTokenRe.FindStringSubmatch(r.Body)
	if r.Status != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %d\n%s", path, r.Status, r.Body)
	}
	return m[1]
}

// surveyForms counts the library's questionnaires by source this month.
func surveyForms(t *testing.T, e *env) map[string]int {
	t.Helper()
	lib, err := e.store.InstitutionBySlug(context.Background(), "centralnaya-biblioteka")
	if err != nil {
		t.Fatal(err)
	}
	counts, err := e.store.SurveyCounts(context.Background(), domain.Scope{All: true}, lib.ID, domain.MonthOf(e.now, lib.Location()))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, c := range counts {
		if c.Part == "" {
			out[c.Source] += c.Respondents
		}
	}
	return out
}

// The public questionnaire: one page of fieldsets with «Да»/«Нет», bad
// input shown again with everything kept and nothing saved, a follow-up
// after «Нет» ignored and said so, a replay and a second answer the same
// day not counted, a burst answered 429 with the wait in words.
func TestSurveyPublicForm(t *testing.T) {
	e := newEnv(t)
	v := e.client()
	r := v.get(libraryQ)
	for _, want := range []string{`<fieldset id="q-stand_used"`, "<legend>", `value="yes"`, "> Да</label>", "> Нет</label>",
		`data-filter="stand_used"`, "Отвечайте, только если на вопрос 1 вы ответили «Да».", `name="website"`, `<html lang="ru">`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "<script src=\"http") || r.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("a third-party script or a frameable form: %v", r.Header)
	}
	if emb := v.get(libraryQ + "/embed"); emb.Status != http.StatusOK || emb.Header.Get("X-Frame-Options") != "" ||
		!strings.Contains(emb.Header.Get("Content-Security-Policy"), "frame-ancestors *") || !strings.Contains(emb.Body, `action="`+libraryQ+`/embed"`) {
		t.Errorf("the embeddable form: %d %v", emb.Status, emb.Header)
	}
	if en := v.get(libraryQ + "?lang=en&large=1"); !strings.Contains(en.Body, `<html lang="en">`) || !strings.Contains(en.Body, "information stands") ||
		!strings.Contains(en.Body, `class="survey large"`) {
		t.Error("no English or larger-text form")
	}
	if miss := v.get("/q/no-such-place"); miss.Status != http.StatusNotFound || !strings.Contains(miss.Body, "Анкета не найдена") {
		t.Errorf("an unknown slug: %d", miss.Status)
	}

	// Bad input: an unanswered question, a forged value, too long a text.
	tok := openSurvey(t, v, libraryQ)
	bad := surveyAnswers(tok, "recommend")
	bad.Del("comfort")
	bad.Set("overall", "maybe")
	bad.Set("suggestion", strings.Repeat("ж", domain.MaxSuggestion+1))
	r = v.post(libraryQ, bad)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad input: %d", r.Status)
	}
	for _, want := range []string{`id="error-summary"`, `href="#comfort"`, "Ответьте «Да» или «Нет» на вопрос 5.", `href="#overall"`,
		`href="#suggestion"`, `name="recommend" value="no" checked`, "жжж", `value="` + tok + `"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if n := surveyForms(t, e); len(n) != 0 {
		t.Errorf("bad input saved: %v", n)
	}

	// A good form, with a follow-up answered after «Нет» to its filter.
	good := surveyAnswers(tok, "disability", "overall")
	good.Set("access_ok", "no")
	good.Set("suggestion", "Поставьте кулер у гардероба")
	r = v.post(libraryQ, good)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "Спасибо за ответы!") || !strings.Contains(r.Body, `role="status"`) ||
		!strings.Contains(r.Body, "Ответ на вопрос 7 не учтён: на вопрос 6 вы ответили «Нет».") || !strings.Contains(r.Body, "bus.gov.ru") {
		t.Fatalf("sending: %d\n%s", r.Status, r.Body)
	}
	if n := surveyForms(t, e); n[domain.SurveyWeb] != 1 {
		t.Errorf("after one form: %v", n)
	}
	// The same browser again today; the same form from another browser.
	if r = v.post(libraryQ, surveyAnswers(openSurvey(t, v, libraryQ))); r.Status != http.StatusConflict || !strings.Contains(r.Body, "Сегодня с этого устройства") {
		t.Errorf("a second answer today: %d", r.Status)
	}
	if r = e.client().post(libraryQ, good); r.Status != http.StatusConflict || !strings.Contains(r.Body, "уже отправлена и учтена один раз") {
		t.Errorf("a replayed form: %d", r.Status)
	}
	// Kiosk mode: no daily cookie, a fresh form after each; the address's
	// limit (20 in 10 minutes, the first web form included) holds.
	k := e.client()
	for i := 0; i < 19; i++ {
		r = k.post(libraryQ, mergeKiosk(surveyAnswers(openSurvey(t, k, libraryQ+"?kiosk=1"))))
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `data-kiosk="1"`) {
			t.Fatalf("kiosk form %d: %d", i, r.Status)
		}
	}
	r = k.post(libraryQ, mergeKiosk(surveyAnswers(openSurvey(t, k, libraryQ+"?kiosk=1"))))
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Попробуйте снова через 10 минут") || r.Header.Get("Retry-After") == "" {
		t.Errorf("a burst: %d\n%s", r.Status, r.Body)
	}
	if n := surveyForms(t, e); n[domain.SurveyWeb] != 1 || n[domain.SurveyKiosk] != 19 {
		t.Errorf("counted: %v", n)
	}
}

func mergeKiosk(v url.Values) url.Values { v.Set("kiosk", "1"); return v }

// The poster and the QR code name the questionnaire's full address.
func TestSurveyPosterAndQR(t *testing.T) {
	e := newEnv(t)
	v := e.client()
	r := v.get(libraryQ + "/poster.pdf")
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("poster: %d %v", r.Status, r.Header)
	}
	if text := pdfText(t, []byte(r.Body)); !strings.Contains(text, "Оцените, пожалуйста") || !strings.Contains(text, "example.com/q/centralnaya-biblioteka") {
		t.Errorf("poster text: %s", text)
	}
	if r = v.get(libraryQ + "/qr.png"); r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "\x89PNG") {
		t.Errorf("png: %d", r.Status)
	}
	if r = v.get(libraryQ + "/qr.svg"); r.Status != http.StatusOK || !strings.Contains(r.Body, "<svg") {
		t.Errorf("svg: %d", r.Status)
	}
}
