package domain

import "time"

// BoardFilter narrows the cards of a board or of "my tasks".
type BoardFilter struct {
	PlanID     int64   // one plan's board; 0 with Mine for "my tasks"
	Mine       int64   // items this user is responsible or co-assigned for
	Section    Section // "" for all
	AssigneeID int64   // 0 for all
	Overdue    bool    // open and due before Today
	DueWeek    bool    // open and due from Today to Today+6
	OpenOnly   bool
	Today      Date
}

// Card is an item as a board card: with the responsible person's name and
// the plan it belongs to.
type Card struct {
	Item         Item
	AssigneeName string
	PlanTitle    string
	PlanYear     int
}

// Comment is a remark on an item.
type Comment struct {
	ID         int64
	ItemID     int64
	AuthorID   int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
}

// DefaultMaxUploadMB is the largest evidence file accepted, in MB (MiB),
// the same through the pages and the API (PLANBOARD_MAX_UPLOAD_MB changes
// it for both); docs/api.md and the README state it.
const DefaultMaxUploadMB = 20

// Attachment is evidence on an item: a file (Kind "file") or a link (Kind
// "link"). Data is only filled when one attachment is loaded for download.
type Attachment struct {
	ID          int64
	ItemID      int64
	Kind        string
	Filename    string
	ContentType string
	Size        int64
	Data        []byte
	URL         string
	CreatedAt   time.Time
}

// ItemUpdate is one save of an item: the version the form was opened with
// (Old), the new values (New), who saves and why. When SetExtras is true the
// checklist and co-assignees are replaced too; Evidence is attached.
type ItemUpdate struct {
	// Scope is the caller's: the write touches the item only inside it, in
	// the statement itself, so an update built from outside input (an
	// import, the API, a retried webhook) never crosses tenants.
	Scope     Scope
	Old, New  Item
	By        User
	Note      string
	Names     func(int64) string
	Checklist []string
	// PointConditions (with SetExtras) maps each point of Checklist to the
	// НОК condition it provides; nil keeps conditions by the point's text.
	PointConditions map[string]string
	CoAssignees     []int64
	SetExtras       bool
	Evidence        []Attachment // stored with the save, in the same transaction
	Notices         Notices      // mails about the change, planned in the same transaction
	Occurrences     []Date       // with SetExtras: the recurring item's dated occurrences from now on
}
