package storage_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

func TestUsersAndMemberships(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	f := &domain.Founder{Name: "Управление культуры"}
	if err := s.CreateFounder(ctx, f); err != nil {
		t.Fatal(err)
	}
	in := &domain.Institution{FounderID: f.ID, Name: "Дом культуры", Kind: domain.KindCultureHouse, Slug: "dk", TimeZone: "Europe/Moscow"}
	if err := s.CreateInstitution(ctx, in); err != nil {
		t.Fatal(err)
	}
	dup := *in
	if err := s.CreateInstitution(ctx, &dup); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("duplicate slug: %v, want conflict", err)
	}
	bad := domain.Institution{FounderID: f.ID, Name: "X", Kind: domain.KindOther, Slug: "Bad Slug!", TimeZone: "UTC"}
	if err := s.CreateInstitution(ctx, &bad); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("bad slug: %v, want invalid", err)
	}
	u := &domain.User{Email: "  Anna@Example.ORG ", FullName: "Анна", Position: "Методист"}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if u.Email != "anna@example.org" || u.Locale != "ru" {
		t.Errorf("stored user = %+v", u)
	}
	if err := s.CreateUser(ctx, &domain.User{Email: "ANNA@example.org"}); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("same e-mail in other case: %v, want conflict", err)
	}
	got, err := s.UserByEmail(ctx, "anna@EXAMPLE.org")
	if err != nil || got.ID != u.ID {
		t.Fatalf("UserByEmail = %+v, %v", got, err)
	}
	if _, err := s.UserByEmail(ctx, "none@example.org"); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("unknown e-mail: %v", err)
	}
	if err := s.SetPassword(ctx, u.ID, "hash-2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, u.ID); got.PasswordHash != "hash-2" {
		t.Errorf("password hash = %q", got.PasswordHash)
	}
	if err := s.SetPassword(ctx, 999999, "x"); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("SetPassword unknown user: %v", err)
	}
	m := &domain.Membership{UserID: u.ID, Role: domain.RoleStaff, InstitutionID: in.ID}
	if err := s.AddMembership(ctx, m); err != nil || m.ID == 0 {
		t.Fatal(err)
	}
	if err := s.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleFounder}); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("founder membership without founder: %v, want invalid", err)
	}
	members, err := s.InstitutionMembers(ctx, in.ID)
	if err != nil || len(members) != 1 || members[0].User.FullName != "Анна" || members[0].Role != domain.RoleStaff {
		t.Errorf("members = %+v, %v", members, err)
	}
	_, a, err := s.Actor(ctx, u.ID)
	if err != nil || len(a.Memberships) != 1 || !domain.Can(a, domain.ActView, domain.Resource{InstitutionID: in.ID, FounderID: f.ID}) {
		t.Errorf("actor = %+v, %v", a, err)
	}
	insts, _ := s.Institutions(ctx, a.Scope())
	if len(insts) != 1 || insts[0].Slug != "dk" {
		t.Errorf("institutions in scope = %+v", insts)
	}
	founders, _ := s.Founders(ctx, a.Scope())
	if len(founders) != 1 || founders[0].ID != f.ID {
		t.Errorf("founders in scope = %+v", founders)
	}
	if got, err := s.InstitutionBySlug(ctx, "dk"); err != nil || got.ID != in.ID {
		t.Errorf("by slug = %+v, %v", got, err)
	}
}

