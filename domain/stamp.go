package domain

import "time"

// PlanStamp is what a plan's kept pages are keyed by: its tenant (for the
// policy) and the change counter of its institution, which goes up with
// every committed change to anything the institution's pages show.
type PlanStamp struct {
	PlanID, InstitutionID, FounderID int64
	TimeZone                         string
	Rev                              int64
}

// Institution is the stamp's tenant, enough for the policy and the day.
func (s PlanStamp) Institution() Institution {
	return Institution{ID: s.InstitutionID, FounderID: s.FounderID, TimeZone: s.TimeZone}
}

// StampPeriod is how long a view that counts days ("просрочено", "скоро
// срок") over many time zones is kept at most: the day turns at a quarter
// hour of UTC in every zone there is.
const StampPeriod = 15 * time.Minute

// NavQuery asks for the navigation's counts of a signed-in person: their
// unread notices and, with Review set, the items awaiting acceptance there.
type NavQuery struct {
	UserID int64
	Review *Scope
}

// NavCounts are the navigation's counts.
type NavCounts struct{ Unread, Review int }
