package domain

import "time"

// PlanSummary is a plan with its institution and item counts, for lists.
type PlanSummary struct {
	Plan        Plan
	Institution Institution
	Total       int // items that count (not cancelled)
	Done        int
	Returned    bool // a draft returned by the founder for rework (docs/ux.md §6)
}

// Session is a logged-in browser. The cookie carries a random token; only
// its hash is stored.
type Session struct {
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	Flash      string // the one-time message for the next page (docs/ux.md §2)
}

// Member is a user with their role in one institution.
type Member struct {
	User User
	Role Role
}

// MemberName returns the full name (or, without one, the e-mail) of the
// member with id, "" for nobody.
func MemberName(members []Member, id int64) string {
	for _, m := range members {
		if m.User.ID == id {
			if m.User.FullName != "" {
				return m.User.FullName
			}
			return m.User.Email
		}
	}
	return ""
}

// DemoUser is a demo login printed at start-up.
type DemoUser struct {
	Email, Role, Institution string
}
