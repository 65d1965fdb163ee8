package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"planboard/app/docimport"
	"planboard/domain"
)

// who is one of the people the matrix asks as.
type who string

const (
	anon      who = "anonymous"
	admin     who = "admin"
	founder   who = "founder"   // founder of the museum and the library
	founder2  who = "founder2"  // another founder with its own culture house
	director  who = "director"  // museum
	staff     who = "staff"     // museum
	director2 who = "director2" // library
	staff2    who = "staff2"    // library
)

var everyone = []who{anon, admin, founder, founder2, director, staff, director2, staff2, region, region2}

// want is the exact status each person gets.
type want map[who]int

// exp lists statuses in the order of everyone:
// anonymous, admin, founder, founder2, director, staff, director2, staff2.
func exp(codes ...int) want {
	w := want{}
	for i, c := range codes {
		w[everyone[i]] = c
	}
	return w
}

func all(code int) want { return exp(code, code, code, code, code, code, code, code, code, code) }

// signedIn: anonymous GETs go to the login page, POSTs are refused with 401.
func signedIn(method string, code int) want {
	a := http.StatusUnauthorized
	if method == http.MethodGet {
		a = http.StatusSeeOther
	}
	return exp(a, code, code, code, code, code, code, code, code, code)
}

// matrix is the world the authorisation matrix runs in: the demo data, a
// second founder with its own institution, and everyone logged in.
type matrix struct {
	e                         *env
	clients                   map[who]*client
	museum, library, house    int64
	museumPlan, libraryPlan   int64
	seq                       int
	museumStaffID, libStaffID int64
	hooks                     matrixHooks      // tokens and webhooks (docs/integrations.md)
	uploads                   map[string]int64 // pending plan files by purpose: the museum director's, the admin's template
	libStaffNotice            int64            // a notice in staff2's inbox
}

func newMatrix(t *testing.T) *matrix {
	e := newEnv(t)
	ctx := context.Background()
	m := &matrix{e: e, museum: e.institutionID(museum), library: e.institutionID(library),
		museumPlan: e.planID(museum), libraryPlan: e.planID(library),
		museumStaffID: e.userID("staff@example.org"), libStaffID: e.userID("staff2@example.org")}
	f2 := &domain.Founder{Name: "Управление культуры района"}
	if err := e.store.CreateFounder(ctx, f2); err != nil {
		t.Fatal(err)
	}
	house := &domain.Institution{FounderID: f2.ID, Name: "Районный дом культуры", Kind: domain.KindCultureHouse, Slug: "dom-kultury", TimeZone: "Asia/Novokuznetsk"}
	if err := e.store.CreateInstitution(ctx, house); err != nil {
		t.Fatal(err)
	}
	m.house = house.ID
	u := &domain.User{Email: "founder2@example.org", FullName: "Второй Учредитель", PasswordHash: demoHash()}
	if err := e.store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := e.store.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleFounder, FounderID: f2.ID}); err != nil {
		t.Fatal(err)
	}
	m.region2Over(f2.ID)
	m.uploads = m.pendingUploads()
	m.clients = m.logins()
	m.hooks = setupHooks(m)
	m.libStaffNotice = m.notice(m.libStaffID)
	return m
}

// pendingUploads are plan files waiting for their confirmation (docs/plan-files.md):
// a new plan's and an update's of the museum's director, a template's of
// the admin. They are made before the probe's first checksum.
func (m *matrix) pendingUploads() map[string]int64 {
	out := map[string]int64{}
	doc := importDOCX(m.e.t, importYear)
	parsed, err := docimport.Parse(doc, docimport.Options{}) // as the upload keeps it
	if err != nil {
		m.e.t.Fatal(err)
	}
	kept, err := json.Marshal(parsed)
	if err != nil {
		m.e.t.Fatal(err)
	}
	dir, adm := m.e.userID("director@example.org"), m.e.userID("admin@example.org")
	for _, imp := range []domain.PlanImport{
		{UserID: dir, InstitutionID: m.museum, Purpose: domain.ImportCreate},
		{UserID: dir, InstitutionID: m.museum, PlanID: m.museumPlan, Purpose: domain.ImportUpdate},
		{UserID: adm, Purpose: domain.ImportTemplate},
	} {
		imp.FileName, imp.Data, imp.Parsed = "plan.docx", doc, kept
		if err := m.e.store.SavePlanImport(context.Background(), &imp); err != nil {
			m.e.t.Fatal(err)
		}
		out[imp.Purpose] = imp.ID
	}
	return out
}

func upload(purpose, format string) func(m *matrix) string {
	return func(m *matrix) string {
		if purpose == domain.ImportUpdate {
			return fmt.Sprintf(format, m.museumPlan, m.uploads[purpose])
		}
		return fmt.Sprintf(format, m.uploads[purpose])
	}
}

// logins gives everyone a fresh session (anonymous: a fresh CSRF cookie).
func (m *matrix) logins() map[who]*client {
	cs := map[who]*client{}
	for _, w := range everyone {
		if w == anon {
			cs[w] = m.e.client()
			cs[w].get("/login")
			continue
		}
		cs[w] = m.e.login(string(w) + "@example.org")
	}
	return cs
}

// victim is a new staff member of the museum, so that each request that
// changes or removes a member has someone of its own to act on.
func (m *matrix) victim() int64 {
	m.seq++
	ctx := context.Background()
	u := &domain.User{Email: fmt.Sprintf("victim%d@example.org", m.seq), FullName: "Жертва"}
	if err := m.e.store.CreateUser(ctx, u); err != nil {
		m.e.t.Fatal(err)
	}
	if err := m.e.store.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleStaff, InstitutionID: m.museum}); err != nil {
		m.e.t.Fatal(err)
	}
	return u.ID
}

