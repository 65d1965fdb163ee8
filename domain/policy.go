package domain

// Role is what a membership lets a user do in an institution or a founder.
type Role string

// Roles. Admin is a flag on the user, not a membership.
const (
	RoleDirector Role = "director" // руководитель: everything in the own institution
	RoleStaff    Role = "staff"    // сотрудник: read the institution, work on own tasks
	RoleFounder  Role = "founder"  // учредитель: read all institutions under the founder, approve plans
	RoleRegion   Role = "region"   // регион: read and comment everything below an overseer node (domain/region.go)
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleDirector || r == RoleStaff || r == RoleFounder || r == RoleRegion
}

// Membership binds a user to an institution (director, staff) or a founder (founder).
type Membership struct {
	ID            int64
	UserID        int64
	Role          Role
	InstitutionID int64 // set for director and staff
	FounderID     int64 // set for founder
	OverseerID    int64 // set for region
	// Founders are the founders anywhere below OverseerID (region only),
	// read with the membership: the policy and the scope need no tree.
	Founders []int64
}

// Actor is who asks: the user and all their memberships.
type Actor struct {
	UserID      int64
	IsAdmin     bool
	Memberships []Membership
}

// Action is something an actor wants to do.
type Action string

// Actions checked by the policy.
const (
	ActView         Action = "view"            // read an institution's plans, board, items, history
	ActComment      Action = "comment"         // comment on an item
	ActEditPlan     Action = "edit_plan"       // create and edit plans and items, assign, submit, publish
	ActWorkItem     Action = "work_item"       // start, close with a report, tick points, attach evidence
	ActReviewItem   Action = "review_item"     // accept, return, fail, cancel, reopen an item
	ActApprovePlan  Action = "approve_plan"    // approve or return a plan or a progress report
	ActManageStaff  Action = "manage_staff"    // invite staff, change roles, remove members
	ActInviteDirect Action = "invite_director" // invite a director to an institution
	ActViewFounder  Action = "view_founder"    // founder dashboard over all its institutions
	ActAssess       Action = "assess"          // enter and import НОК results, thresholds, an institution's ИНН
	ActAdminister   Action = "administer"      // founders, institutions, audit log, mail ledger
	// ActManageWebhooks: an institution's endpoints (its director) or a
	// founder's own endpoints, which see all its institutions (its people).
	ActManageWebhooks Action = "manage_webhooks"
	// ActManageSite: the official site on record, its audit and the marks
	// «есть, но не найдено автоматически» (docs/site-audit.md).
	ActManageSite Action = "manage_site"
	// ActViewRegion: an overseer node's dashboard and recommendations
	// (Resource.OverseerPath), its people's and the admin's.
	ActViewRegion Action = "view_region"
	// ActRecommend: record a node's recommendations (its people, the admin).
	ActRecommend Action = "recommend"
	// ActEnterSurvey: type in an institution's paper questionnaires (its director and staff).
	ActEnterSurvey Action = "enter_survey"
)

// Resource is what the action is about. InstitutionID and FounderID locate
// the tenant; AssigneeIDs are the people responsible for an item.
type Resource struct {
	InstitutionID int64
	FounderID     int64 // the founder of InstitutionID, or the founder itself
	AssigneeIDs   []int64
	OverseerPath  []int64 // an overseer node's ancestors down to itself (ActViewRegion)
}

// Can is the access policy: it reports whether actor a may perform act on r.
// The use cases ask it through Caller.authorize (app/service/service.go); the
// pages that still read storage themselves ask it directly (app/web/access.go,
// the board's moves in app/web/board.go); a few scopes are still decided
// outside it (reviewScope in app/web/ux_nav.go). Storage scoping makes foreign
// records invisible besides (docs/architecture.md).
func Can(a Actor, act Action, r Resource) bool {
	if a.UserID == 0 {
		return false
	}
	if a.IsAdmin {
		return true
	}
	role := a.roleFor(r)
	switch act {
	case ActView, ActComment:
		return role != ""
	case ActEditPlan, ActReviewItem, ActManageStaff:
		return role == RoleDirector
	case ActWorkItem:
		return role == RoleDirector || (role == RoleStaff && r.assigned(a.UserID))
	case ActApprovePlan, ActInviteDirect, ActViewFounder, ActAssess:
		return role == RoleFounder
	case ActManageWebhooks:
		return role == RoleDirector || (role == RoleFounder && r.InstitutionID == 0)
	case ActManageSite:
		return role == RoleDirector || role == RoleFounder
	case ActViewRegion, ActRecommend:
		return a.overseesNode(r.OverseerPath)
	case ActEnterSurvey:
		return role == RoleDirector || role == RoleStaff
	}
	return false
}

// roleFor returns the strongest role a has over r: a membership in the
// institution itself, or a founder membership over the institution's founder.
func (a Actor) roleFor(r Resource) Role {
	var best Role
	for _, m := range a.Memberships {
		switch {
		case m.Role == RoleFounder && r.FounderID != 0 && m.FounderID == r.FounderID:
			if best == "" {
				best = RoleFounder
			}
		case m.Role == RoleRegion && r.FounderID != 0 && containsID(m.Founders, r.FounderID):
			if best == "" {
				best = RoleRegion
			}
		case (m.Role == RoleDirector || m.Role == RoleStaff) && r.InstitutionID != 0 && m.InstitutionID == r.InstitutionID:
			if m.Role == RoleDirector || best == "" || best == RoleFounder || best == RoleRegion {
				best = m.Role
			}
		}
	}
	return best
}

func (r Resource) assigned(userID int64) bool {
	for _, id := range r.AssigneeIDs {
		if id == userID {
			return true
		}
	}
	return false
}

// Scope is the set of tenants an actor can see; storage filters every query by it.
type Scope struct {
	All            bool    // admin: every tenant
	InstitutionIDs []int64 // institutions the actor is a member of
	FounderIDs     []int64 // founders whose institutions the actor oversees (a region's: every founder below it)
	OverseerIDs    []int64 // overseer nodes the actor belongs to (role region); their subtrees' founders are in FounderIDs
}

// Scope returns the tenants visible to a.
func (a Actor) Scope() Scope {
	s := Scope{All: a.IsAdmin}
	for _, m := range a.Memberships {
		switch m.Role {
		case RoleFounder:
			s.FounderIDs = append(s.FounderIDs, m.FounderID)
		case RoleRegion:
			s.OverseerIDs = append(s.OverseerIDs, m.OverseerID)
			s.FounderIDs = append(s.FounderIDs, m.Founders...)
		default:
			s.InstitutionIDs = append(s.InstitutionIDs, m.InstitutionID)
		}
	}
	return s
}

// Empty reports whether the scope sees nothing at all.
func (s Scope) Empty() bool {
	return !s.All && len(s.InstitutionIDs) == 0 && len(s.FounderIDs) == 0 && len(s.OverseerIDs) == 0
}

// Role returns the actor's strongest role in the given institution ("" if none).
func (a Actor) Role(institutionID, founderID int64) Role {
	return a.roleFor(Resource{InstitutionID: institutionID, FounderID: founderID})
}
