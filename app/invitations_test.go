package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"planboard/domain"
)

var invitationIDRe = regexp.MustCompile(`/invitations/(\d+)/accept`)

// isMember reports whether the user with email belongs to the institution.
func (e *env) isMember(email string, inst int64) bool {
	e.t.Helper()
	ms, err := e.store.InstitutionMembers(context.Background(), inst)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range ms {
		if m.User.Email == email {
			return true
		}
	}
	return false
}

// houseDirector is a director of a culture house under a second founder.
func houseDirector(t *testing.T, e *env) (int64, *client) {
	t.Helper()
	ctx := context.Background()
	f := &domain.Founder{Name: "Управление культуры района"}
	if err := e.store.CreateFounder(ctx, f); err != nil {
		t.Fatal(err)
	}
	house := &domain.Institution{FounderID: f.ID, Name: "Районный дом культуры", Kind: domain.KindCultureHouse, Slug: "dom-kultury", TimeZone: "Asia/Novokuznetsk"}
	if err := e.store.CreateInstitution(ctx, house); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Email: "house.director@example.org", FullName: "Директор Дома", PasswordHash: demoHash()}
	if err := e.store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := e.store.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleDirector, InstitutionID: house.ID}); err != nil {
		t.Fatal(err)
	}
	return house.ID, e.login("house.director@example.org")
}

