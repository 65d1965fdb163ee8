package domain

import "testing"

// TestCan drives the policy over every role × every action × own and
// foreign tenant. Tenants: institution 1 and 2 under founder 10, institution
// 3 under founder 20.
func TestCan(t *testing.T) {
	const me, other = 7, 8
	actors := map[string]Actor{
		"anonymous": {},
		"admin":     {UserID: me, IsAdmin: true},
		"founder":   {UserID: me, Memberships: []Membership{{Role: RoleFounder, FounderID: 10}}},
		"director":  {UserID: me, Memberships: []Membership{{Role: RoleDirector, InstitutionID: 1}}},
		"staff":     {UserID: me, Memberships: []Membership{{Role: RoleStaff, InstitutionID: 1}}},
		// Staff in 1 and director in 2: the role counts per institution.
		"mixed": {UserID: me, Memberships: []Membership{{Role: RoleStaff, InstitutionID: 1}, {Role: RoleDirector, InstitutionID: 2}}},
		// A founder who is also staff of an institution under it: the membership in the institution wins there.
		"founder+staff": {UserID: me, Memberships: []Membership{{Role: RoleFounder, FounderID: 10}, {Role: RoleStaff, InstitutionID: 1}}},
		"no role":       {UserID: me},
	}
	own := Resource{InstitutionID: 1, FounderID: 10}
	ownMine := Resource{InstitutionID: 1, FounderID: 10, AssigneeIDs: []int64{other, me}}
	ownOthers := Resource{InstitutionID: 1, FounderID: 10, AssigneeIDs: []int64{other}}
	sibling := Resource{InstitutionID: 2, FounderID: 10} // same founder, other institution
	foreign := Resource{InstitutionID: 3, FounderID: 20}
	foreignMine := Resource{InstitutionID: 3, FounderID: 20, AssigneeIDs: []int64{me}} // assigned, yet foreign
	tenants := []struct {
		name string
		r    Resource
	}{{"own", own}, {"own, assigned to me", ownMine}, {"own, assigned to another", ownOthers},
		{"sibling", sibling}, {"foreign", foreign}, {"foreign, assigned to me", foreignMine}}
	actions := []Action{ActView, ActComment, ActEditPlan, ActWorkItem, ActReviewItem, ActApprovePlan,
		ActManageStaff, ActInviteDirect, ActViewFounder, ActAssess, ActAdminister}

	// allowed[actor][action] lists the tenants (by name) where the action is allowed.
	all := []string{"own", "own, assigned to me", "own, assigned to another", "sibling", "foreign", "foreign, assigned to me"}
	inst1 := []string{"own", "own, assigned to me", "own, assigned to another"}
	founder10 := []string{"own", "own, assigned to me", "own, assigned to another", "sibling"}
	allowed := map[string]map[Action][]string{
		"anonymous": {},
		"admin":     {ActView: all, ActComment: all, ActEditPlan: all, ActWorkItem: all, ActReviewItem: all, ActApprovePlan: all, ActManageStaff: all, ActInviteDirect: all, ActViewFounder: all, ActAssess: all, ActAdminister: all},
		"founder":   {ActView: founder10, ActComment: founder10, ActApprovePlan: founder10, ActInviteDirect: founder10, ActViewFounder: founder10, ActAssess: founder10},
		"director":  {ActView: inst1, ActComment: inst1, ActEditPlan: inst1, ActWorkItem: inst1, ActReviewItem: inst1, ActManageStaff: inst1},
		"staff":     {ActView: inst1, ActComment: inst1, ActWorkItem: {"own, assigned to me"}},
		"mixed": {ActView: append(inst1, "sibling"), ActComment: append(inst1, "sibling"), ActEditPlan: {"sibling"},
			ActWorkItem: {"own, assigned to me", "sibling"}, ActReviewItem: {"sibling"}, ActManageStaff: {"sibling"}},
		"founder+staff": {ActView: founder10, ActComment: founder10, ActWorkItem: {"own, assigned to me"},
			ActApprovePlan: {"sibling"}, ActInviteDirect: {"sibling"}, ActViewFounder: {"sibling"}, ActAssess: {"sibling"}},
		"no role": {},
	}
	for name, a := range actors {
		for _, act := range actions {
			for _, tn := range tenants {
				want := contains(allowed[name][act], tn.name)
				if got := Can(a, act, tn.r); got != want {
					t.Errorf("%s %s on %s: Can = %v, want %v", name, act, tn.name, got, want)
				}
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

func TestScope(t *testing.T) {
	a := Actor{UserID: 1, Memberships: []Membership{{Role: RoleFounder, FounderID: 10}, {Role: RoleStaff, InstitutionID: 3}}}
	sc := a.Scope()
	if sc.All || len(sc.FounderIDs) != 1 || sc.FounderIDs[0] != 10 || len(sc.InstitutionIDs) != 1 || sc.InstitutionIDs[0] != 3 {
		t.Errorf("scope = %+v", sc)
	}
	if !(Actor{UserID: 1}).Scope().Empty() || (Actor{UserID: 1, IsAdmin: true}).Scope().Empty() {
		t.Error("Empty wrong")
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		good bool
	}{{"short", false}, {"123456789", false}, {"1234567890", true}, {"Anna@Museum.ru", false}, {"длинныйпароль", true}, {"пароль123", false}} {
		err := CheckPassword("password", tc.pw, "anna@museum.ru")
		if (err == nil) != tc.good {
			t.Errorf("CheckPassword(%q) = %v", tc.pw, err)
		}
	}
}
