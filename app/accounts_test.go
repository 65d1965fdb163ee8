package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"planboard/domain"
)

// ledgerMail is one planned mail as the ledger holds it.
type ledgerMail struct {
	Kind, To, Subject, Text string
	RecipientID             int64
}

// mails returns the planned mails of kind, oldest first.
func (e *env) mails(kind string) []ledgerMail {
	e.t.Helper()
	var out []ledgerMail
	rows, err := e.store.DB().QueryContext(context.Background(),
		"SELECT kind, to_email, subject, body_text, coalesce(recipient_id, 0) FROM mail_outbox WHERE kind = ? ORDER BY id", kind)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m ledgerMail
		if err := rows.Scan(&m.Kind, &m.To, &m.Subject, &m.Text, &m.RecipientID); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

var linkRe = regexp.MustCompile(`/password/set/[A-Za-z0-9_-]{43}`)

// linkIn returns the set-password path in a mail's text.
func (e *env) linkIn(m ledgerMail) string {
	e.t.Helper()
	l := linkRe.FindString(m.Text)
	if l == "" {
		e.t.Fatalf("no set-password link in mail:\n%s", m.Text)
	}
	return l
}

// userID returns the id of the user with the e-mail.
func (e *env) userID(email string) int64 {
	e.t.Helper()
	u, err := e.store.UserByEmail(context.Background(), email)
	if err != nil {
		e.t.Fatalf("user %s: %v", email, err)
	}
	return u.ID
}

// institutionID returns the id of the institution with the slug.
func (e *env) institutionID(slug string) int64 {
	e.t.Helper()
	in, err := e.store.InstitutionBySlug(context.Background(), slug)
	if err != nil {
		e.t.Fatal(err)
	}
	return in.ID
}

// loginAs logs in with a password.
func (e *env) loginAs(email, password string) (*client, response) {
	c := e.client()
	c.get("/login")
	r := c.post("/login", url.Values{"email": {email}, "password": {password}})
	if r.Status == http.StatusSeeOther {
		c.get("/")
	}
	return c, r
}

func mustContain(t *testing.T, what string, r response, code int, texts ...string) {
	t.Helper()
	if r.Status != code {
		t.Errorf("%s: status %d, want %d\n%.800s", what, r.Status, code, r.Body)
		return
	}
	for _, s := range texts {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: body lacks %q\n%.1500s", what, s, r.Body)
		}
	}
}

