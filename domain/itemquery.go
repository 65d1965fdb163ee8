package domain

// ItemQuery selects one page of a plan's items, as the JSON API lists them:
// the board's filters, a status, a due-before date, and keyset pagination
// by id (the page after AfterID, at most Limit items).
type ItemQuery struct {
	PlanID     int64
	Section    Section    // "" for all
	AssigneeID int64      // responsible or co-assigned; 0 for all
	Status     ItemStatus // "" for all
	Overdue    bool       // open and due before Today
	DueBefore  Date       // due on a day before this one; zero for any
	Today      Date
	AfterID    int64 // the last id of the previous page; 0 for the first
	Limit      int
}

// Board is the query's part the board's filter shares.
func (q ItemQuery) Board() BoardFilter {
	return BoardFilter{PlanID: q.PlanID, Section: q.Section, AssigneeID: q.AssigneeID, Overdue: q.Overdue, Today: q.Today}
}