// Inviting an address that already has an account never makes
// a membership by itself. The person sees the invitation when signed in and
// accepts or declines; until then the inviter sees only the address typed.
// Covered for the director's staff form (same founder and another founder)
// and the founder's director form: every form that takes a person's e-mail
// for a membership goes through service.Invite.
func TestInvitationOfExistingAccountNeedsConsent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	museumID, libraryID := e.institutionID(museum), e.institutionID(library)
	dir := e.login("director@example.org")
	staff2 := e.login("staff2@example.org")
	members := fmt.Sprintf("/institutions/%d/members", museumID)

	r := dir.post(members, url.Values{"email": {"staff2@example.org"}, "full_name": {"Кто-то"}, "position": {"Кто-то"}, "role": {"staff"}, "locale": {"ru"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite an existing account = %d\n%.500s", r.Status, r.Body)
	}
	if e.isMember("staff2@example.org", museumID) {
		t.Fatal("inviting an existing account made it a member of the museum at once")
	}
	list := dir.get(r.Location)
	mustContain(t, "staff list after inviting", list, 200, "Приглашение отправлено", "staff2@example.org", "Ожидают ответа")
	for _, private := range []string{"Волков Дмитрий Андреевич", "Заведующий отделом обслуживания"} {
		if strings.Contains(list.Body, private) {
			t.Errorf("the inviter sees %q of a person who has not accepted", private)
		}
	}
	if r := staff2.get(fmt.Sprintf("/plans/%d", e.planID(museum))); r.Status != http.StatusNotFound {
		t.Errorf("the invited person opens the museum's plan before accepting: %d", r.Status)
	}
	// The person was told by mail, without a password link: they have one.
	ms := e.mails("membership_invitation")
	if len(ms) != 1 || ms[0].To != "staff2@example.org" || !strings.Contains(ms[0].Text, "Краеведческий музей") || linkRe.MatchString(ms[0].Text) {
		t.Fatalf("ledger = %+v, want one membership invitation without a password link", ms)
	}
	if n := len(e.mails("invitation")); n != 0 {
		t.Errorf("%d password-link invitations to an existing account", n)
	}
	// Invited twice: said next to the address.
	r = dir.post(members, url.Values{"email": {"staff2@example.org"}, "full_name": {"Кто-то"}, "role": {"staff"}, "locale": {"ru"}})
	mustContain(t, "second invitation", r, 422, "уже приглашён", `aria-describedby="email-error"`, `<a href="#email">`)

	// The person sees it on the home page and in the list of invitations.
	home := staff2.get("/")
	mustContain(t, "invitee's home", home, 200, "Приглашения", "Краеведческий музей", "Иванов Сергей Петрович")
	m := invitationIDRe.FindStringSubmatch(home.Body)
	if m == nil {
		t.Fatalf("no accept button on the home page:\n%.2000s", home.Body)
	}
	id := m[1]
	mustContain(t, "invitations page", staff2.get("/invitations"), 200, "Краеведческий музей", "/invitations/"+id+"/accept")
	// Nobody else may answer it: not the inviter, not the admin (404: not theirs).
	for _, who := range []string{"director@example.org", "admin@example.org", "staff@example.org"} {
		if r := e.login(who).post("/invitations/"+id+"/accept", nil); r.Status != http.StatusNotFound {
			t.Errorf("%s accepts staff2's invitation: %d, want 404", who, r.Status)
		}
	}
	// Accepting makes the membership, in the role offered, at once for this session.
	r = staff2.post("/invitations/"+id+"/accept", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("accept = %d\n%.500s", r.Status, r.Body)
	}
	mustContain(t, "after accepting", staff2.get(r.Location), 200, `role="status"`, "Краеведческий музей")
	if !e.isMember("staff2@example.org", museumID) || !e.isMember("staff2@example.org", libraryID) {
		t.Fatal("after accepting, staff2 should be in both the library and the museum")
	}
	if r := staff2.get(fmt.Sprintf("/plans/%d", e.planID(museum))); r.Status != http.StatusOK {
		t.Errorf("after accepting, the museum's plan = %d", r.Status)
	}
	if r := staff2.post("/invitations/"+id+"/accept", nil); r.Status != http.StatusNotFound {
		t.Errorf("accepting twice = %d, want 404", r.Status)
	}
	mustContain(t, "staff list after acceptance", dir.get(members), 200, "Волков Дмитрий Андреевич")

	// A role change in the museum applies to staff2's live session at once
	// and does not log them out of the library.
	uid := e.userID("staff2@example.org")
	if r := dir.post(fmt.Sprintf("%s/%d/role", members, uid), url.Values{"role": {"director"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("promote = %d", r.Status)
	}
	if r := staff2.get(fmt.Sprintf("/plans/%d", e.planID(library))); r.Status != http.StatusOK {
		t.Errorf("a role change in the museum ended staff2's library session: %d", r.Status)
	}
	if r := staff2.get(members); r.Status != http.StatusOK {
		t.Errorf("the new role does not apply to the live session: staff list = %d", r.Status)
	}
	// Removal from the museum keeps the library; the museum is gone at once.
	if r := dir.post(fmt.Sprintf("%s/%d/remove", members, uid), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("remove = %d", r.Status)
	}
	if r := staff2.get(fmt.Sprintf("/plans/%d", e.planID(library))); r.Status != http.StatusOK {
		t.Errorf("removal from the museum ended staff2's library session: %d", r.Status)
	}
	if r := staff2.get(fmt.Sprintf("/plans/%d", e.planID(museum))); r.Status != http.StatusNotFound {
		t.Errorf("removed from the museum, its plan = %d", r.Status)
	}

	// A director under another founder: the same, and declining asks first.
	houseID, hd := houseDirector(t, e)
	r = hd.post(fmt.Sprintf("/institutions/%d/members", houseID), url.Values{"email": {"staff@example.org"}, "full_name": {"Кто-то"}, "role": {"staff"}, "locale": {"ru"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("house director invites = %d\n%.500s", r.Status, r.Body)
	}
	if e.isMember("staff@example.org", houseID) {
		t.Fatal("a director under another founder took the museum's staff member in at once")
	}
	if strings.Contains(hd.get(r.Location).Body, "Смирнова Анна Игоревна") {
		t.Error("the house's director sees the name of the museum's staff member")
	}
	st := e.login("staff@example.org")
	m = invitationIDRe.FindStringSubmatch(st.get("/").Body)
	if m == nil {
		t.Fatal("no invitation on staff@'s home page")
	}
	ask := st.get("/invitations/" + m[1] + "/decline")
	mustContain(t, "decline asks first", ask, 200, "Районный дом культуры", `action="/invitations/`+m[1]+`/decline"`)
	r = st.post("/invitations/"+m[1]+"/decline", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("decline = %d", r.Status)
	}
	mustContain(t, "after declining", st.get(r.Location), 200, `role="status"`, "отклонено")
	if e.isMember("staff@example.org", houseID) {
		t.Error("declined, yet a member")
	}
	if r := st.post("/invitations/"+m[1]+"/accept", nil); r.Status != http.StatusNotFound {
		t.Errorf("accepting a declined invitation = %d", r.Status)
	}

	// The founder's form for directors: the same rule.
	f := e.login("founder@example.org")
	r = f.post(fmt.Sprintf("/institutions/%d/members", libraryID), url.Values{"email": {"director@example.org"}, "full_name": {"X"}, "role": {"director"}, "locale": {"ru"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("founder invites an existing director = %d\n%.500s", r.Status, r.Body)
	}
	if e.isMember("director@example.org", libraryID) {
		t.Error("the founder's invitation made the museum's director a library director at once")
	}
	// Founder and admin addresses are refused, without telling the inviter:
	// answered as sent, nothing stored, no mail.
	before := len(e.mails("membership_invitation"))
	for _, addr := range []string{"founder@example.org", "admin@example.org"} {
		r = hd.post(fmt.Sprintf("/institutions/%d/members", houseID), url.Values{"email": {addr}, "full_name": {"X"}, "role": {"staff"}, "locale": {"ru"}})
		if r.Status != http.StatusSeeOther || e.isMember(addr, houseID) {
			t.Errorf("invite %s: %d, or made a member", addr, r.Status)
		}
		if strings.Contains(hd.get(r.Location).Body, "пригласить его сюда нельзя") {
			t.Errorf("invite %s: the inviter is told whose address it is", addr)
		}
	}
	if n := len(e.mails("membership_invitation")); n != before {
		t.Errorf("%d invitations mailed to the admin or a founder's person", n-before)
	}
}

// The admin's founder form takes an e-mail too: an existing founder's
// person invited to a second founder gets a pending invitation.
func TestAdminInvitationOfExistingFounderNeedsConsent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	f2 := &domain.Founder{Name: "Управление культуры района"}
	if err := e.store.CreateFounder(ctx, f2); err != nil {
		t.Fatal(err)
	}
	adm := e.login("admin@example.org")
	adm.get("/admin")
	r := adm.post("/admin/invitations", url.Values{"founder_id": {fmt.Sprint(f2.ID)}, "email": {"founder@example.org"}, "full_name": {"X"}, "locale": {"ru"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("admin invites an existing founder's person = %d\n%.500s", r.Status, r.Body)
	}
	_, act, err := e.store.Actor(ctx, e.userID("founder@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range act.Memberships {
		if m.FounderID == f2.ID {
			t.Fatal("the admin's invitation made a membership of the second founder at once")
		}
	}
	fo := e.login("founder@example.org")
	home := fo.get("/")
	mustContain(t, "founder's home", home, 200, "Приглашения", "Управление культуры района")
	m := invitationIDRe.FindStringSubmatch(home.Body)
	if m == nil {
		t.Fatal("no accept button")
	}
	if r := fo.post("/invitations/"+m[1]+"/accept", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("accept = %d", r.Status)
	}
	if _, act, _ = e.store.Actor(ctx, e.userID("founder@example.org")); len(act.Memberships) != 2 {
		t.Errorf("after accepting, memberships = %+v, want the first founder and the second", act.Memberships)
	}
}

// Sessions are per user and re-read the memberships on every
// request, so a role change in one institution applies to the member's
// live sessions without ending them; only a member left with no
// membership at all is logged out.
func TestMemberRemovalEndsSessionsOnlyWithoutMemberships(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	staff := e.login("staff@example.org")
	museumID := e.institutionID(museum)
	base := fmt.Sprintf("/institutions/%d/members/%d", museumID, e.userID("staff@example.org"))
	if r := staff.get(fmt.Sprintf("/institutions/%d/members", museumID)); r.Status != http.StatusForbidden {
		t.Errorf("staff on the staff list = %d", r.Status)
	}
	if r := dir.post(base+"/role", url.Values{"role": {"director"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("promote = %d", r.Status)
	}
	if r := staff.get(fmt.Sprintf("/institutions/%d/members", museumID)); r.Status != http.StatusOK {
		t.Errorf("promoted, the live session on the staff list = %d, want 200 (new role at once)", r.Status)
	}
	if r := dir.post(base+"/role", url.Values{"role": {"staff"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("demote = %d", r.Status)
	}
	if r := staff.get(fmt.Sprintf("/institutions/%d/members", museumID)); r.Status != http.StatusForbidden {
		t.Errorf("demoted, the live session on the staff list = %d, want 403 at once", r.Status)
	}
	if r := dir.post(base+"/remove", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("remove = %d", r.Status)
	}
	if r := staff.get("/"); r.Status != http.StatusSeeOther {
		t.Errorf("removed from the only institution, the session survived: %d", r.Status)
	}
	if r := dir.post(fmt.Sprintf("/institutions/%d/members/%d/remove", museumID, e.userID("director@example.org")), nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("director removes self = %d", r.Status)
	}
}