func TestDirectorInvitesStaff(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	members := fmt.Sprintf("/institutions/%d/members", e.institutionID(museum))
	mustContain(t, "staff list", dir.get(members), 200, "Смирнова Анна Игоревна", "Пригласить")

	// Bad input: the form comes back with every typed value and the error next to the field.
	r := dir.post(members, url.Values{"email": {"not-an-email"}, "full_name": {"Орлова Вера"}, "position": {"Хранитель"}, "role": {"staff"}, "locale": {"ru"}})
	mustContain(t, "bad invite", r, 422, `value="not-an-email"`, `value="Орлова Вера"`, `value="Хранитель"`, `aria-invalid="true" aria-describedby="email-error"`)
	if len(e.mails("invitation")) != 0 {
		t.Fatal("a bad invitation planned a mail")
	}
	// A director may not invite a director (founder and admin do).
	if r := dir.post(members, url.Values{"email": {"x@example.org"}, "full_name": {"X"}, "role": {"director"}, "locale": {"ru"}}); r.Status != 403 {
		t.Errorf("director invites director = %d", r.Status)
	}
	r = dir.post(members, url.Values{"email": {"Orlova@Museum.example "}, "full_name": {"Орлова Вера"}, "position": {"Хранитель"}, "role": {"staff"}, "locale": {"ru"}, "is_admin": {"true"}})
	if r.Status != 303 {
		t.Fatalf("invite = %d\n%s", r.Status, r.Body)
	}
	// Listed with the invitations by the address typed, as an existing
	// account's invitation is (docs/security-hardening.md).
	mustContain(t, "after invite", dir.get(r.Location), 200, "Приглашение отправлено", "Ожидают ответа", "orlova@museum.example")
	ms := e.mails("invitation")
	if len(ms) != 1 || ms[0].To != "orlova@museum.example" || ms[0].RecipientID != e.userID("orlova@museum.example") ||
		!strings.Contains(ms[0].Text, "Краеведческий музей") || !strings.Contains(ms[0].Text, "Иванов Сергей Петрович") {
		t.Fatalf("ledger = %+v", ms)
	}
	// A founder's person cannot be made a member of an institution (it would
	// change their rights there); the inviter is answered as for anyone.
	r = dir.post(members, url.Values{"email": {"founder@example.org"}, "full_name": {"Петрова"}, "role": {"staff"}, "locale": {"ru"}})
	if r.Status != 303 || e.isMember("founder@example.org", e.institutionID(museum)) {
		t.Errorf("invite the founder: %d, or made a member", r.Status)
	}
	// Invited twice: refused next to the e-mail field, as for an existing account.
	r = dir.post(members, url.Values{"email": {"orlova@museum.example"}, "full_name": {"Орлова Вера"}, "role": {"staff"}, "locale": {"ru"}})
	mustContain(t, "second invite", r, 422, "уже приглашён")

	// The invitation goes out through a real SMTP server; the link is
	// followed from the mail as received.
	srv := startSMTP(t)
	got := onlyMail(t, e.deliver(t, srv), "orlova@museum.example", "Приглашение")
	link := linkRe.FindString(got.Text)
	if link == "" || !strings.Contains(got.Text, "Краеведческий музей") {
		t.Fatalf("received invitation lacks the link or the institution:\n%s", got.Text)
	}
	guest := e.client()
	mustContain(t, "set-password page", guest.get(link), 200, "orlova@museum.example", "Не короче 10 символов")
	// Weak password: the rule next to the field, typed values kept, nothing saved.
	r = guest.post(link, url.Values{"password": {"short"}, "confirm": {"short"}})
	mustContain(t, "weak password", r, 422, `value="short"`, `id="password-error"`, "Не короче 10 символов")
	r = guest.post(link, url.Values{"password": {"orlova@museum.example"}, "confirm": {"orlova@museum.example"}})
	mustContain(t, "e-mail as password", r, 422, `id="password-error"`)
	r = guest.post(link, url.Values{"password": {"хранитель-фондов"}, "confirm": {"хранитель-фондов"}})
	if r.Status != 303 || r.Location != "/login?done=password" {
		t.Fatalf("set password = %d → %q\n%s", r.Status, r.Location, r.Body)
	}
	mustContain(t, "login after set", guest.get(r.Location), 200, "Пароль сохранён")
	// The link is spent.
	mustContain(t, "reused link", guest.get(link), 410, "Ссылка больше не действует", `href="/password/forgot"`)
	mustContain(t, "reused link POST", guest.post(link, url.Values{"password": {"другой-пароль-1"}, "confirm": {"другой-пароль-1"}}), 410)

	// The new user logs in and sees only the own institution.
	c, lr := e.loginAs("orlova@museum.example", "хранитель-фондов")
	if lr.Status != 303 {
		t.Fatalf("new user login = %d", lr.Status)
	}
	home := c.get("/")
	mustContain(t, "new user's home", home, 200, "Краеведческий музей")
	if strings.Contains(home.Body, "Центральная городская библиотека") {
		t.Error("new staff member sees the library")
	}
	if r := c.get(fmt.Sprintf("/plans/%d", e.planID(library))); r.Status != 404 {
		t.Errorf("new staff on the library plan = %d", r.Status)
	}
	if u, _ := e.store.UserByEmail(context.Background(), "orlova@museum.example"); u.IsAdmin || u.Position != "Хранитель" {
		t.Errorf("invited user = %+v (a field outside the allow-list was read?)", u)
	}
}

