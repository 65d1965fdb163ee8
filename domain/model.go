package domain

import (
	"sync"
	"time"
)

// InstitutionKind is the type of a culture institution.
type InstitutionKind string

// Institution kinds.
const (
	KindMuseum       InstitutionKind = "museum"
	KindLibrary      InstitutionKind = "library"
	KindTheatre      InstitutionKind = "theatre"
	KindCultureHouse InstitutionKind = "culture_house"
	KindOther        InstitutionKind = "other"
)

// InstitutionKinds lists every kind.
var InstitutionKinds = []InstitutionKind{KindMuseum, KindLibrary, KindTheatre, KindCultureHouse, KindOther}

// Founder is an oversight body (учредитель) over many institutions.
type Founder struct {
	ID        int64
	Name      string
	ShortName string
}

// Institution is a museum, library, theatre or culture house under a founder.
type Institution struct {
	ID        int64
	FounderID int64
	Name      string
	ShortName string
	Kind      InstitutionKind
	Slug      string // stable part of the public report URL
	TimeZone  string // IANA zone; "today" and deadlines are computed in it
	INN       string // taxpayer number (ИНН), "" when not recorded; finds the row of an operator's table
}

// Location returns the institution's time zone, falling back to UTC for an
// unknown name (names are validated when stored).
func (i Institution) Location() *time.Location {
	if loc, ok := locations.Load(i.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(i.TimeZone) // reads and parses the zone file
	if err != nil {
		return time.UTC
	}
	locations.Store(i.TimeZone, loc)
	return loc
}

// locations caches loaded time zones: every page computes "today" in its
// institution's zone, and loading one reads a file.
var locations sync.Map

// User is a person who logs in.
type User struct {
	ID           int64
	Email        string
	FullName     string
	Position     string // printed in the official report with the full name
	PasswordHash string
	IsAdmin      bool
	Locale       string // "ru" or "en"
	CreatedAt    time.Time
}

// Plan is an institution's improvement plan for a year.
type Plan struct {
	ID            int64
	InstitutionID int64
	Year          int
	Title         string
	Status        PlanStatus
	PeriodStart   Date
	PeriodEnd     Date
	TemplateCode  string
	// ApprovalText is the «УТВЕРЖДАЮ» block of the file the plan was
	// imported from, as written ("" for none): the approval on paper.
	ApprovalText string
	Version      int // optimistic concurrency: a stale form is refused
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Item is one measure of a plan: a task with a deadline and an assignee.
type Item struct {
	ID               int64
	PlanID           int64
	InstitutionID    int64
	Position         int
	Section          Section
	Indicator        string
	Deficiency       string // column 1
	Measure          string // column 2
	Description      string
	Deadline         Deadline // column 3
	OriginalDeadline Deadline // as first planned; stays visible after moves
	DeadlineMoves    int
	AssigneeID       int64 // 0 when nobody is responsible yet
	Priority         int   // 1 high, 2 normal, 3 low
	Status           ItemStatus
	Implemented      string // column 5a, «реализованные меры»
	CompletedOn      Date   // column 5b
	StatusReason     string // remark of the last return, failure or cancellation
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Checklist        []ChecklistPoint
	Recurrence       Recurrence // «постоянно», «ежеквартально»: dated occurrences
	CoAssignees      []int64    // optional co-assignees besides AssigneeID
	// ResponsibleName and ResponsiblePosition are a responsible person
	// without an account, as an imported file names them in column 4;
	// printed where the item has no assignee.
	ResponsibleName     string
	ResponsiblePosition string
}

// ResponsibleText is the free-text responsible person as column 4 prints
// it: «Иванов И.И., заведующий отделом» ("" for none).
func (it *Item) ResponsibleText() string {
	switch {
	case it.ResponsibleName == "":
		return it.ResponsiblePosition
	case it.ResponsiblePosition == "":
		return it.ResponsibleName
	}
	return it.ResponsibleName + ", " + it.ResponsiblePosition
}

// Assignees returns everyone responsible for the item (for the policy).
func (it *Item) Assignees() []int64 {
	out := make([]int64, 0, 1+len(it.CoAssignees))
	if it.AssigneeID != 0 {
		out = append(out, it.AssigneeID)
	}
	return append(out, it.CoAssignees...)
}

// ChecklistPoint is one tickable sub-point of an item (the seed's bullets).
type ChecklistPoint struct {
	ID       int64
	ItemID   int64
	Position int
	Text     string
	Done     bool
	// ConditionKey names the НОК condition the point provides ("2.1.water"),
	// "" when it provides none: a done item adds that condition's points to
	// the forecast (docs/score.md).
	ConditionKey string
}

// HistoryEntry is one append-only record of a change to an item.
type HistoryEntry struct {
	ID            int64
	InstitutionID int64
	PlanID        int64
	ItemID        int64
	ActorID       int64
	ActorName     string
	At            time.Time
	Action        string // created, updated, status, assigned, deadline_moved, deleted, ...
	Field         string
	OldValue      string
	NewValue      string
	Note          string
}

// Template is a plan template: a named list of items to start a plan from.
type Template struct {
	Code  string // stable identifier, e.g. "museum"
	Title string
	Kind  InstitutionKind
	Items []TemplateItem
}

// TemplateItem is one item of a template.
type TemplateItem struct {
	Section     Section  `json:"section"`
	Indicator   string   `json:"indicator,omitempty"`
	Deficiency  string   `json:"deficiency,omitempty"`
	Measure     string   `json:"measure"`
	Description string   `json:"description,omitempty"`
	Deadline    string   `json:"deadline,omitempty"` // as ParseDeadline reads it
	Checklist   []string `json:"checklist,omitempty"`
}
