package storage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage/pgtest"
)

// An existing account invited elsewhere is asked, never made a member: the
// membership appears only when it accepts, once however many answers race.
func TestPendingInvitationAcceptedOnce(t *testing.T) {
	s := pgtest.Store(t)
	loadDemo(t, s)
	ctx := context.Background()
	staff2, err := s.UserByEmail(ctx, "staff@example.org")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := s.InstitutionBySlug(ctx, "centralnaya-biblioteka")
	if err != nil {
		t.Fatal(err)
	}
	p := &domain.PendingInvitation{UserID: staff2.ID, Email: staff2.Email, Role: domain.RoleStaff, InstitutionID: lib.ID,
		CreatedAt: demoNow, ExpiresAt: demoNow.Add(domain.InvitationTTL)}
	mail := domain.Mail{Kind: "membership_invitation", Subject: "s", Text: "t"}
	if err := s.AddPendingInvitation(ctx, p, mail, "test"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddPendingInvitation(ctx, &domain.PendingInvitation{UserID: staff2.ID, Email: staff2.Email, Role: domain.RoleStaff,
		InstitutionID: lib.ID, CreatedAt: demoNow, ExpiresAt: demoNow.Add(domain.InvitationTTL)}, mail, "test"); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("a second pending invitation: %v, want a conflict", err)
	}
	if ms, _ := s.InstitutionMembers(ctx, lib.ID); hasMember(ms, staff2.ID) {
		t.Fatal("a pending invitation made a membership")
	}
	if _, err := s.AcceptInvitation(ctx, staff2.ID+1000, p.ID, demoNow); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("someone else accepts: %v, want not found", err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = s.AcceptInvitation(ctx, staff2.ID, p.ID, demoNow)
		}(i)
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
		} else if domain.ErrorCode(err) != domain.ENotFound {
			t.Fatal(err)
		}
	}
	if ms, _ := s.InstitutionMembers(ctx, lib.ID); wins != 1 || !hasMember(ms, staff2.ID) {
		t.Errorf("%d accepts won, member: %v", wins, hasMember(ms, staff2.ID))
	}
}

// A role change keeps the member's sessions; a removal ends them only when
// no membership is left.
func TestMembershipChangesKeepSessionsOfOtherTenants(t *testing.T) {
	s := pgtest.Store(t)
	loadDemo(t, s)
	ctx := context.Background()
	u, _ := s.UserByEmail(ctx, "staff@example.org")
	museum, _ := s.InstitutionBySlug(ctx, "kraevedcheskiy-muzey")
	lib, _ := s.InstitutionBySlug(ctx, "centralnaya-biblioteka")
	if err := s.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleStaff, InstitutionID: lib.ID}); err != nil {
		t.Fatal(err)
	}
	sess := domain.Session{UserID: u.ID, CSRFToken: "x", CreatedAt: demoNow, ExpiresAt: demoNow.Add(24 * time.Hour)}
	if err := s.CreateSession(ctx, "tok", sess); err != nil {
		t.Fatal(err)
	}
	live := func() bool {
		_, _, _, err := s.SessionActor(ctx, "tok", demoNow, time.Hour)
		return err == nil
	}
	if err := s.SetMemberRole(ctx, domain.Scope{InstitutionIDs: []int64{museum.ID}}, museum.ID, u.ID, domain.RoleDirector); err != nil || !live() {
		t.Fatalf("role change: %v, session live: %v", err, live())
	}
	if err := s.RemoveMember(ctx, museum.ID, u.ID); err != nil || !live() {
		t.Fatalf("removal with the library left: %v, session live: %v", err, live())
	}
	if err := s.RemoveMember(ctx, lib.ID, u.ID); err != nil || live() {
		t.Fatalf("removal from the last institution: %v, session live: %v", err, live())
	}
}

func hasMember(ms []domain.Member, id int64) bool {
	for _, m := range ms {
		if m.User.ID == id {
			return true
		}
	}
	return false
}
