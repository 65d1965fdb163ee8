package domain

import "time"

// PlanSummary is a plan with its institution and item counts, for lists.
type PlanSummary struct {
	Plan        Plan
	Institution Institution
	Total       int // items that count (not cancelled)
	Done        int
}

// Session is a logged-in browser. The cookie carries a random token; only
// its hash is stored.
type Session struct {
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Member is a user with their role in one institution.
type Member struct {
	User User
	Role Role
}

// DemoUser is a demo login printed at start-up.
type DemoUser struct {
	Email, Role, Institution string
}