// liveToken is an unused password link of a new victim.
func (m *matrix) liveToken() string {
	id := m.victim()
	u, _ := m.e.store.UserByID(context.Background(), id)
	m.seq++
	token := fmt.Sprintf("matrix-token-%033d", m.seq)
	if _, err := m.e.store.RequestReset(context.Background(), domain.ResetRequest{Email: u.Email, At: m.e.now}, token,
		domain.Mail{Kind: "password_reset", Subject: "s", Text: "t"}, "test"); err != nil {
		m.e.t.Fatal(err)
	}
	return token
}

// notice puts a new notice into a user's inbox and returns its id.
func (m *matrix) notice(userID int64) int64 {
	var id int64
	err := m.e.store.DB().NewRaw(`INSERT INTO inbox_notices (dedupe_key, recipient_id, kind, text, link, created_at)
		VALUES (?, ?, 'comment', 'Комментарий', '/', ?) RETURNING id`, m.unique("matrix-notice-"), userID, m.e.now).Scan(context.Background(), &id)
	if err != nil {
		m.e.t.Fatal(err)
	}
	return id
}

// staff2Invitation is the path of action on a fresh pending invitation of
// staff2 (the library's) to a new institution under a founder of its own
// (accepting it must not let staff2 see any founder another row is about):
// only staff2 may answer it; for everyone else, the admin included, it is 404.
func staff2Invitation(action string) func(*matrix) string {
	return func(m *matrix) string {
		ctx := context.Background()
		slug := m.unique("invited-to-")
		f := &domain.Founder{Name: "Учредитель " + slug}
		if err := m.e.store.CreateFounder(ctx, f); err != nil {
			m.e.t.Fatal(err)
		}
		founder := f.ID
		in := &domain.Institution{FounderID: founder, Name: "Клуб " + slug, Kind: domain.KindCultureHouse, Slug: slug, TimeZone: "Asia/Novokuznetsk"}
		if err := m.e.store.CreateInstitution(ctx, in); err != nil {
			m.e.t.Fatal(err)
		}
		p := &domain.PendingInvitation{UserID: m.libStaffID, Email: "staff2@example.org", Role: domain.RoleStaff, InstitutionID: in.ID,
			CreatedAt: m.e.now, ExpiresAt: m.e.now.Add(domain.InvitationTTL)}
		if err := m.e.store.AddPendingInvitation(ctx, p, domain.Mail{Kind: "membership_invitation", Subject: "s", Text: "t"}, "test"); err != nil {
			m.e.t.Fatal(err)
		}
		return fmt.Sprintf("/invitations/%d/%s", p.ID, action)
	}
}

func (m *matrix) unique(prefix string) string {
	m.seq++
	return fmt.Sprintf("%s%d", prefix, m.seq)
}

type matrixCase struct {
	method, route string // as registered (app/routes.go and each surface's route list)
	name          string
	path          func(m *matrix) string
	form          func(m *matrix) url.Values // POST body; nil for none
	want          want
	fresh         bool // ask with fresh sessions (the request ends them)
}

func fixed(p string) func(*matrix) string { return func(*matrix) string { return p } }

func members(inst func(m *matrix) int64, suffix func(m *matrix) string) func(*matrix) string {
	return func(m *matrix) string { return fmt.Sprintf("/institutions/%d/members%s", inst(m), suffix(m)) }
}

func museumOf(m *matrix) int64 { return m.museum }

// surveyPath is a path under the museum's questionnaire results.
func surveyPath(suffix string) func(*matrix) string {
	return func(m *matrix) string { return fmt.Sprintf("/institutions/%d/survey%s", m.museum, suffix) }
}
func libraryOf(m *matrix) int64 { return m.library }
func none(*matrix) string       { return "" }
func ownVictim(action string) func(*matrix) string {
	return func(m *matrix) string { return fmt.Sprintf("/%d/%s", m.victim(), action) }
}
func foreignMember(action string) func(*matrix) string {
	return func(m *matrix) string { return fmt.Sprintf("/%d/%s", m.libStaffID, action) }
}

