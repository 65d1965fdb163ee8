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
	Notices       Notices // the webhook events of the new items (EventsFor: their ids)
}

// ImportedChange is one item brought in line with its row of the file.
type ImportedChange struct {
	Update       ItemUpdate
	Checklist    []string // the new checklist when SetChecklist
	SetChecklist bool
}
