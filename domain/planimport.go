package domain

import "time"

// What an uploaded plan file is for.
const (
	ImportCreate   = "create"   // a new plan from the file
	ImportUpdate   = "update"   // an existing plan brought in line with the file
	ImportTemplate = "template" // a plan template made by the admin
)

// PlanImportTTL is how long an uploaded file waits for its confirmation.
const PlanImportTTL = time.Hour

// MaxPlanImports is how many uploads one person keeps waiting at once: a
// new one ends the oldest.
const MaxPlanImports = 5

// PlanImport is an uploaded plan file held between its preview and its
// confirmation: only its uploader reads it, until it expires or is used.
type PlanImport struct {
	ID            int64
	UserID        int64
	InstitutionID int64 // 0 for a template
	PlanID        int64 // the plan an update is for, else 0
	Purpose       string
	FileName      string
	Data          []byte // the file as uploaded; not loaded with the import
	Parsed        []byte // the file as read once (docimport.Parsed, JSON): what previews read
	CreatedAt     time.Time
	ExpiresAt     time.Time
}

// PlanFileUpdate is what an update from a file writes to one plan, in one
// transaction.
type PlanFileUpdate struct {
	PlanID        int64
	InstitutionID int64
	By            User
	Added         []Item         // new measures, appended after the plan's last
	Occurrences   map[int][]Date // the dated occurrences of Added[i] when it recurs
	Changed       []ImportedChange
	FileName      string  // the uploaded file's name, for «Журнал плана»
	Notices       Notices // the webhook events of the new items (EventsFor: their ids)
}

// ImportedChange is one item brought in line with its row of the file.
type ImportedChange struct {
	Update       ItemUpdate
	Checklist    []string // the new checklist when SetChecklist
	SetChecklist bool
}

// PlanFileUpdateRecord is an applied update from a file as «Журнал плана»
// keeps it: the file's name, the changed items as they were before and the
// items it added, so that the plan's previous version can be restored.
type PlanFileUpdateRecord struct {
	ID            int64
	PlanID        int64
	InstitutionID int64
	At            time.Time
	ActorName     string
	FileName      string
	Before        []Item  // the changed items before the update, with their checklists
	AddedIDs      []int64 // the items the update added
	Restored      bool
	Latest        bool // no later update of the plan is still in force
}