// matrixCases is the authorisation matrix: every route, every person, own
// and foreign tenant (the museum is the own tenant of director and staff,
// foreign to director2, staff2 and founder2), and nested ids addressed
// through one's own URL. A route added to any surface without a row here
// fails TestAuthorizationMatrix.
func matrixCases() []matrixCase {
	const ok, see, bad, forbid, missing, gone = 200, 303, 422, 403, 404, 410
	get, post := http.MethodGet, http.MethodPost
	invite := func(role string) func(m *matrix) url.Values {
		return func(m *matrix) url.Values {
			return url.Values{"email": {m.unique("invited") + "@example.org"}, "full_name": {"Приглашённый"}, "role": {role}, "locale": {"ru"}}
		}
	}
	return append([]matrixCase{
		{get, "/healthz", "liveness", fixed("/healthz"), nil, all(ok), false},
		{get, "/readyz", "readiness", fixed("/readyz"), nil, all(ok), false},
		{get, "/metrics", "metrics (loopback or token only)", fixed("/metrics"), nil, all(missing), false},
		{get, "/login", "login page", fixed("/login"), nil, exp(ok, see, see, see, see, see, see, see), false},
		{post, "/login", "wrong password", fixed("/login"), func(m *matrix) url.Values {
			return url.Values{"email": {m.unique("nobody") + "@example.org"}, "password": {"wrong"}}
		}, all(http.StatusUnauthorized), false},
		{post, "/logout", "logout", fixed("/logout"), nil, all(see), true},
		{get, "/password/forgot", "forgot page", fixed("/password/forgot"), nil, all(ok), false},
		{post, "/password/forgot", "forgot", fixed("/password/forgot"), func(m *matrix) url.Values {
			return url.Values{"email": {m.unique("nobody") + "@example.org"}} // one address each: 5 minutes between requests for one
		}, all(ok), false},
		{get, "/password/set/:token", "live link", func(m *matrix) string { return "/password/set/" + m.liveToken() }, nil, all(ok), false},
		{get, "/password/set/:token", "dead link", fixed("/password/set/no-such-token"), nil, all(gone), false},
		{post, "/password/set/:token", "live link", func(m *matrix) string { return "/password/set/" + m.liveToken() }, func(*matrix) url.Values {
			return url.Values{"password": {"matrix-password"}, "confirm": {"matrix-password"}}
		}, all(see), false},
		{post, "/password/set/:token", "dead link", fixed("/password/set/no-such-token"), nil, all(gone), false},

		{get, "/", "home", fixed("/"), nil, signedIn(get, ok), false},
		{get, "/plans/:id", "museum plan", func(m *matrix) string { return fmt.Sprintf("/plans/%d", m.museumPlan) }, nil,
			exp(see, ok, ok, missing, ok, ok, missing, missing), false},
		{get, "/plans/:id", "library plan", func(m *matrix) string { return fmt.Sprintf("/plans/%d", m.libraryPlan) }, nil,
			exp(see, ok, ok, missing, missing, missing, ok, ok), false},
		{get, "/plans/:id", "no such plan", fixed("/plans/999999"), nil, signedIn(get, missing), false},
		// The inbox: one's own notices only; another user's notice id is 404.
		{get, "/notifications", "inbox", fixed("/notifications"), nil, signedIn(get, ok), false},
		{get, "/notifications", "inbox past its last page", fixed("/notifications?page=99"), nil, signedIn(get, ok), false},
		{get, "/notifications/count", "unread count", fixed("/notifications/count"), nil, signedIn(get, ok), false},
		{post, "/notifications/read", "mark all read", fixed("/notifications/read"), nil, signedIn(post, see), false},
		{post, "/notifications/:id/read", "staff2's notice", func(m *matrix) string {
			return fmt.Sprintf("/notifications/%d/read", m.libStaffNotice)
		}, nil, exp(unauth, missing, missing, missing, missing, missing, missing, see), false},
		{post, "/notifications/:id/read", "no such notice", fixed("/notifications/999999/read"), nil, signedIn(post, missing), false},
		{get, "/settings/notifications", "mail settings", fixed("/settings/notifications"), nil, signedIn(get, ok), false},
		{post, "/settings/notifications", "save mail settings", fixed("/settings/notifications"), func(*matrix) url.Values {
			return url.Values{"digests": {"on"}, "offsets": {"7, 1"}}
		}, signedIn(post, see), false},
		{get, "/institutions/:id/mail-rules", "museum mail rules", func(m *matrix) string { return fmt.Sprintf("/institutions/%d/mail-rules", m.museum) }, nil,
			exp(see, ok, forbid, missing, ok, forbid, missing, missing), false},
		{post, "/institutions/:id/mail-rules", "save museum mail rules", func(m *matrix) string { return fmt.Sprintf("/institutions/%d/mail-rules", m.museum) },
			func(*matrix) url.Values {
				return url.Values{"offsets": {"7, 3, 1, 0"}, "overdue_every": {"3"}, "escalate_director": {"3"}, "escalate_founder": {"14"}}
			}, exp(http.StatusUnauthorized, see, forbid, missing, see, forbid, missing, missing), false},
		// The official site and its audit (docs/site-audit.md): its people read, the director and the founder manage, the director plans.
		{get, "/institutions/:id/site", "museum site", sitePath(""), nil, museumRead(ok), false},
		{get, "/institutions/:id/site", "no such institution", fixed("/institutions/999999/site"), nil, signedIn(get, missing), false},
		{post, "/institutions/:id/site", "save museum site", sitePath(""), func(*matrix) url.Values {
			return url.Values{"url": {"http://93.184.216.34/"}} // a public address written as one: no DNS in the test
		}, exp(unauth, see, see, missing, see, forbid, missing, missing), false},
		{post, "/institutions/:id/site/run", "run museum site", sitePath("/run"), nil, exp(unauth, see, see, missing, see, forbid, missing, missing), false},
		{post, "/institutions/:id/site/checks/:key/mark", "mark museum check", sitePath("/checks/1.2.faq/mark"), func(*matrix) url.Values {
			return url.Values{"url": {"http://93.184.216.34/faq"}}
		}, exp(unauth, see, see, missing, see, forbid, missing, missing), false},
		{post, "/institutions/:id/site/checks/:key/mark", "no such check", sitePath("/checks/no.such/mark"), func(*matrix) url.Values {
			return url.Values{"url": {"http://93.184.216.34/faq"}}
		}, exp(unauth, missing, missing, missing, missing, missing, missing, missing), false},
		{post, "/institutions/:id/site/checks/:key/plan", "museum gap into the plan", sitePath("/checks/1.2.faq/plan"), nil,
			exp(unauth, see, forbid, missing, see, forbid, missing, missing), false},
		{post, "/institutions/:id/site/checks/:key/plan", "no such check", sitePath("/checks/no.such/plan"), nil,
			exp(unauth, missing, missing, missing, missing, missing, missing, missing), false},
		{get, "/admin/mail", "mail ledger", fixed("/admin/mail"), nil, exp(see, ok, missing, missing, missing, missing, missing, missing), false},
		{get, "/admin/mail/:id", "no such mail", fixed("/admin/mail/999999"), nil, signedIn(get, missing), false},
		{post, "/admin/mail/:id/resend", "no such mail", fixed("/admin/mail/999999/resend"), nil, signedIn(post, missing), false},
		// The board: museum objects; foreign ones and nested foreign ids are 404.
		{get, "/my", "my tasks", fixed("/my"), nil, signedIn(get, ok), false},
		{get, "/plans/new", "new plan form", fixed("/plans/new"), nil, exp(see, ok, forbid, forbid, ok, forbid, ok, forbid), false},
		{post, "/plans", "empty new plan", fixed("/plans"), nil, exp(unauth, bad, forbid, forbid, bad, forbid, bad, forbid), false},
		{get, "/plans/:id/board", "museum board", planPath("/plans/%d/board", museumPlanOf), nil, museumRead(ok), false},
		// Plans from and to files (docs/plan-files.md): uploads are their uploader's only.
		{post, "/plans/import", "no file", fixed("/plans/import"), nil, exp(unauth, bad, forbid, forbid, bad, forbid, bad, forbid), false},
		{get, "/plans/import/:iid", "the director's upload", upload(domain.ImportCreate, "/plans/import/%d"), nil,
			exp(see, missing, missing, missing, ok, missing, missing, missing), false},
		{post, "/plans/import/:iid", "the director's upload, nothing ticked", upload(domain.ImportCreate, "/plans/import/%d"), nil,
			exp(unauth, missing, missing, missing, bad, missing, missing, missing), false},
		{post, "/plans/:id/update", "no file", planPath("/plans/%d/update", museumPlanOf), nil, museumWrite(bad, unauth), false},
		{get, "/plans/:id/update/:iid", "the director's update", upload(domain.ImportUpdate, "/plans/%d/update/%d"), nil,
			exp(see, missing, missing, missing, ok, missing, missing, missing), false},
		{post, "/plans/:id/update/:iid", "the director's update, nothing ticked", upload(domain.ImportUpdate, "/plans/%d/update/%d"), nil,
			exp(unauth, missing, missing, missing, bad, missing, missing, missing), false},
		{get, "/plans/:id/delete", "museum draft's deletion", planPath("/plans/%d/delete", museumPlanOf), nil, museumWrite(ok, see), false},
		{get, "/plans/:id/delete", "library plan's deletion (approved: says why not)", planPath("/plans/%d/delete", libraryPlanOf), nil,
			exp(see, ok, forbid, missing, missing, missing, ok, forbid), false},
		{post, "/plans/:id/delete", "the approved library plan", planPath("/plans/%d/delete", libraryPlanOf), nil,
			exp(unauth, http.StatusConflict, forbid, missing, missing, missing, http.StatusConflict, forbid), false},
		{get, "/plans/:id/file-updates/:uid/restore", "no such museum update", planPath("/plans/%d/file-updates/999999/restore", museumPlanOf), nil,
			museumWrite(missing, see), false},
		{post, "/plans/:id/file-updates/:uid/restore", "no such museum update", planPath("/plans/%d/file-updates/999999/restore", museumPlanOf), nil,
			museumWrite(missing, unauth), false},
		{get, "/plans/:id/print", "museum print view", planPath("/plans/%d/print", museumPlanOf), nil, museumRead(ok), false},
		{get, "/plans/:id/export.docx", "museum plan as Word", planPath("/plans/%d/export.docx", museumPlanOf), nil, museumRead(ok), false},
		{get, "/plans/:id/export.xlsx", "museum plan as Excel", planPath("/plans/%d/export.xlsx", museumPlanOf), nil, museumRead(ok), false},
		{get, "/plans/:id/export.pdf", "museum plan as PDF", planPath("/plans/%d/export.pdf", museumPlanOf), nil, museumRead(ok), false},
		{get, "/plans/:id/export.csv", "library plan as CSV", planPath("/plans/%d/export.csv", libraryPlanOf), nil,
			exp(see, ok, ok, missing, missing, missing, ok, ok), false},
		{get, "/plans/:id/board", "library board", planPath("/plans/%d/board", libraryPlanOf), nil, exp(see, ok, ok, missing, missing, missing, ok, ok), false},
		{get, "/plans/:id/items/new", "museum item form", planPath("/plans/%d/items/new", museumPlanOf), nil, museumWrite(ok, see), false},
		{post, "/plans/:id/items", "empty museum item", planPath("/plans/%d/items", museumPlanOf), nil, museumWrite(bad, unauth), false},
		{post, "/plans/:id/edit", "stale museum plan edit", planPath("/plans/%d/edit", museumPlanOf), nil, museumWrite(http.StatusConflict, unauth), false},
		{post, "/plans/:id/bulk", "empty museum bulk", planPath("/plans/%d/bulk", museumPlanOf), nil, museumWrite(bad, unauth), false},
		{post, "/plans/:id/copy", "copy library plan", planPath("/plans/%d/copy", libraryPlanOf), nil, exp(unauth, see, forbid, missing, missing, missing, http.StatusConflict, forbid), false}, // admin copied first
		{get, "/items/:id", "museum item", itemPath("/items/%d", museumItemOf), nil, museumRead(ok), false},
		{get, "/items/:id", "library item", itemPath("/items/%d", libraryItemOf), nil, exp(see, ok, ok, missing, missing, missing, ok, ok), false},
		{get, "/items/:id/edit", "museum item edit", itemPath("/items/%d/edit", museumItemOf), nil, museumWrite(ok, see), false},
		{post, "/items/:id/edit", "stale museum item edit", itemPath("/items/%d/edit", museumItemOf), nil, museumWrite(http.StatusConflict, unauth), false},
		{post, "/items/:id/move", "museum item move", itemPath("/items/%d/move", museumItemOf), nil, museumWrite(see, unauth), false},
		// The confirmation pages of irreversible steps (delete, submit, approve).
		{get, "/items/:id/delete", "museum item delete confirmation", itemPath("/items/%d/delete", museumItemOf), nil, museumWrite(ok, see), false},
		{get, "/items/:id/delete", "library item delete confirmation", itemPath("/items/%d/delete", libraryItemOf), nil,
			exp(see, ok, forbid, missing, missing, missing, ok, forbid), false},
		{get, "/plans/:id/submit", "museum draft submit confirmation", planPath("/plans/%d/submit", museumPlanOf), nil, museumWrite(ok, see), false},
		{get, "/plans/:id/submit", "approved library plan submit confirmation", planPath("/plans/%d/submit", libraryPlanOf), nil,
			exp(see, http.StatusConflict, forbid, missing, missing, missing, http.StatusConflict, forbid), false},
		{get, "/plans/:id/approve", "draft museum plan approve confirmation", planPath("/plans/%d/approve", museumPlanOf), nil,
			exp(see, http.StatusConflict, http.StatusConflict, missing, forbid, forbid, missing, missing), false},
		{post, "/items/:id/delete", "stale museum item delete", itemPath("/items/%d/delete", museumItemOf), nil, museumWrite(http.StatusConflict, unauth), false},
		{post, "/items/:id/status", "no transition", itemPath("/items/%d/status", museumItemOf), nil, museumWrite(http.StatusConflict, unauth), false},
		{post, "/items/:id/comments", "empty comment", itemPath("/items/%d/comments", museumItemOf), nil, exp(unauth, bad, bad, missing, bad, bad, missing, missing), false},
		{post, "/items/:id/attachments", "no file", itemPath("/items/%d/attachments", museumItemOf), nil, museumWork(bad), false},
		{get, "/items/:id/attachments/:aid", "no such attachment", itemPath("/items/%d/attachments/999999", museumItemOf), nil, signedIn(get, missing), false},
		{post, "/items/:id/checklist/:pid", "library point via museum item", func(m *matrix) string {
			return fmt.Sprintf("/items/%d/checklist/%d", museumItemOf(m), libraryPointOf(m))
		}, nil, exp(unauth, missing, forbid, missing, missing, missing, missing, missing), false},
		{post, "/items/:id/occurrences/:oid", "no such occurrence", itemPath("/items/%d/occurrences/999999", museumItemOf), nil,
			exp(unauth, missing, forbid, missing, missing, missing, missing, missing), false},
		{post, "/settings/lang", "switch language", fixed("/settings/lang"), func(*matrix) url.Values { return url.Values{"lang": {"ru"}} }, signedIn(post, see), false},
		// Oversight and the public report (docs/public-report.md).
		{get, "/cal/:token", "unknown calendar token", fixed("/cal/no-such-token.ics"), nil, all(missing), false},
		{get, "/unsubscribe/:token", "forged unsubscribe link", fixed("/unsubscribe/1.forged"), nil, all(missing), false},
		{post, "/unsubscribe/:token", "forged unsubscribe link", fixed("/unsubscribe/1.forged"), nil, all(missing), false},
		{get, "/p/:slug", "published plans of the library", fixed("/p/centralnaya-biblioteka"), nil, all(ok), false},
		{get, "/p/:slug/:file", "published library report", fixed("/p/centralnaya-biblioteka/" + demoYearS), nil, all(ok), false},
		{get, "/p/:slug/:file", "unpublished museum report", fixed("/p/kraevedcheskiy-muzey/" + demoYearS), nil, all(missing), false},
		// The visitors' questionnaire (docs/survey.md): anonymous, no token is refused.
		{get, "/q/:slug", "library questionnaire", fixed("/q/centralnaya-biblioteka"), nil, all(ok), false},
		{get, "/q/:slug", "unknown questionnaire", fixed("/q/no-such-slug"), nil, all(missing), false},
		{post, "/q/:slug", "questionnaire without a token", fixed("/q/centralnaya-biblioteka"), nil, all(bad), false},
		{get, "/q/:slug/embed", "framed library questionnaire", fixed("/q/centralnaya-biblioteka/embed"), nil, all(ok), false},
		{get, "/q/:slug/poster.pdf", "library poster", fixed("/q/centralnaya-biblioteka/poster.pdf"), nil, all(ok), false},
		{get, "/q/:slug/qr.png", "library QR code", fixed("/q/centralnaya-biblioteka/qr.png"), nil, all(ok), false},
		{get, "/q/:slug/qr.svg", "library QR code", fixed("/q/centralnaya-biblioteka/qr.svg"), nil, all(ok), false},
		{get, "/q/:slug/poster.pdf", "unknown poster", fixed("/q/no-such-slug/poster.pdf"), nil, all(missing), false},
		{post, "/q/:slug/embed", "framed questionnaire without a token", fixed("/q/centralnaya-biblioteka/embed"), nil, all(bad), false},
		{get, "/founder", "founder dashboard", fixed("/founder"), nil, exp(see, ok, ok, ok, forbid, forbid, forbid, forbid), false},
		{get, "/founder.xlsx", "founder summary", fixed("/founder.xlsx"), nil, exp(see, ok, ok, ok, forbid, forbid, forbid, forbid), false},
		{get, "/settings/calendar", "calendar settings", fixed("/settings/calendar"), nil, signedIn(get, ok), false},
		{post, "/settings/calendar", "calendar feed", fixed("/settings/calendar"), nil, signedIn(post, ok), false},
		{get, "/plans/:id/approval", "museum approval", planPath("/plans/%d/approval", museumPlanOf), nil, museumRead(ok), false},
		{get, "/plans/:id/reports/:rid", "no such report", planPath("/plans/%d/reports/999999", museumPlanOf), nil, signedIn(get, missing), false},
		{post, "/plans/:id/submit", "approved library plan", planPath("/plans/%d/submit", libraryPlanOf), nil,
			exp(unauth, http.StatusConflict, forbid, missing, missing, missing, http.StatusConflict, forbid), false},
		{post, "/plans/:id/approve", "draft museum plan", planPath("/plans/%d/approve", museumPlanOf), nil, museumApprove(http.StatusConflict), false},
		{post, "/plans/:id/return", "no remarks", planPath("/plans/%d/return", museumPlanOf), nil, museumApprove(bad), false},
		{post, "/plans/:id/reapprove", "draft museum plan", planPath("/plans/%d/reapprove", museumPlanOf), nil, museumApprove(http.StatusConflict), false},
		{post, "/plans/:id/publish", "draft museum plan", planPath("/plans/%d/publish", museumPlanOf), nil, museumWrite(http.StatusConflict, unauth), false},
		{post, "/plans/:id/reapproval", "museum re-approval flag", planPath("/plans/%d/reapproval", museumPlanOf), nil, museumWrite(see, unauth), false},
		{post, "/plans/:id/reports", "progress report on a draft", planPath("/plans/%d/reports", museumPlanOf), nil, museumWrite(http.StatusConflict, unauth), false},
		{post, "/plans/:id/reports/:rid/accept", "no such report", planPath("/plans/%d/reports/999999/accept", museumPlanOf), nil,
			exp(unauth, missing, missing, missing, forbid, forbid, missing, missing), false},
		{post, "/plans/:id/reports/:rid/return", "no remarks", planPath("/plans/%d/reports/999999/return", museumPlanOf), nil,
			exp(unauth, bad, bad, missing, forbid, forbid, missing, missing), false},
		{post, "/plans/:id/reports/:rid/recall", "no such museum report", planPath("/plans/%d/reports/999999/recall", museumPlanOf), nil,
			museumWrite(missing, unauth), false},
		{get, "/profile", "profile", fixed("/profile"), nil, signedIn(get, ok), false},
		{post, "/profile", "save profile", fixed("/profile"), func(*matrix) url.Values {
			return url.Values{"full_name": {"Матрица"}, "position": {"Тест"}, "locale": {"ru"}}
		}, signedIn(post, see), false},
		{post, "/profile/password", "wrong current password", fixed("/profile/password"), func(*matrix) url.Values {
			return url.Values{"current": {"wrong"}, "password": {"matrix-password"}, "confirm": {"matrix-password"}}
		}, signedIn(post, bad), false},
		{get, "/institutions", "institutions", fixed("/institutions"), nil, signedIn(get, ok), false},

		// The questionnaire's results (all the institution's people and its founder) and paper forms (the institution's people).
		{get, "/institutions/:id/survey", "museum questionnaire results", surveyPath(""), nil, museumRead(ok), false},
		{post, "/institutions/:id/survey/suggestions/:rid/hide", "no such suggestion", surveyPath("/suggestions/999999/hide"), func(*matrix) url.Values {
			return url.Values{"reason": {"матрица"}}
		}, museumWrite(missing, unauth), false},
		{post, "/institutions/:id/survey/suggestions/:rid/plan", "no such suggestion", surveyPath("/suggestions/999999/plan"), nil,
			museumWrite(missing, unauth), false},
		{post, "/institutions/:id/survey/set-aside", "no reason, nothing picked", surveyPath("/set-aside"), nil,
			museumWrite(bad, unauth), false},
		{get, "/institutions/:id/survey/set-aside/:sid/restore", "no such set-aside", surveyPath("/set-aside/999999/restore"), nil,
			museumWrite(missing, see), false},
		{post, "/institutions/:id/survey/set-aside/:sid/restore", "no such set-aside", surveyPath("/set-aside/999999/restore"), nil,
			museumWrite(missing, unauth), false},
		{get, "/institutions/:id/survey/paper", "museum paper forms", surveyPath("/paper"), nil,
			exp(see, ok, forbid, missing, ok, ok, missing, missing), false},
		{post, "/institutions/:id/survey/paper", "no paper form typed", surveyPath("/paper"), nil,
			exp(unauth, bad, forbid, missing, bad, bad, missing, missing), false},
		{get, "/institutions/:id/survey/paper/:rid", "no such paper form", surveyPath("/paper/999999"), nil,
			exp(see, missing, forbid, missing, missing, missing, missing, missing), false},
		{post, "/institutions/:id/survey/paper/:rid", "no such paper form", surveyPath("/paper/999999"), func(*matrix) url.Values {
			return url.Values{"reason": {"матрица"}, "action": {"remove"}}
		}, exp(unauth, missing, forbid, missing, missing, missing, missing, missing), false},
		{get, "/institutions/:id/members", "museum staff list", members(museumOf, none), nil,
			exp(see, ok, ok, missing, ok, forbid, missing, missing), false},
		{get, "/institutions/:id/members", "library staff list", members(libraryOf, none), nil,
			exp(see, ok, ok, missing, missing, missing, ok, forbid), false},
		{get, "/institutions/:id/members", "culture house staff list", func(m *matrix) string { return fmt.Sprintf("/institutions/%d/members", m.house) }, nil,
			exp(see, ok, missing, ok, missing, missing, missing, missing), false},
		{post, "/institutions/:id/members", "invite staff to the museum", members(museumOf, none), invite("staff"),
			exp(401, see, forbid, missing, see, forbid, missing, missing), false},
		{post, "/institutions/:id/members", "invite a director to the museum", members(museumOf, none), invite("director"),
			exp(401, see, see, missing, forbid, forbid, missing, missing), false},
		{post, "/institutions/:id/members", "invite staff to the library", members(libraryOf, none), invite("staff"),
			exp(401, see, forbid, missing, missing, missing, see, forbid), false},
		{post, "/institutions/:id/members/:user/role", "promote an own member", members(museumOf, ownVictim("role")), func(*matrix) url.Values {
			return url.Values{"role": {"director"}}
		}, exp(401, see, forbid, missing, see, forbid, missing, missing), false},
		{post, "/institutions/:id/members/:user/role", "library member through the museum URL", members(museumOf, foreignMember("role")), func(*matrix) url.Values {
			return url.Values{"role": {"director"}}
		}, exp(401, missing, forbid, missing, missing, forbid, missing, missing), false},
		{post, "/institutions/:id/members/:user/remove", "remove an own member", members(museumOf, ownVictim("remove")), nil,
			exp(401, see, forbid, missing, see, forbid, missing, missing), false},
		{post, "/institutions/:id/members/:user/remove", "library member through the museum URL", members(museumOf, foreignMember("remove")), nil,
			exp(401, missing, forbid, missing, missing, forbid, missing, missing), false},
		// Invitations of existing accounts (docs/accounts.md): the invited person's alone.
		{get, "/invitations", "own invitations", fixed("/invitations"), nil, signedIn(get, ok), false},
		{post, "/invitations/:id/accept", "staff2's invitation", staff2Invitation("accept"), nil,
			exp(401, missing, missing, missing, missing, missing, missing, see), false},
		{post, "/invitations/:id/accept", "no such invitation", fixed("/invitations/999999/accept"), nil, signedIn(post, missing), false},
		{get, "/invitations/:id/decline", "staff2's invitation", staff2Invitation("decline"), nil,
			exp(see, missing, missing, missing, missing, missing, missing, ok), false},
		{post, "/invitations/:id/decline", "staff2's invitation", staff2Invitation("decline"), nil,
			exp(401, missing, missing, missing, missing, missing, missing, see), false},

		{get, "/admin", "admin page", fixed("/admin"), nil, exp(see, ok, missing, missing, missing, missing, missing, missing), false},
		{post, "/admin/founders", "create founder", fixed("/admin/founders"), func(m *matrix) url.Values {
			return url.Values{"name": {m.unique("Учредитель ")}}
		}, exp(401, see, missing, missing, missing, missing, missing, missing), false},
		{post, "/admin/institutions", "create institution", fixed("/admin/institutions"), func(m *matrix) url.Values {
			return url.Values{"founder_id": {"1"}, "name": {"Театр"}, "kind": {"theatre"}, "slug": {m.unique("teatr-")}, "time_zone": {"Europe/Moscow"}}
		}, exp(401, see, missing, missing, missing, missing, missing, missing), false},
		{post, "/admin/invitations", "invite a founder", fixed("/admin/invitations"), func(m *matrix) url.Values {
			return url.Values{"founder_id": {"1"}, "email": {m.unique("head") + "@example.org"}, "full_name": {"Глава"}, "locale": {"ru"}}
		}, exp(401, see, missing, missing, missing, missing, missing, missing), false},
		{get, "/admin/audit", "audit log", fixed("/admin/audit"), nil, exp(see, ok, missing, missing, missing, missing, missing, missing), false},
		// The production calendar (docs/mail.md): the admin's only.
		{get, "/admin/calendar", "calendar admin page", fixed("/admin/calendar?year=2026"), nil, exp(see, ok, missing, missing, missing, missing, missing, missing), false},
		{post, "/admin/calendar/days", "correct a day", fixed("/admin/calendar/days"), func(*matrix) url.Values {
			return url.Values{"date": {"2031-01-15"}, "kind": {"non_working"}, "note": {"Матрица"}}
		}, exp(401, see, missing, missing, missing, missing, missing, missing), false},
		{post, "/admin/calendar/days/delete", "no such correction", fixed("/admin/calendar/days/delete"), func(*matrix) url.Values {
			return url.Values{"date": {"2032-01-15"}}
		}, signedIn(post, missing), false},
		{post, "/admin/calendar/years", "empty year", fixed("/admin/calendar/years"), nil, exp(401, bad, missing, missing, missing, missing, missing, missing), false},
		{post, "/admin/calendar/holidays", "regional holiday", fixed("/admin/calendar/holidays"), func(*matrix) url.Values {
			return url.Values{"region": {"16"}, "date": {"2031-08-30"}, "name": {"День Республики"}}
		}, exp(401, see, missing, missing, missing, missing, missing, missing), false},
		{post, "/admin/calendar/holidays/delete", "no such holiday", fixed("/admin/calendar/holidays/delete"), func(*matrix) url.Values {
			return url.Values{"region": {"16"}, "date": {"2032-08-30"}}
		}, signedIn(post, missing), false},
		{post, "/admin/calendar/regions", "no such institution", fixed("/admin/calendar/regions"), func(*matrix) url.Values {
			return url.Values{"institution_id": {"999999"}, "region": {"16"}}
		}, signedIn(post, missing), false},
		// Plan templates from files (docs/plan-files.md): the admin's only.
		{post, "/admin/templates/import", "no file", fixed("/admin/templates/import"), nil, exp(401, bad, missing, missing, missing, missing, missing, missing), false},
		{get, "/admin/templates/import/:iid", "the admin's upload", upload(domain.ImportTemplate, "/admin/templates/import/%d"), nil,
			exp(see, ok, missing, missing, missing, missing, missing, missing), false},
		{post, "/admin/templates/import/:iid", "the admin's upload, no code", upload(domain.ImportTemplate, "/admin/templates/import/%d"), nil,
			exp(401, bad, missing, missing, missing, missing, missing, missing), false},
	}, append(append(append(hookMatrixCases(), nokMatrixCases()...), uxMatrixCases()...), regionMatrixCases()...)...)
}

