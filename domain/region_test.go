package domain

import "testing"

// TestRegionPolicy: a region's person reads and comments below its node
// and nothing more; a node's people and its ancestors' see its dashboard.
func TestRegionPolicy(t *testing.T) {
	a := Actor{UserID: 9, Memberships: []Membership{{Role: RoleRegion, OverseerID: 2, Founders: []int64{10, 11}}}}
	own, foreign := Resource{InstitutionID: 100, FounderID: 11}, Resource{InstitutionID: 200, FounderID: 12}
	for _, act := range []Action{ActView, ActComment} {
		if !Can(a, act, own) || Can(a, act, foreign) {
			t.Errorf("%s: own %v, foreign %v", act, Can(a, act, own), Can(a, act, foreign))
		}
	}
	for _, act := range []Action{ActApprovePlan, ActEditPlan, ActWorkItem, ActReviewItem, ActManageStaff, ActInviteDirect, ActViewFounder, ActAssess, ActManageWebhooks, ActAdminister} {
		if Can(a, act, own) {
			t.Errorf("a region may %s", act)
		}
	}
	if !Can(a, ActViewRegion, Resource{OverseerPath: []int64{1, 2}}) || !Can(a, ActRecommend, Resource{OverseerPath: []int64{1, 2, 5}}) {
		t.Error("a region does not oversee its node or a node below it")
	}
	if Can(a, ActViewRegion, Resource{OverseerPath: []int64{1}}) || Can(a, ActViewRegion, Resource{OverseerPath: []int64{1, 3}}) {
		t.Error("a region oversees its parent or a sibling")
	}
	sc := a.Scope()
	if len(sc.FounderIDs) != 2 || len(sc.OverseerIDs) != 1 || sc.Empty() {
		t.Errorf("scope = %+v", sc)
	}
	// A director of an institution below the region stays its director.
	d := Actor{UserID: 9, Memberships: append(a.Memberships, Membership{Role: RoleDirector, InstitutionID: 100})}
	if d.Role(100, 11) != RoleDirector {
		t.Errorf("role = %s, want director", d.Role(100, 11))
	}
	if err := Invitable(User{}, a.Memberships, RoleStaff); err == nil {
		t.Error("a region's person may be invited as staff")
	}
}

// TestProposeAnswers: items of the concerned criteria that share words
// with the recommendation are proposed; others are not.
func TestProposeAnswers(t *testing.T) {
	rec := Recommendation{ID: 1, Title: "Повышение квалификации работников",
		Text: "Регулярно планировать мероприятия по повышению квалификации специалистов, обучающие семинары", Criteria: []Section{Section4}}
	items := []Item{
		{ID: 1, Section: Section4, Measure: "Организовать обучающие семинары по повышению квалификации сотрудников"},
		{ID: 2, Section: Section2, Measure: "Установить кулер с питьевой водой"},
		{ID: 3, Section: Section1, Measure: "Обновить сведения на сайте"},
	}
	got := ProposeAnswers(rec, items)
	if len(got) != 1 || got[0] != 1 {
		t.Errorf("proposed %v, want [1]", got)
	}
	in := RecommendationInput{Title: " Ремонт ", Criteria: []string{"2", "2", "5"}}
	r, fe := in.Recommendation()
	if len(fe) != 0 || r.Title != "Ремонт" || len(r.Criteria) != 2 {
		t.Errorf("recommendation %+v, errors %v", r, fe)
	}
	for _, bad := range []RecommendationInput{{Title: "", Criteria: []string{"1"}}, {Title: "x"}, {Title: "x", Criteria: []string{"org"}}} {
		if _, fe := bad.Recommendation(); len(fe) == 0 {
			t.Errorf("%+v accepted", bad)
		}
	}
}