func TestSessions(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	u := &domain.User{Email: "s@example.org"}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	sess := domain.Session{UserID: u.ID, CSRFToken: "csrf", CreatedAt: now, ExpiresAt: now.Add(48 * time.Hour)}
	for _, tok := range []string{"tok-a", "tok-b"} {
		if err := s.CreateSession(ctx, tok, sess); err != nil {
			t.Fatal(err)
		}
	}
	idle := 24 * time.Hour
	if got, err := s.SessionByToken(ctx, "tok-a", now.Add(time.Hour), idle); err != nil || got.UserID != u.ID || got.CSRFToken != "csrf" {
		t.Fatalf("live session = %+v, %v", got, err)
	}
	var stored []byte
	if err := s.DB().NewRaw("SELECT id_hash FROM sessions LIMIT 1").Scan(ctx, &stored); err != nil || string(stored) == "tok-a" || string(stored) == "tok-b" {
		t.Errorf("session token stored in clear: %q", stored)
	}
	if err := s.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleFounder, FounderID: founderID(t, s)}); err != nil {
		t.Fatal(err)
	}
	gs, gu, ga, err := s.SessionActor(ctx, "tok-a", now.Add(time.Hour), idle)
	if err != nil || gs.CSRFToken != "csrf" || gu.Email != "s@example.org" || ga.UserID != u.ID || len(ga.Memberships) != 1 || ga.Memberships[0].Role != domain.RoleFounder {
		t.Fatalf("SessionActor = %+v %+v %+v, %v", gs, gu, ga, err)
	}
	if _, _, _, err := s.SessionActor(ctx, "tok-x", now, idle); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("SessionActor with an unknown token: %v", err)
	}
	if _, err := s.SessionByToken(ctx, "tok-a", now.Add(25*time.Hour), idle); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("idle session still alive: %v", err)
	}
	if err := s.TouchSession(ctx, "tok-a", now.Add(20*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, "tok-a", now.Add(30*time.Hour), idle); err != nil {
		t.Errorf("touched session ended: %v", err)
	}
	if _, err := s.SessionByToken(ctx, "tok-a", now.Add(49*time.Hour), 100*time.Hour); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("session past its absolute expiry alive: %v", err)
	}
	if err := s.DeleteUserSessions(ctx, u.ID, "tok-b"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, "tok-a", now, idle); domain.ErrorCode(err) != domain.ENotFound {
		t.Error("DeleteUserSessions kept another session")
	}
	if _, err := s.SessionByToken(ctx, "tok-b", now, idle); err != nil {
		t.Error("DeleteUserSessions ended the kept session")
	}
	if err := s.DeleteSession(ctx, "tok-b"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, "tok-b", now, idle); domain.ErrorCode(err) != domain.ENotFound {
		t.Error("deleted session alive")
	}
	if err := s.CreateSession(ctx, "tok-c", sess); err != nil {
		t.Fatal(err)
	}
	if n, err := s.DeleteExpiredSessions(ctx, now.Add(49*time.Hour)); err != nil || n != 1 {
		t.Errorf("expired sessions removed = %d, %v", n, err)
	}
}