// TestAuthorizationMatrix drives the real app over every route × every
// person × own and foreign tenant and asserts the exact status.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	m := newMatrix(t)
	cases := matrixCases()
	checkCoverage(t, m, cases)
	for _, tc := range cases {
		clients := m.clients
		if tc.fresh {
			clients = m.logins()
		}
		for _, w := range everyone {
			code, ok := tc.want[w]
			if !ok {
				code, ok = regionWant(tc, w)
			}
			if !ok {
				t.Fatalf("%s %s (%s): no expectation for %s", tc.method, tc.route, tc.name, w)
			}
			path := tc.path(m)
			var r response
			if tc.method == http.MethodGet {
				r = clients[w].get(path)
			} else {
				var form url.Values
				if tc.form != nil {
					form = tc.form(m)
				}
				r = clients[w].post(path, form)
			}
			if r.Status != code {
				t.Errorf("%s %s (%s) as %s: %d, want %d", tc.method, path, tc.name, w, r.Status, code)
			}
			if w == anon && tc.method == http.MethodGet && code == http.StatusSeeOther && tc.route != "/login" &&
				r.Location != "/login?next="+url.QueryEscape(path) {
				t.Errorf("%s as anonymous: redirected to %q, want the login page", path, r.Location)
			}
		}
	}
}