func TestInvitationExpires(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := e.login("founder@example.org")
	members := fmt.Sprintf("/institutions/%d/members", e.institutionID(library))
	r := f.post(members, url.Values{"email": {"new.director@example.org"}, "full_name": {"Новиков Олег"}, "role": {"director"}, "locale": {"en"}})
	if r.Status != 303 {
		t.Fatalf("founder invites a director = %d\n%s", r.Status, r.Body)
	}
	ms := e.mails("invitation")
	if len(ms) != 1 || !strings.Contains(ms[0].Text, "invites you") {
		t.Fatalf("ledger = %+v, want one English invitation", ms)
	}
	link := e.linkIn(ms[0])
	e.now = e.now.Add(domain.InvitationTTL - time.Minute)
	mustContain(t, "link before expiry", e.client().get(link), 200)
	e.now = e.now.Add(2 * time.Minute)
	mustContain(t, "expired link", e.client().get(link), 410, "Запросить новую ссылку")
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	old := e.login("staff@example.org") // a session that the reset must end
	anon := e.client()
	anon.get("/password/forgot")
	known := anon.post("/password/forgot", url.Values{"email": {"Staff@example.org"}})
	unknown := anon.post("/password/forgot", url.Values{"email": {"nobody@example.org"}})
	if known.Status != 200 || unknown.Status != 200 || known.Body != unknown.Body {
		t.Fatalf("reset answers differ: %d vs %d", known.Status, unknown.Status)
	}
	mustContain(t, "reset answer", known, 200, "Если этот адрес зарегистрирован")
	ms := e.mails("password_reset")
	if len(ms) != 1 || ms[0].To != "staff@example.org" {
		t.Fatalf("ledger = %+v", ms)
	}
	link := e.linkIn(ms[0])
	// A second request (after the 5 minutes between two) makes a second link, which ends the first.
	e.now = e.now.Add(5 * time.Minute)
	anon.post("/password/forgot", url.Values{"email": {"staff@example.org"}})
	ms = e.mails("password_reset")
	if len(ms) != 2 {
		t.Fatalf("second request: %d mails", len(ms))
	}
	second := e.linkIn(ms[1])
	if r := anon.get(link); r.Status != 410 {
		t.Errorf("the first reset link still works after a second was sent: %d", r.Status)
	}
	r := anon.post(second, url.Values{"password": {"новый-пароль-2026"}, "confirm": {"новый-пароль-2026"}})
	if r.Status != 303 {
		t.Fatalf("reset = %d\n%s", r.Status, r.Body)
	}
	if r := old.get("/"); r.Status != 303 {
		t.Errorf("session before the reset still works: %d", r.Status)
	}
	if r := anon.get(second); r.Status != 410 {
		t.Errorf("the used reset link still works: %d", r.Status)
	}
	if _, r := e.loginAs("staff@example.org", "demo-password"); r.Status != 401 {
		t.Errorf("old password still works: %d", r.Status)
	}
	if _, r := e.loginAs("staff@example.org", "новый-пароль-2026"); r.Status != 303 {
		t.Errorf("new password refused: %d", r.Status)
	}
	// A reset link lives one hour.
	anon.post("/password/forgot", url.Values{"email": {"director@example.org"}})
	ms = e.mails("password_reset")
	late := e.linkIn(ms[len(ms)-1])
	e.now = e.now.Add(domain.ResetTTL + time.Second)
	mustContain(t, "expired reset", anon.get(late), 410, "Запросить новую ссылку")
}

func TestPasswordChangeLogsOutElsewhere(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	here := e.login("director@example.org")
	there := e.login("director@example.org")
	mustContain(t, "profile", here.get("/profile"), 200, "Иванов Сергей Петрович", "Ответственный исполнитель")
	r := here.post("/profile/password", url.Values{"current": {"demo-password"}, "password": {"director@example.org"}, "confirm": {"director@example.org"}})
	mustContain(t, "weak new password", r, 422, `value="director@example.org"`, `value="demo-password"`, "Не короче 10 символов")
	r = here.post("/profile/password", url.Values{"current": {"wrong"}, "password": {"очень-надёжный"}, "confirm": {"очень-надёжный"}})
	mustContain(t, "wrong current", r, 422, "Текущий пароль указан неверно")
	r = here.post("/profile/password", url.Values{"current": {"demo-password"}, "password": {"очень-надёжный"}, "confirm": {"очень-надёжный"}})
	if r.Status != 303 {
		t.Fatalf("change = %d\n%s", r.Status, r.Body)
	}
	mustContain(t, "this session", here.get("/profile?saved=password"), 200, "Остальные сеансы завершены")
	if r := there.get("/"); r.Status != 303 {
		t.Errorf("the other session survived the password change: %d", r.Status)
	}
}

func TestProfileEdit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("staff@example.org")
	r := c.post("/profile", url.Values{"full_name": {""}, "position": {"Главный хранитель"}, "locale": {"en"}})
	mustContain(t, "empty name", r, 422, `value="Главный хранитель"`, `aria-describedby="full_name-error"`)
	r = c.post("/profile", url.Values{"full_name": {"Смирнова Анна"}, "position": {"Главный хранитель"}, "locale": {"en"}, "email": {"evil@example.org"}})
	if r.Status != 303 {
		t.Fatalf("save = %d", r.Status)
	}
	mustContain(t, "saved profile", c.get("/profile"), 200, `lang="en"`, `value="Главный хранитель"`, "staff@example.org")
}