func TestHistoryIsAppendOnly(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	loadDemo(t, s)
	plans, _ := s.Plans(ctx, domain.Scope{All: true})
	items, _ := s.PlanItems(ctx, domain.Scope{All: true}, plans[0].Plan.ID)
	it := items[0]
	err := s.AppendHistory(ctx, domain.HistoryEntry{InstitutionID: it.InstitutionID, PlanID: it.PlanID, ItemID: it.ID,
		ActorID: 1, ActorName: "Админ", Action: "status", Field: "status", OldValue: "planned", NewValue: "in_progress"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.ItemHistory(ctx, domain.Scope{All: true}, it.ID)
	if err != nil || len(h) != 2 || h[0].Action != "created" || h[1].NewValue != "in_progress" || h[1].At.IsZero() {
		t.Fatalf("history = %+v, %v", h, err)
	}
	for _, q := range []string{"UPDATE item_history SET note = 'x'", "DELETE FROM item_history"} {
		if _, err := s.DB().ExecContext(ctx, q); err == nil {
			t.Errorf("%s: allowed on an append-only table", q)
		}
	}
	stranger := domain.Scope{InstitutionIDs: []int64{-1}}
	if h, _ := s.ItemHistory(ctx, stranger, it.ID); len(h) != 0 {
		t.Errorf("foreign scope sees %d history rows", len(h))
	}

	// The latest entries, in the same order, and the count of all of them.
	for i := range 5 {
		if err := s.AppendHistory(ctx, domain.HistoryEntry{InstitutionID: it.InstitutionID, PlanID: it.PlanID, ItemID: it.ID,
			ActorID: 1, ActorName: "Админ", Action: "commented", Note: strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	recent, total, err := s.RecentItemHistory(ctx, domain.Scope{All: true}, it.ID, 3)
	if err != nil || total != 7 || len(recent) != 3 || recent[0].Note != "2" || recent[2].Note != "4" {
		t.Fatalf("recent = %+v, total %d, %v; want notes 2, 3, 4 of 7", recent, total, err)
	}
	if all, total, _ := s.RecentItemHistory(ctx, domain.Scope{All: true}, it.ID, 100); total != 7 || len(all) != 7 || all[0].Action != "created" {
		t.Errorf("with room for all: %d of %d, first %q", len(all), total, all[0].Action)
	}
	if h, total, _ := s.RecentItemHistory(ctx, stranger, it.ID, 3); len(h) != 0 || total != 0 {
		t.Errorf("foreign scope sees %d of %d history rows", len(h), total)
	}
}

func TestItemAndChecklist(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	loadDemo(t, s)
	plans, _ := s.Plans(ctx, domain.Scope{All: true})
	items, _ := s.PlanItems(ctx, domain.Scope{All: true}, plans[0].Plan.ID)
	var withList domain.Item
	for _, it := range items {
		if len(it.Checklist) > 1 {
			withList = it
			break
		}
	}
	got, err := s.Item(ctx, domain.Scope{All: true}, withList.ID)
	if err != nil || len(got.Checklist) != len(withList.Checklist) || got.Checklist[0].Position != 1 || got.Measure != withList.Measure {
		t.Fatalf("Item = %+v, %v", got, err)
	}
	if _, err := s.Item(ctx, domain.Scope{InstitutionIDs: []int64{-1}}, withList.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("foreign item: %v", err)
	}
	// Report order: organisational first, then I–V.
	last := -1
	for _, it := range items {
		if it.Section.Order() < last {
			t.Fatalf("items not in report order: %v after %d", it.Section, last)
		}
		last = it.Section.Order()
	}
}

func TestCreatePlanIsAllOrNothing(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	loadDemo(t, s)
	insts, _ := s.Institutions(ctx, domain.Scope{All: true})
	p := &domain.Plan{InstitutionID: insts[0].ID, Year: 2027, Title: "План 2027"}
	items := []domain.Item{
		{Section: domain.Section1, Measure: "Хороший пункт", Checklist: []domain.ChecklistPoint{{Text: "подпункт"}}},
		{Section: domain.Section2, Measure: ""}, // violates the measure check
	}
	if err := s.CreatePlan(ctx, p, items, domain.User{ID: 1}); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("CreatePlan with a bad item = %v, want invalid", err)
	}
	all, _ := s.Plans(ctx, domain.Scope{All: true})
	for _, ps := range all {
		if ps.Plan.Year == 2027 {
			t.Fatal("a plan was half-saved")
		}
	}
	items[1].Measure = "Второй пункт"
	p = &domain.Plan{InstitutionID: insts[0].ID, Year: 2027, Title: "План 2027"}
	if err := s.CreatePlan(ctx, p, items, domain.User{ID: 1}); err != nil || p.ID == 0 || items[0].ID == 0 || items[0].Checklist[0].ID == 0 {
		t.Fatalf("CreatePlan = %v (%+v)", err, p)
	}
	if err := s.CreatePlan(ctx, &domain.Plan{InstitutionID: insts[0].ID, Year: 2027, Title: "Ещё"}, nil, domain.User{}); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("second plan for a year: %v, want conflict", err)
	}
}

func TestTemplatesSynced(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	list, err := s.Templates(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("templates = %d, %v", len(list), err)
	}
	museum, err := s.Template(ctx, "museum")
	if err != nil || len(museum.Items) != 7 || museum.Items[0].Section != domain.SectionOrg {
		t.Fatalf("museum template = %+v, %v", museum, err)
	}
	var sign bool
	for _, it := range museum.Items {
		for _, p := range it.Checklist {
			if p == "Доступность питьевой воды" {
				sign = true
			}
		}
	}
	if !sign {
		t.Error("the seed's bullet about drinking water is not a checklist point")
	}
	if _, err := s.Template(ctx, "nope"); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("unknown template: %v", err)
	}
	items, err := domain.ItemsFromTemplate(museum, 2027)
	if err != nil || items[0].Deadline.Spec() != "2027-Q1" {
		t.Errorf("template items for 2027: %v, first deadline %q", err, items[0].Deadline.Spec())
	}
}

func TestOutboxPlansEachMailOnce(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	m := domain.Mail{Kind: "reminder", SubjectID: 7, To: "a@example.org", Day: domain.NewDate(2026, 11, 23), Subject: "Срок", Text: "Текст"}
	for i, want := range []bool{true, false} {
		ok, err := s.EnqueueMail(ctx, m, "planboard.test")
		if err != nil || ok != want {
			t.Errorf("enqueue #%d = %v, %v; want %v", i+1, ok, err, want)
		}
	}
	m.Day = m.Day.AddDays(1)
	if ok, _ := s.EnqueueMail(ctx, m, "planboard.test"); !ok {
		t.Error("the next day's mail was not planned")
	}
	var msgID string
	if err := s.DB().NewRaw("SELECT message_id FROM mail_outbox ORDER BY id LIMIT 1").Scan(ctx, &msgID); err != nil || msgID != "<reminder.7.x.2026-11-23@planboard.test>" {
		t.Errorf("message id = %q, %v", msgID, err)
	}
}

func TestSyntheticDemo(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	_, err := s.LoadDemo(ctx, storage.DemoOptions{PasswordHash: "x", Now: demoNow, Institutions: 5, Items: 20, BigPlanItems: 300})
	if err != nil {
		t.Fatal(err)
	}
	plans, _ := s.Plans(ctx, actor(t, s, "founder@example.org").Scope())
	if len(plans) != 6 {
		t.Fatalf("founder sees %d plans, want 5 and the big one", len(plans))
	}
	for _, p := range plans {
		if p.Institution.Slug == "uk-big" {
			if p.Total != 300 {
				t.Errorf("big plan: %d items, want 300", p.Total)
			}
			continue
		}
		if p.Total != 20 {
			t.Errorf("%s: %d items, want 20", p.Institution.Name, p.Total)
		}
	}
	if got, _ := s.Plans(ctx, actor(t, s, "staff2@example.org").Scope()); len(got) != 1 {
		t.Errorf("staff2 sees %d plans, want 1", len(got))
	}
	id, err := s.PublicationID(ctx, "uk-2", demoNow.Year())
	if err != nil {
		t.Fatal(err)
	}
	if pub, err := s.Publication(ctx, id); err != nil || len(pub.Data) == 0 {
		t.Errorf("the second institution's report is not published (for make bench): %v", err)
	}
}

func founderID(t *testing.T, s *storage.Store) int64 {
	t.Helper()
	f := &domain.Founder{Name: "Учредитель"}
	if err := s.CreateFounder(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	return f.ID
}

func TestPlanWithInstitution(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	loadDemo(t, s)
	plans, _ := s.Plans(ctx, domain.Scope{All: true})
	p, inst, err := s.PlanWithInstitution(ctx, actor(t, s, "founder@example.org").Scope(), plans[0].Plan.ID)
	if err != nil || p.ID != plans[0].Plan.ID || inst.ID != p.InstitutionID || inst.FounderID == 0 || inst.Slug == "" || inst.Kind == "" {
		t.Fatalf("PlanWithInstitution = %+v %+v, %v", p, inst, err)
	}
	for _, pl := range plans {
		_, _, err := s.PlanWithInstitution(ctx, actor(t, s, "staff2@example.org").Scope(), pl.Plan.ID)
		own := pl.Institution.Slug == "centralnaya-biblioteka"
		if own != (err == nil) {
			t.Errorf("staff2 on plan of %s: %v", pl.Institution.Slug, err)
		}
	}
	if _, err := s.Institution(ctx, actor(t, s, "staff2@example.org").Scope(), plans[0].Institution.ID); plans[0].Institution.Slug != "centralnaya-biblioteka" && domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("foreign institution: %v", err)
	}
}