// checkCoverage fails for a route without a matrix row and for a row whose
// route no longer exists.
func checkCoverage(t *testing.T, m *matrix, cases []matrixCase) {
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.method+" "+tc.route] = true
	}
	registered := map[string]bool{}
	for _, r := range m.e.app.Fiber().GetRoutes(true) {
		switch r.Method {
		case http.MethodHead, http.MethodOptions, http.MethodConnect, http.MethodTrace:
			continue
		}
		if strings.HasPrefix(r.Path, "/api/") {
			continue // the JSON API has its own matrix, over its own route table (app/api/matrix_test.go)
		}
		registered[r.Method+" "+r.Path] = true
	}
	var missingRows, stale []string
	for k := range registered {
		if !covered[k] {
			missingRows = append(missingRows, k)
		}
	}
	for k := range covered {
		if !registered[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(missingRows)
	sort.Strings(stale)
	if len(missingRows) > 0 {
		t.Errorf("routes without a row in the authorisation matrix (add them to matrixCases): %v", missingRows)
	}
	if len(stale) > 0 {
		t.Errorf("matrix rows for routes that are not registered: %v", stale)
	}
}

const unauth = http.StatusUnauthorized

// museumRead: the museum's people, its founder and the admin read; others see nothing.
func museumRead(code int) want {
	return exp(http.StatusSeeOther, code, code, http.StatusNotFound, code, code, http.StatusNotFound, http.StatusNotFound)
}

// museumWrite: the museum's director and the admin write; its staff and founder may not; others see nothing.
func museumWrite(code, anonCode int) want {
	return exp(anonCode, code, http.StatusForbidden, http.StatusNotFound, code, http.StatusForbidden, http.StatusNotFound, http.StatusNotFound)
}

// museumWork: like museumWrite, but the item's assignee (staff@) works on it too.
func museumWork(code int) want {
	return exp(unauth, code, http.StatusForbidden, http.StatusNotFound, code, code, http.StatusNotFound, http.StatusNotFound)
}

func museumPlanOf(m *matrix) int64  { return m.museumPlan }
func libraryPlanOf(m *matrix) int64 { return m.libraryPlan }

func planPath(format string, id func(*matrix) int64) func(*matrix) string {
	return func(m *matrix) string { return fmt.Sprintf(format, id(m)) }
}

func itemPath(format string, id func(*matrix) int64) func(*matrix) string {
	return planPath(format, id)
}

// museumItemOf is a museum item assigned to staff@; libraryItemOf any library item.
func museumItemOf(m *matrix) int64 {
	return pickItem(m, m.museumPlan, m.museumStaffID, false).ID
}

func libraryItemOf(m *matrix) int64 { return pickItem(m, m.libraryPlan, 0, false).ID }

// libraryPointOf is a checklist point of a library item.
func libraryPointOf(m *matrix) int64 { return pickItem(m, m.libraryPlan, 0, true).Checklist[0].ID }

func pickItem(m *matrix, plan, assignee int64, withPoints bool) domain.Item {
	items, err := m.e.store.PlanItems(context.Background(), domain.Scope{All: true}, plan)
	if err != nil {
		m.e.t.Fatal(err)
	}
	for _, it := range items {
		if (assignee == 0 || it.AssigneeID == assignee) && (!withPoints || len(it.Checklist) > 0) {
			return it
		}
	}
	m.e.t.Fatalf("no matching item in plan %d", plan)
	return domain.Item{}
}

// museumApprove: the museum's founder (and the admin) decide; the museum's own people may not.
func museumApprove(code int) want {
	return exp(unauth, code, code, http.StatusNotFound, http.StatusForbidden, http.StatusForbidden, http.StatusNotFound, http.StatusNotFound)
}

// sitePath is a path under the museum's site page, its site recorded (so
// that «Проверить сейчас» has something to run).
func sitePath(suffix string) func(*matrix) string {
	return func(m *matrix) string {
		if err := m.e.store.SetSiteURL(context.Background(), domain.Scope{All: true}, m.museum, "http://93.184.216.34/", 0); err != nil {
			m.e.t.Fatal(err)
		}
		return fmt.Sprintf("/institutions/%d/site%s", m.museum, suffix)
	}
}
