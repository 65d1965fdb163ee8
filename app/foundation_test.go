package app_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"planboard/app"
	"planboard/domain"
	"planboard/views"
)

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	for _, path := range []string{"/healthz", "/readyz"} {
		if r := c.get(path); r.Status != http.StatusOK {
			t.Errorf("%s = %d %s", path, r.Status, r.Body)
		}
	}
	// /metrics is not public: the test connection is not loopback.
	if r := c.get("/metrics"); r.Status != http.StatusNotFound {
		t.Errorf("/metrics from afar = %d, want 404", r.Status)
	}
}

// TestMetricsAccess: /metrics answers a direct connection from this
// machine without a token, nobody relayed by a proxy, and with
// PLANBOARD_METRICS_TOKEN set only the bearer of the token.
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	get := func(a *app.App, header, value string) (int, string) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() { _ = a.Fiber().Listener(ln) }()
		defer func() { _ = a.Fiber().Shutdown() }()
		req, _ := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+"/metrics", nil)
		if header != "" {
			req.Header.Set(header, value)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	newApp := func(token string) *app.App {
		a, err := app.New(app.Deps{Store: e.store, Now: func() time.Time { return e.now }, Config: app.Config{MetricsToken: token}})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if code, body := get(newApp(""), "", ""); code != http.StatusOK || !strings.Contains(body, "planboard_http_requests_total") {
		t.Errorf("/metrics from loopback = %d\n%s", code, body)
	}
	if code, _ := get(newApp(""), "X-Forwarded-For", "203.0.113.9"); code != http.StatusNotFound {
		t.Errorf("/metrics through a proxy = %d, want 404", code)
	}
	if code, _ := get(newApp("s3cret-token"), "", ""); code != http.StatusNotFound {
		t.Errorf("/metrics without the token = %d, want 404", code)
	}
	if code, _ := get(newApp("s3cret-token"), "Authorization", "Bearer wrong"); code != http.StatusNotFound {
		t.Errorf("/metrics with a wrong token = %d, want 404", code)
	}
	if code, body := get(newApp("s3cret-token"), "Authorization", "Bearer s3cret-token"); code != http.StatusOK || !strings.Contains(body, "planboard_http_requests_total") {
		t.Errorf("/metrics with the token = %d\n%s", code, body)
	}
}

func TestLoginLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	if r := c.get("/"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Fatalf("anonymous / = %d → %q, want redirect to /login", r.Status, r.Location)
	}
	c.get("/login")
	// Wrong password and unknown e-mail get the same generic message; the e-mail typed is kept.
	for _, email := range []string{"director@example.org", "nobody@example.org"} {
		r := c.post("/login", url.Values{"email": {email}, "password": {"wrong-password"}})
		if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "Неверный адрес электронной почты или пароль") {
			t.Errorf("bad login %s = %d", email, r.Status)
		}
		if !strings.Contains(r.Body, `value="`+email+`"`) {
			t.Errorf("bad login %s: typed e-mail not kept", email)
		}
	}
	before := c.Cookies["pb_session"]
	r := c.post("/login", url.Values{"email": {"Director@Example.org "}, "password": {"demo-password"}, "next": {"/plans/1"}})
	if r.Status != http.StatusSeeOther || r.Location != "/plans/1" {
		t.Fatalf("login = %d → %q", r.Status, r.Location)
	}
	if c.Cookies["pb_session"] == "" || c.Cookies["pb_session"] == before {
		t.Fatal("login did not set a fresh session cookie")
	}
	home := c.get("/")
	if home.Status != http.StatusOK || !strings.Contains(home.Body, "Иванов Сергей Петрович") {
		t.Fatalf("home after login = %d", home.Status)
	}
	session := c.Cookies["pb_session"]
	if r := c.post("/logout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("logout = %d", r.Status)
	}
	// The old cookie no longer opens anything.
	c.Cookies["pb_session"] = session
	if r := c.get("/"); r.Status != http.StatusSeeOther {
		t.Errorf("after logout, old session cookie still works: %d", r.Status)
	}
}

func TestOpenRedirectRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, next := range []string{"https://evil.example", "//evil.example", "/\\evil.example"} {
		c := e.client()
		c.get("/login")
		r := c.post("/login", url.Values{"email": {"staff@example.org"}, "password": {"demo-password"}, "next": {next}})
		if r.Location != "/" {
			t.Errorf("next=%q redirected to %q", next, r.Location)
		}
	}
}

func TestCSRFRequired(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("director@example.org")
	for _, tok := range []string{"", "forged-token"} {
		r := c.post("/logout", url.Values{"_csrf": {tok}})
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Форма устарела") {
			t.Errorf("logout with csrf %q = %d", tok, r.Status)
		}
	}
	if r := c.get("/"); r.Status != http.StatusOK {
		t.Errorf("session ended by a forged request: %d", r.Status)
	}
	// Anonymous forms are protected too.
	a := e.client()
	a.get("/login")
	r := a.post("/login", url.Values{"_csrf": {"x"}, "email": {"director@example.org"}, "password": {"demo-password"}})
	if r.Status != http.StatusForbidden {
		t.Errorf("login with forged csrf = %d", r.Status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.client().get("/login")
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
	} {
		if !strings.Contains(r.Header.Get(h), want) {
			t.Errorf("%s = %q, want %q", h, r.Header.Get(h), want)
		}
	}
	if strings.Contains(r.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
}

// TestEveryPageRenders opens every page template as a user would see it.
func TestEveryPageRenders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	anon := e.client()
	dir := e.login("director@example.org")
	plan := e.planID(museum)
	adm := e.login("admin@example.org")
	inst := e.institutionID(museum)
	ctx := context.Background()
	if _, err := e.store.EnqueueMail(ctx, domain.Mail{Kind: "reminder", SubjectID: 1, To: "a@example.org", Day: domain.NewDate(2026, 11, 23), Subject: "Срок", Text: "Текст"}, "test"); err != nil {
		t.Fatal(err)
	}
	var mailID int64
	if err := e.store.DB().NewRaw("SELECT max(id) FROM mail_outbox").Scan(ctx, &mailID); err != nil {
		t.Fatal(err)
	}
	token := "render-token-000000000000000000000000000001"
	if _, err := e.store.RequestReset(ctx, domain.ResetRequest{Email: "staff@example.org", At: e.now}, token, domain.Mail{Kind: "password_reset", Subject: "s", Text: "t"}, "test"); err != nil {
		t.Fatal(err)
	}
	items, err := e.store.PlanItems(ctx, domain.Scope{All: true}, plan)
	if err != nil || len(items) == 0 {
		t.Fatal(err)
	}
	firstItem := items[0].ID
	founder := e.login("founder@example.org")
	var reportPath string
	if err := e.store.DB().NewRaw("SELECT '/plans/' || plan_id || '/reports/' || id FROM progress_reports ORDER BY id LIMIT 1").Scan(ctx, &reportPath); err != nil {
		t.Fatal(err)
	}
	hookPath, tokenPath := renderHooks(t, e, inst)
	importPath := uploadPlan(t, dir, inst, "plan.docx", importDOCX(t, demoYear+1))
	dir.get(fmt.Sprintf("/plans/%d", plan))
	updatePath := dir.postFile(fmt.Sprintf("/plans/%d/update", plan), url.Values{}, "file", "plan.docx", importDOCX(t, demoYear)).Location
	pending := &domain.PendingInvitation{UserID: e.userID("director@example.org"), Email: "director@example.org", Role: domain.RoleStaff,
		InstitutionID: e.institutionID(library), CreatedAt: e.now, ExpiresAt: e.now.Add(domain.InvitationTTL)}
	if err := e.store.AddPendingInvitation(ctx, pending, domain.Mail{Kind: "membership_invitation", Subject: "s", Text: "t"}, "test"); err != nil {
		t.Fatal(err)
	}
	// A paper questionnaire to correct (docs/survey.md).
	if err := e.store.AddPaperSurveys(ctx, domain.Scope{All: true}, inst, []domain.SurveyRecord{{Month: domain.MonthOf(e.now, time.UTC),
		Batch: "Пачка", Response: domain.SurveyResponse{Answers: map[string]bool{"overall": true}}}}, domain.AuditEntry{Action: "survey_paper_added"}); err != nil {
		t.Fatal(err)
	}
	var paperForm string
	if err := e.store.DB().NewRaw("SELECT '/institutions/' || institution_id || '/survey/paper/' || max(id) FROM survey_responses GROUP BY institution_id").Scan(ctx, &paperForm); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		c    *client
		path string
		code int
		want string
	}{
		{"tokens", dir, "/settings/tokens", 200, "Токены доступа к API"},
		{"admin_tokens", adm, "/admin/tokens", 200, "director@example.org"},
		{"token_revoke", dir, tokenPath, 200, "Да, отозвать"},
		{"webhooks", dir, fmt.Sprintf("/institutions/%d/webhooks", inst), 200, "https://93.184.216.34/render"},
		{"webhook", dir, hookPath, 200, "whsec_"},
		{"login", anon, "/login", 200, "Вход"},
		{"plan_import", dir, importPath, 200, "Создать план"},
		{"plan_update", dir, updatePath, 200, "Применить"},
		{"plan_print", dir, fmt.Sprintf("/plans/%d/print", plan), 200, "УТВЕРЖДАЮ"},
		{"invitations", dir, "/invitations", 200, "Центральная городская библиотека"},
		{"invitation_decline", dir, fmt.Sprintf("/invitations/%d/decline", pending.ID), 200, "Отклонить приглашение?"},
		{"home", dir, "/", 200, "Краеведческий музей"},
		{"plan", dir, fmt.Sprintf("/plans/%d", plan), 200, "I. Открытость и доступность информации"},
		{"error", dir, "/no-such-page", 404, "Страница не найдена"},
		{"admin", adm, "/admin", 200, "Добавить учредителя"},
		{"admin_mail", adm, "/admin/mail", 200, "Последние письма (не более 200)"},
		{"admin_mail_show", adm, fmt.Sprintf("/admin/mail/%d", mailID), 200, "Срок"},
		{"audit", adm, "/admin/audit", 200, "Кого касается"},
		{"admin_calendar", adm, "/admin/calendar?year=2026", 200, "Постановление Правительства РФ от 24.09.2025 № 1466"},
		{"institution_mail_rules", dir, fmt.Sprintf("/institutions/%d/mail-rules", inst), 200, "Повторять письмо о просрочке каждые (дней)"},
		{"institutions", dir, "/institutions", 200, "Краеведческий музей"},
		{"link_gone", anon, "/password/set/no-such-token", 410, "Эта ссылка уже использована или срок её действия истёк"},
		{"members", dir, fmt.Sprintf("/institutions/%d/members", inst), 200, "Смирнова Анна Игоревна"},
		{"password_forgot", anon, "/password/forgot", 200, "Получить ссылку"},
		{"password_set", anon, "/password/set/" + token, 200, "Задайте новый пароль для входа с адресом staff@example.org"},
		{"profile", dir, "/profile", 200, "Иванов Сергей Петрович"},
		{"settings_notifications", dir, "/settings/notifications", 200, "Задача возвращена на доработку"},
		{"inbox", dir, "/notifications", 200, "Что приходит по почте, а что только сюда"},
		{"board", dir, fmt.Sprintf("/plans/%d/board", plan), 200, "Срок на этой неделе"},
		{"item", dir, fmt.Sprintf("/items/%d", firstItem), 200, "<h1>" + html.EscapeString(items[0].Measure) + "</h1>"},
		{"item_form", dir, fmt.Sprintf("/items/%d/edit", firstItem), 200, "Показатель (например, 3.1)"},
		{"confirm", dir, fmt.Sprintf("/items/%d/delete", firstItem), 200, "Удалить мероприятие?"},
		{"plan_new", dir, "/plans/new", 200, "Пустой план"},
		{"approval", dir, fmt.Sprintf("/plans/%d/approval", plan), 200, "Гриф утверждения"},
		{"calendar", dir, "/settings/calendar", 200, "Создать ссылку на календарь"},
		{"founder", founder, "/founder", 200, "Краеведческий музей"},
		{"progressreport", founder, reportPath, 200, "Графы 5а и 5б, зафиксированные на дату отчёта"},
		{"public", anon, "/p/centralnaya-biblioteka/" + demoYearS, 200, "УТВЕРЖДАЮ"},
		{"publicindex", anon, "/p/centralnaya-biblioteka", 200, demoYearS},
		{"unsubscribe", anon, unsubscribePath(t, e), 200, "Отписаться от сводок"},
		{"nok_assessments", founder, "/founder/assessments", 200, "Загрузка таблицы оператора"},
		{"nok_assessment", founder, fmt.Sprintf("/institutions/%d/assessments/%s", inst, demoYearS), 200, "Внести результаты"},
		{"nok_thresholds", founder, fmt.Sprintf("/founders/%d/thresholds", e.institution(museum).FounderID), 200, "Порог по умолчанию"},
		{"site", dir, fmt.Sprintf("/institutions/%d/site", inst), 200, "Адрес официального сайта"},
		{"survey", anon, "/q/kraevedcheskiy-muzey", 200, "Анкета для опроса получателей услуг"},
		{"survey_done", anon, "/q/no-such-slug", 404, "Анкета не найдена"},
		{"survey_results", dir, fmt.Sprintf("/institutions/%d/survey", inst), 200, "Анкета посетителей: результаты"},
		{"survey_paper", dir, fmt.Sprintf("/institutions/%d/survey/paper", inst), 200, "Ввод бумажных анкет"},
		{"survey_paper_form", dir, paperForm, 200, "Исправить или убрать бумажную анкету"},
		{"nok_proposal", dir, fmt.Sprintf("/plans/new/proposal?institution=%d&year=%s", inst, nextYearS), 200, "нет результатов независимой оценки"},
		{"plan_delete", dir, fmt.Sprintf("/plans/%d/delete", plan), 200, "Удалить черновик"},
		{"plan_restore", dir, fmt.Sprintf("/plans/%d/file-updates/%d/restore", plan, fileUpdateOf(t, e, plan)), 200, "Вернуть прежнюю версию"},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.name] = true
		r := tc.c.get(tc.path)
		if r.Status != tc.code || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: %s = %d, want %d with %q", tc.name, tc.path, r.Status, tc.code, tc.want)
		}
		if strings.Contains(r.Body, "{{") {
			t.Errorf("%s: unrendered template text", tc.name)
		}
	}
	// The import preview answers an upload only.
	if r := founder.upload("/founder/assessments", url.Values{"year": {demoYearS}}, "file", "nok.csv", []byte("Код;1.1\n"+museum+";80\n")); r.Status != 200 ||
		!strings.Contains(r.Body, "Сохранить результаты (1)") {
		t.Errorf("nok_preview: %d", r.Status)
	}
	covered["nok_preview"] = true
	for _, name := range renderUXPages(t, e, dir, plan) { // the review and confirmation pages (ux_pages_test.go)
		covered[name] = true
	}
	for _, name := range renderRegionPages(t, e) { // the oversight tree's pages (region_test.go)
		covered[name] = true
	}
	pages, _ := fs.Glob(views.FS, "pages/*.html")
	for _, p := range pages {
		if name := strings.TrimSuffix(path.Base(p), ".html"); !covered[name] {
			t.Errorf("page template %s is not rendered by this test: add a case", name)
		}
	}
}

func TestForeignPlanIsNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	staff := e.login("staff@example.org")
	if r := staff.get(fmt.Sprintf("/plans/%d", e.planID(museum))); r.Status != 200 {
		t.Errorf("own plan = %d", r.Status)
	}
	for _, path := range []string{fmt.Sprintf("/plans/%d", e.planID(library)), "/plans/999999", "/plans/abc"} {
		if r := staff.get(path); r.Status != 404 {
			t.Errorf("%s = %d, want 404", path, r.Status)
		}
	}
	founder := e.login("founder@example.org")
	if r := founder.get(fmt.Sprintf("/plans/%d", e.planID(library))); r.Status != 200 {
		t.Errorf("founder on an institution it oversees = %d", r.Status)
	}
}

func TestEnglishForUsersWhoChoseIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.store.DB().NewRaw("UPDATE users SET locale = 'en' WHERE email = 'staff@example.org'").Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	r := e.login("staff@example.org").get(fmt.Sprintf("/plans/%d", e.planID(museum)))
	if !strings.Contains(r.Body, `lang="en"`) || !strings.Contains(r.Body, "Openness and accessibility") {
		t.Errorf("English page expected, got:\n%.500s", r.Body)
	}
}