func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	c.get("/login")
	for i := 0; i < 10; i++ {
		if r := c.post("/login", url.Values{"email": {"director@example.org"}, "password": {"guess"}}); r.Status != 401 {
			t.Fatalf("failure %d = %d", i+1, r.Status)
		}
		e.now = e.now.Add(30 * time.Second)
	}
	// Even the right password is refused now, with the time to wait next to the form.
	r := c.post("/login", url.Values{"email": {"director@example.org"}, "password": {"demo-password"}})
	mustContain(t, "limited", r, 429, "Слишком много попыток входа. Повторите через 10 минут.", `value="director@example.org"`)
	// Other accounts from the same address are not blocked by this account's failures.
	if _, r := e.loginAs("staff@example.org", "demo-password"); r.Status != 303 {
		t.Errorf("another account = %d", r.Status)
	}
	// Failures for an account from another address do not lock its owner
	// out: the administrator signs in while someone elsewhere guesses.
	for i := 0; i < 20; i++ {
		if err := e.store.RecordLoginFailure(context.Background(), "admin@example.org", "203.0.113.66", e.now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if _, r := e.loginAs("admin@example.org", "demo-password"); r.Status != 303 {
		t.Errorf("the administrator, guessed at from another address = %d, want 303", r.Status)
	}
	e.now = e.now.Add(10 * time.Minute)
	if _, r := e.loginAs("director@example.org", "demo-password"); r.Status != 303 {
		t.Errorf("after the window = %d", r.Status)
	}
	// Per address: 50 failures over many accounts block every login from it.
	e.now = e.now.Add(15 * time.Minute)
	for i := 0; i < 50; i++ {
		c.post("/login", url.Values{"email": {fmt.Sprintf("u%d@example.org", i)}, "password": {"guess"}})
	}
	r = c.post("/login", url.Values{"email": {"staff2@example.org"}, "password": {"demo-password"}})
	mustContain(t, "limited by address", r, 429, "Повторите через 15 минут")
}

func TestAuditLogForAdmin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.loginAs("staff@example.org", "wrong")
	dir := e.login("director@example.org")
	dir.post(fmt.Sprintf("/institutions/%d/members", e.institutionID(museum)),
		url.Values{"email": {"new@example.org"}, "full_name": {"Новый Сотрудник"}, "role": {"staff"}, "locale": {"ru"}})
	dir.post(fmt.Sprintf("/institutions/%d/members/%d/role", e.institutionID(museum), e.userID("staff@example.org")), url.Values{"role": {"director"}})
	dir.post(fmt.Sprintf("/institutions/%d/members/%d/remove", e.institutionID(museum), e.userID("staff@example.org")), nil)
	admin := e.login("admin@example.org")
	r := admin.get("/admin/audit")
	mustContain(t, "audit", r, 200, "неудачный вход", "вход", "приглашение", "new@example.org", "смена роли", "исключение", "director@example.org", "staff@example.org")
	if r := dir.get("/admin/audit"); r.Status != 404 {
		t.Errorf("director on the audit log = %d", r.Status)
	}
}

func TestAdminCreatesFounderInstitutionAndInvites(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login("admin@example.org")
	mustContain(t, "admin page", admin.get("/admin"), 200, "Учредители", storageFounder)
	r := admin.post("/admin/founders", url.Values{"name": {""}})
	mustContain(t, "empty founder", r, 422, `aria-describedby="founder_name-error"`)
	if r := admin.post("/admin/founders", url.Values{"name": {"Управление культуры города"}, "short_name": {"УК"}}); r.Status != 303 {
		t.Fatalf("founder = %d\n%s", r.Status, r.Body)
	}
	fs, _ := e.store.Founders(context.Background(), domain.Scope{All: true})
	var fid int64
	for _, f := range fs {
		if f.Name == "Управление культуры города" {
			fid = f.ID
		}
	}
	inst := url.Values{"founder_id": {fmt.Sprint(fid)}, "name": {"Городской театр"}, "kind": {"theatre"}, "slug": {museum}, "time_zone": {"Asia/Novokuznetsk"}}
	mustContain(t, "slug taken", admin.post("/admin/institutions", inst), 422, "Такой адрес уже занят", `value="Городской театр"`)
	inst.Set("slug", "gorodskoy-teatr")
	if r := admin.post("/admin/institutions", inst); r.Status != 303 {
		t.Fatalf("institution = %d\n%s", r.Status, r.Body)
	}
	r = admin.post("/admin/invitations", url.Values{"founder_id": {fmt.Sprint(fid)}, "email": {"head@city.example"}, "full_name": {"Глава Управления"}, "locale": {"ru"}})
	if r.Status != 303 {
		t.Fatalf("invite founder = %d\n%s", r.Status, r.Body)
	}
	link := e.linkIn(e.mails("invitation")[0])
	anon := e.client()
	anon.get(link)
	anon.post(link, url.Values{"password": {"пароль-учредителя"}, "confirm": {"пароль-учредителя"}})
	c, lr := e.loginAs("head@city.example", "пароль-учредителя")
	if lr.Status != 303 {
		t.Fatalf("founder login = %d", lr.Status)
	}
	insts := c.get("/institutions")
	mustContain(t, "new founder's institutions", insts, 200, "Городской театр")
	if strings.Contains(insts.Body, "Краеведческий") {
		t.Error("the new founder sees another founder's institution")
	}
}

const storageFounder = "Министерство культуры и национальной политики Кузбасса"
