package service

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"planboard/app/docimport"
	"planboard/domain"
)

// PlanImportStore is what the plan-file use cases need: the upload held
// between preview and confirmation, and the writes that consume it.
type PlanImportStore interface {
	Institution(ctx context.Context, sc domain.Scope, id int64) (domain.Institution, error)
	PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error)
	PlanItems(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Item, error)
	InstitutionMembers(ctx context.Context, institutionID int64) ([]domain.Member, error)
	Template(ctx context.Context, code string) (domain.Template, error)
	SavePlanImport(ctx context.Context, imp *domain.PlanImport) error
	PlanImport(ctx context.Context, userID, id int64, purpose string) (domain.PlanImport, error)
	CreatePlanFromImport(ctx context.Context, imp domain.PlanImport, p *domain.Plan, items []domain.Item, occurrences map[int][]domain.Date, by domain.User, n domain.Notices) error
	RetargetPlanImport(ctx context.Context, imp domain.PlanImport, planID int64) error
	PlanEvidenceNames(ctx context.Context, sc domain.Scope, planID int64) (map[int64][]string, error)
	ApplyPlanUpdate(ctx context.Context, imp domain.PlanImport, u domain.PlanFileUpdate) error
	PlanFileUpdate(ctx context.Context, sc domain.Scope, planID, id int64) (domain.PlanFileUpdateRecord, error)
	RestorePlanFileUpdate(ctx context.Context, sc domain.Scope, rec domain.PlanFileUpdateRecord, restore []domain.ItemUpdate, by domain.User) error
	SaveTemplateFromImport(ctx context.Context, imp domain.PlanImport, t domain.Template) error
}

// Upload is a plan file sent for a preview.
type Upload struct {
	Purpose       string // domain.ImportCreate, ImportUpdate or ImportTemplate
	InstitutionID int64  // create: the institution the plan is for
	PlanID        int64  // update: the plan the file updates
	FileName      string
	Data          []byte
}

// UploadPlanFile checks the caller may do what the file is for, reads the
// file once, and holds it and what was read for the caller's previews and
// confirmation (one hour; the caller's oldest beyond domain.MaxPlanImports
// are dropped).
// It returns the upload's id. Errors: ENotFound (institution or plan),
// EForbidden, EInvalid "file" with the reader's message in Russian when the
// file is refused (nothing is stored then).
func (s *Service) UploadPlanFile(ctx context.Context, who Caller, in Upload) (int64, error) {
	imp := domain.PlanImport{UserID: who.User.ID, Purpose: in.Purpose, FileName: domain.FileName(in.FileName, ""), Data: in.Data}
	switch in.Purpose {
	case domain.ImportCreate:
		inst, err := s.store.Institution(ctx, who.Scope(), in.InstitutionID)
		if err != nil {
			return 0, err
		}
		if err := who.authorize(domain.ActEditPlan, inst); err != nil {
			return 0, err
		}
		imp.InstitutionID = inst.ID
	case domain.ImportUpdate:
		plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), in.PlanID)
		if err != nil {
			return 0, err
		}
		if err := who.authorize(domain.ActEditPlan, inst); err != nil {
			return 0, err
		}
		imp.InstitutionID, imp.PlanID = inst.ID, plan.ID
	case domain.ImportTemplate:
		if !who.Actor.IsAdmin {
			return 0, ErrForbidden
		}
	default:
		return 0, domain.ErrNotFound
	}
	if len(in.Data) == 0 {
		return 0, domain.FieldError("file", "import.file_required")
	}
	parsed, err := docimport.Parse(in.Data, docimport.Options{}) // the only time the file is read
	if err == nil {
		_, err = parsed.Read(docimport.Options{})
	}
	if err != nil {
		return 0, refusal(err)
	}
	if imp.Parsed, err = json.Marshal(parsed); err != nil {
		return 0, err
	}
	if err := s.store.SavePlanImport(ctx, &imp); err != nil {
		return 0, err
	}
	return imp.ID, nil
}

// refusal turns the reader's refusal into a field error carrying its
// Russian message; other errors pass.
func refusal(err error) error {
	if docimport.KindOf(err) != "" {
		return domain.FieldError("file", err.Error())
	}
	return err
}

// RowEdit is the director's correction of one row on the preview.
type RowEdit struct {
	Keep        bool
	Deadline    *string // column 3 retyped; nil keeps the file's
	Responsible *string // column 4 retyped; nil keeps the file's
}

// ImportEdits are the choices made on a preview. Rows nil means every row
// as the file has it (the first preview).
type ImportEdits struct {
	Year int // the plan year; 0 takes the file's (create and template only)
	Rows map[int]RowEdit
}

// ImportPreview is an upload read again with the edits applied: every row
// as understood, what blocks the confirmation, and for an update the
// difference with the plan.
type ImportPreview struct {
	Import          domain.PlanImport // without its data
	Institution     domain.Institution
	Plan            domain.Plan  // update: the plan the file updates
	Format          string       // "docx" or "xlsx"
	Title           string       // the file's title
	FileInstitution string       // the institution the title names
	Year            int          // the year the deadlines were read for
	YearFromFile    bool         // Year is the one the file's title names
	FileYear        int          // the year the file's title names, 0 for none
	Existing        *domain.Plan // create: the institution's plan for Year already there, nil for none
	Approval        string       // the «УТВЕРЖДАЮ» block as written, "" for none
	Notices         []string     // the reader's remarks on the file (Russian)
	Rows            []ImportRow
	// Errors block the confirmation: "rows", "row-N-deadline",
	// "row-N-measure", "row-N-responsible", "row-N-checklist" (message keys).
	Errors domain.FieldErrors
	Diff   *PlanDiff // update only
}

// Kept counts the rows the confirmation would take.
func (p *ImportPreview) Kept() int {
	n := 0
	for _, r := range p.Rows {
		if r.Keep {
			n++
		}
	}
	return n
}

// ImportRow is one row of the file as the preview shows it.
type ImportRow struct {
	N               int // the row's number among the file's measures, 1-based: the key of its edits
	Line            int // its row in the table or sheet
	Keep            bool
	Section         domain.Section
	SectionTitle    string
	Number          string
	Indicator       string
	Deficiency      string
	Measure         string
	Checklist       []string
	DeadlineText    string // as written, or as retyped
	Deadline        domain.Deadline
	Recurrence      domain.Recurrence
	DeadlineOK      bool // the text was read (or is empty)
	ResponsibleText string
	People          []ImportPerson
	Implemented     string // column 5а
	CompletedText   string // column 5б as written
	CompletedOn     domain.Date
	Done            bool
	Problems        []string // the reader's, in Russian
}

// ImportPerson is one responsible person of column 4 and the member matched.
type ImportPerson struct {
	Name, Position string
	MemberID       int64
	MemberName     string // "" when nobody matched: kept as text on the item
}

// Limits of the stored fields (migrations 0001 and 0095).
const (
	maxMeasure     = 5000
	maxPoint       = 2000
	maxResponsible = 1000
	maxTitle       = 1000
	maxApproval    = 4000
)

// importCtx is an upload with what it is for, loaded through the caller's
// scope and checked against the policy.
type importCtx struct {
	imp     domain.PlanImport
	inst    domain.Institution
	plan    domain.Plan
	members []domain.Member
}

func (s *Service) loadImport(ctx context.Context, who Caller, purpose string, id, planID int64) (*importCtx, error) {
	imp, err := s.store.PlanImport(ctx, who.User.ID, id, purpose)
	if err != nil {
		return nil, err
	}
	ic := &importCtx{imp: imp}
	switch purpose {
	case domain.ImportCreate:
		if ic.inst, err = s.store.Institution(ctx, who.Scope(), imp.InstitutionID); err != nil {
			return nil, err
		}
	case domain.ImportUpdate:
		if imp.PlanID != planID {
			return nil, domain.ErrNotFound
		}
		if ic.plan, ic.inst, err = s.store.PlanWithInstitution(ctx, who.Scope(), planID); err != nil {
			return nil, err
		}
	case domain.ImportTemplate:
		if !who.Actor.IsAdmin {
			return nil, ErrForbidden
		}
		return ic, nil
	}
	if err := who.authorize(domain.ActEditPlan, ic.inst); err != nil {
		return nil, err
	}
	ic.members, err = s.store.InstitutionMembers(ctx, ic.inst.ID)
	return ic, err
}

// PreviewImport shows the caller's upload, as read once at upload, with
// the edits applied.
// planID is the plan of an update (0 otherwise). Errors: ENotFound (not the
// caller's upload, expired, used, or another plan's), EForbidden.
func (s *Service) PreviewImport(ctx context.Context, who Caller, purpose string, id, planID int64, ed ImportEdits) (*ImportPreview, error) {
	ic, err := s.loadImport(ctx, who, purpose, id, planID)
	if err != nil {
		return nil, err
	}
	return s.preview(ctx, who, ic, ed)
}

func (s *Service) preview(ctx context.Context, who Caller, ic *importCtx, ed ImportEdits) (*ImportPreview, error) {
	year := ed.Year
	if ic.imp.Purpose == domain.ImportUpdate {
		year = ic.plan.Year
	}
	var members []docimport.Member
	for _, m := range ic.members {
		members = append(members, docimport.Member{ID: m.User.ID, FullName: m.User.FullName, Position: m.User.Position})
	}
	var parsed docimport.Parsed // the file as read at upload: never parsed again
	if len(ic.imp.Parsed) == 0 {
		return nil, domain.ErrNotFound // kept by an older binary, which kept no parse: upload again
	}
	if err := json.Unmarshal(ic.imp.Parsed, &parsed); err != nil {
		return nil, err
	}
	opt := docimport.Options{Year: year, Members: members}
	res, err := parsed.Read(opt)
	if err != nil {
		return nil, refusal(err)
	}
	p := &ImportPreview{Import: ic.imp, Institution: ic.inst, Plan: ic.plan, Format: res.Format, Title: res.Title,
		FileInstitution: res.Institution, Year: res.Year, FileYear: res.TitleYear, Notices: res.Notices}
	p.Import.Data = nil
	if res.Year == 0 { // no year anywhere: next year's plan, as the form proposes
		opt.Year = domain.Today(s.now(), ic.inst.Location()).Year + 1
		if res, err = parsed.Read(opt); err != nil {
			return nil, refusal(err)
		}
		p.Year = opt.Year
	}
	// An approval block left blank for the pen (a form not yet approved)
	// is no approval.
	if a := res.Approval; a != nil && (a.Position != "" || a.Name != "" || !a.Date.IsZero()) {
		p.Approval = cleanText(a.Text, maxApproval)
	}
	p.YearFromFile = p.FileYear != 0 && p.FileYear == p.Year
	if ic.imp.Purpose == domain.ImportCreate {
		plan, err := s.store.InstitutionPlanForYear(ctx, who.Scope(), ic.inst.ID, p.Year)
		switch {
		case err == nil:
			p.Existing = &plan
		case domain.ErrorCode(err) != domain.ENotFound:
			return nil, err
		}
	}
	for i, r := range res.Rows {
		p.Rows = append(p.Rows, importRow(i+1, r, ed.Rows, p.Year, members, ic.members))
	}
	p.Errors = validateRows(p.Rows)
	if ic.imp.Purpose == domain.ImportUpdate {
		items, err := s.store.PlanItems(ctx, who.Scope(), ic.plan.ID)
		if err != nil {
			return nil, err
		}
		evidence, err := s.store.PlanEvidenceNames(ctx, who.Scope(), ic.plan.ID)
		if err != nil {
			return nil, err
		}
		p.Diff = diffPlan(items, p.Rows, ic.members, ic.plan.Status, evidence)
	}
	return p, nil
}

// importRow is a row of the reader with the director's edits.
func importRow(n int, r docimport.Row, edits map[int]RowEdit, year int, members []docimport.Member, people []domain.Member) ImportRow {
	row := ImportRow{N: n, Line: r.Line, Keep: true, Section: r.Section, SectionTitle: r.SectionTitle, Number: r.Number,
		Indicator: r.Indicator, Deficiency: r.Deficiency, Measure: r.Measure, Checklist: r.Checklist,
		DeadlineText: r.DeadlineText, Deadline: r.Deadline, Recurrence: r.Recurrence, DeadlineOK: r.DeadlineProblem == "" || r.DeadlineText == "",
		ResponsibleText: r.ResponsibleText, Implemented: r.Implemented, CompletedText: r.CompletedText, CompletedOn: r.CompletedOn, Done: r.Done}
	drop := map[string]bool{}
	persons := r.Responsible
	if edits != nil {
		e := edits[n]
		row.Keep = e.Keep
		if e.Deadline != nil && strings.Join(strings.Fields(*e.Deadline), " ") != r.DeadlineText {
			drop[r.DeadlineProblem] = true
			var problem string
			row.DeadlineText = strings.Join(strings.Fields(cleanText(*e.Deadline, 200)), " ")
			row.Deadline, row.Recurrence, problem = docimport.ReadDeadline(row.DeadlineText, year)
			row.DeadlineOK = problem == "" || row.DeadlineText == ""
			if problem != "" {
				row.Problems = append(row.Problems, problem)
			}
		}
		if e.Responsible != nil && strings.TrimSpace(*e.Responsible) != strings.TrimSpace(r.ResponsibleText) {
			for _, p := range r.ResponsibleProblems {
				drop[p] = true
			}
			var problems []string
			row.ResponsibleText = strings.TrimSpace(cleanText(*e.Responsible, 2*maxResponsible))
			persons, problems = docimport.ReadResponsible(row.ResponsibleText, members)
			row.Problems = append(row.Problems, problems...)
		}
	}
	var kept []string
	for _, p := range r.Problems {
		if !drop[p] {
			kept = append(kept, p)
		}
	}
	row.Problems = append(kept, row.Problems...)
	for _, p := range persons {
		row.People = append(row.People, ImportPerson{Name: p.Name, Position: p.Position, MemberID: p.MemberID,
			MemberName: domain.MemberName(people, p.MemberID)})
	}
	return row
}

// validateRows finds what blocks a confirmation: no row kept, and in a kept
// row no measure, a deadline that cannot be read, or a text too long to store.
func validateRows(rows []ImportRow) domain.FieldErrors {
	var fe domain.FieldErrors
	kept := 0
	for _, r := range rows {
		if !r.Keep {
			continue
		}
		kept++
		key := fmt.Sprintf("row-%d-", r.N)
		switch {
		case r.Measure == "":
			fe.Add(key+"measure", "import.measure_missing")
		case utf8.RuneCountInString(r.Measure) > maxMeasure:
			fe.Add(key+"measure", "import.measure_too_long")
		}
		if !r.DeadlineOK {
			fe.Add(key+"deadline", "import.deadline_invalid")
		}
		if utf8.RuneCountInString(responsibleText(r.People, r.ResponsibleText)) > maxResponsible {
			fe.Add(key+"responsible", "import.responsible_too_long")
		}
		for _, pt := range r.Checklist {
			if utf8.RuneCountInString(pt) > maxPoint {
				fe.Add(key+"checklist", "import.point_too_long")
			}
		}
	}
	if kept == 0 {
		fe.Add("rows", "import.no_rows")
	}
	return fe
}

// UpdateInsteadOfCreate turns the caller's upload for a new plan into an
// update of the institution's existing plan for that year («Обновить этот
// план» on the preview) and returns the plan: the update's preview follows.
// Errors: ENotFound (not the caller's upload, or a plan of another
// institution or outside the scope), EForbidden.
func (s *Service) UpdateInsteadOfCreate(ctx context.Context, who Caller, importID, planID int64) (domain.Plan, error) {
	ic, err := s.loadImport(ctx, who, domain.ImportCreate, importID, 0)
	if err != nil {
		return domain.Plan{}, err
	}
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return domain.Plan{}, err
	}
	if inst.ID != ic.inst.ID {
		return domain.Plan{}, domain.ErrNotFound
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return domain.Plan{}, err
	}
	return plan, s.store.RetargetPlanImport(ctx, ic.imp, plan.ID)
}

// CreateFromImport confirms a preview: a new plan from the caller's upload.
type CreateFromImport struct {
	ImportID int64
	Year     int
	Title    string
	Edits    map[int]RowEdit // the preview's rows; nil keeps every row as read
}

// CreatePlanFromImport creates the plan of an upload in one transaction,
// from the file as read at upload (nothing the browser sent back is trusted but the
// edits): the kept rows become items in file order, a filled 5б makes a
// done item with its 5а report and date, a responsible person matched to a
// member becomes the assignee (others co-assignees) and one without an
// account stays as text; the «УТВЕРЖДАЮ» block is kept as the approval
// text. The upload is used up. Errors: ENotFound, EForbidden, EInvalid
// ("year", "title", "rows", "row-N-…"), EConflict (a plan for that year
// exists).
func (s *Service) CreatePlanFromImport(ctx context.Context, who Caller, in CreateFromImport) (domain.Plan, error) {
	ic, err := s.loadImport(ctx, who, domain.ImportCreate, in.ImportID, 0)
	if err != nil {
		return domain.Plan{}, err
	}
	var fe domain.FieldErrors
	if in.Year < 2000 || in.Year > 2100 {
		fe.Add("year", "planform.year_invalid")
		in.Year = 0
	}
	title := cleanText(strings.TrimSpace(in.Title), 0)
	if title == "" || utf8.RuneCountInString(title) > maxTitle {
		fe.Add("title", "planform.title_required")
	}
	p, err := s.preview(ctx, who, ic, ImportEdits{Year: in.Year, Rows: in.Edits})
	if err != nil {
		return domain.Plan{}, err
	}
	for k, v := range p.Errors {
		fe.Add(k, v)
	}
	if len(fe) > 0 {
		return domain.Plan{}, fe.Err()
	}
	plan := domain.Plan{InstitutionID: ic.inst.ID, Year: p.Year, Title: title, ApprovalText: p.Approval,
		PeriodStart: domain.NewDate(p.Year, 1, 1), PeriodEnd: domain.NewDate(p.Year, 12, 31)}
	var items []domain.Item
	occ := map[int][]domain.Date{}
	for _, r := range p.Rows {
		if !r.Keep {
			continue
		}
		it := itemFromRow(r)
		it.Position = len(items) + 1
		if it.Status != domain.StatusDone && it.Recurrence.Kind != domain.RecurNone && it.Recurrence.Kind != domain.RecurCron {
			occ[len(items)] = it.Recurrence.Occurrences(plan.PeriodStart, plan.PeriodEnd, nil)
		}
		items = append(items, it)
	}
	n := domain.Notices{EventsFor: s.createdEvents(who, ic.inst, &plan, ic.members, items)}
	if err := s.store.CreatePlanFromImport(ctx, ic.imp, &plan, items, occ, who.User, n); err != nil {
		return domain.Plan{}, err
	}
	return plan, nil
}

// itemFromRow is a new item as a row of the file describes it.
func itemFromRow(r ImportRow) domain.Item {
	it := domain.Item{Section: r.Section, Indicator: r.Indicator, Deficiency: cleanText(r.Deficiency, 0), Measure: cleanText(r.Measure, 0),
		Deadline: r.Deadline, OriginalDeadline: r.Deadline, Recurrence: r.Recurrence, Status: domain.StatusPlanned, Priority: 2,
		Implemented: cleanText(r.Implemented, 0)}
	if !it.Section.Valid() {
		it.Section = domain.SectionOrg
	}
	for i, pt := range r.Checklist {
		if pt = cleanText(pt, 0); pt != "" {
			it.Checklist = append(it.Checklist, domain.ChecklistPoint{Position: i + 1, Text: pt})
		}
	}
	it.AssigneeID, it.CoAssignees, it.ResponsibleName, it.ResponsiblePosition = responsibleOf(r.People, r.ResponsibleText)
	if r.Done {
		it.Status, it.CompletedOn = domain.StatusDone, r.CompletedOn
	}
	return it
}

// responsibleOf splits column 4: the first person matched to a member is
// the assignee and the others matched co-assignees; when nobody matched,
// the people named stay as text (one person's name and position, or
// several as «Name, position; …»).
func responsibleOf(people []ImportPerson, text string) (assignee int64, co []int64, name, position string) {
	seen := map[int64]bool{}
	for _, p := range people {
		if p.MemberID == 0 || seen[p.MemberID] {
			continue
		}
		seen[p.MemberID] = true
		if assignee == 0 {
			assignee = p.MemberID
		} else {
			co = append(co, p.MemberID)
		}
	}
	if assignee != 0 {
		return assignee, co, "", ""
	}
	switch len(people) {
	case 0:
		return 0, nil, cleanText(strings.Join(strings.Fields(text), " "), 0), ""
	case 1:
		return 0, nil, cleanText(people[0].Name, 0), cleanText(people[0].Position, 0)
	}
	var parts []string
	for _, p := range people {
		parts = append(parts, personText(p.Name, p.Position))
	}
	return 0, nil, cleanText(strings.Join(parts, "; "), 0), ""
}

// responsibleText is the free text an item would keep for column 4.
func responsibleText(people []ImportPerson, text string) string {
	_, _, name, pos := responsibleOf(people, text)
	return personText(name, pos)
}

func personText(name, position string) string {
	switch {
	case name == "":
		return position
	case position == "":
		return name
	}
	return name + ", " + position
}

// cleanText makes text from a file storable: valid UTF-8 under the text
// rule for files (domain.StripText: no control but tab and newline, no
// bidi, zero-width or other invisible character), cut to max runes when
// max > 0.
func cleanText(s string, max int) string {
	s, _ = domain.StripText(strings.ToValidUTF8(s, ""))
	if max > 0 && utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max])
	}
	return s
}

// PlanDiff is how an update from a file would change a plan.
type PlanDiff struct {
	Added     []ImportRow   // rows that match no item: new items
	Changed   []RowChange   // rows whose item differs
	Unchanged []RowChange   // rows whose item is as the file says
	Missing   []domain.Item // items no row matched: left as they are
}

// RowChange is a row of the file with the item it matched and what differs.
type RowChange struct {
	Row     ImportRow
	Item    domain.Item
	Number  string // the item's number on the official form («I.2»)
	Fields  []FieldChange
	Loss    ItemLoss
	updated domain.Item
	points  []string
	setList bool
}

// ItemLoss is what an item carries that a change from the file would take
// away or leave under a new wording, so the director sees it before ticking.
type ItemLoss struct {
	Reworded       bool                    // the measure's text changes
	Finished       bool                    // done or awaiting review: its work is reported
	LostPoints     []domain.ChecklistPoint // points the file's checklist drops (ticks and conditions go with them)
	KeptPoints     []domain.ChecklistPoint // points that stay under the new wording
	LostConditions []domain.NokCondition   // НОК conditions only the dropped points provided
	Evidence       []string                // evidence attached to the item (it stays, under the new wording)
}

// Any is true when the change touches work the item carries.
func (l ItemLoss) Any() bool { return l.Reworded || len(l.LostPoints) > 0 || l.Finished }

// lossOf says what item it carries into a change ch (evidence: the file
// names attached to it).
func lossOf(it domain.Item, ch *RowChange, evidence []string) ItemLoss {
	l := ItemLoss{Finished: it.Status == domain.StatusDone || it.Status == domain.StatusReview}
	for _, f := range ch.Fields {
		l.Reworded = l.Reworded || f.Field == "col.measure" || f.Field == "col.deficiency"
	}
	keep := map[string]bool{}
	for _, t := range ch.points {
		keep[t] = true
	}
	kept := map[string]bool{}
	for _, p := range it.Checklist {
		if !ch.setList || keep[p.Text] {
			l.KeptPoints = append(l.KeptPoints, p)
			kept[p.ConditionKey] = true
		} else {
			l.LostPoints = append(l.LostPoints, p)
		}
	}
	seen := map[string]bool{}
	for _, p := range l.LostPoints {
		if c, ok := domain.LookupCondition(p.ConditionKey); ok && !kept[p.ConditionKey] && !seen[c.Key] {
			seen[c.Key] = true
			l.LostConditions = append(l.LostConditions, c)
		}
	}
	if l.Reworded || len(l.LostPoints) > 0 {
		l.Evidence = evidence
	}
	return l
}

// FieldChange is one field an update changes: the message key of its name,
// its value in the plan and in the file, as printed.
type FieldChange struct {
	Field    string // col.measure, col.deadline, …
	Old, New string
}

// diffPlan matches the file's kept rows to the plan's items by what they
// say, not by their numbers (a director's own file numbers rows 1.1, 1.2…
// whatever the plan's order): each row goes to the item whose deficiency
// and measure read most alike (textSimilarity), best pairs first, and a
// row like no item is new. Empty cells of the file never clear what the
// plan has.
func diffPlan(items []domain.Item, rows []ImportRow, members []domain.Member, status domain.PlanStatus, evidence map[int64][]string) *PlanDiff {
	d := &PlanDiff{}
	numbers := officialNumbers(items)
	match := matchRows(items, rows)
	used := map[int]bool{}
	for _, j := range match {
		if j >= 0 {
			used[j] = true
		}
	}
	for i, r := range rows {
		if !r.Keep {
			continue
		}
		if match[i] < 0 {
			d.Added = append(d.Added, r)
			continue
		}
		ch := compareItem(items[match[i]], r, members, status)
		ch.Number = numbers[match[i]]
		ch.Loss = lossOf(items[match[i]], &ch, evidence[items[match[i]].ID])
		if len(ch.Fields) == 0 {
			d.Unchanged = append(d.Unchanged, ch)
		} else {
			d.Changed = append(d.Changed, ch)
		}
	}
	for j, it := range items {
		if !used[j] && it.Status != domain.StatusCancelled {
			d.Missing = append(d.Missing, it)
		}
	}
	return d
}

// minSimilarity is how alike a row and an item must read to be the same
// measure: below it the row is a new item and the item stays as it is.
const minSimilarity = 0.6

// matchRows pairs each kept row (by index) with an item (index, -1 for
// none): every pair at least minSimilarity alike, the most alike first; a
// tie goes to the pair in the same order in the file and the plan.
func matchRows(items []domain.Item, rows []ImportRow) []int {
	type pair struct {
		row, item int
		score     float64
	}
	var pairs []pair
	folded := make([]textShape, len(items))
	for j, it := range items {
		folded[j] = shapeOf(it.Deficiency, it.Measure)
	}
	for i, r := range rows {
		if !r.Keep {
			continue
		}
		rs := shapeOf(r.Deficiency, r.Measure)
		for j, it := range items {
			if it.Status == domain.StatusCancelled {
				continue
			}
			if sc := rs.similarity(folded[j]); sc >= minSimilarity {
				pairs = append(pairs, pair{i, j, sc})
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool {
		if pairs[a].score != pairs[b].score {
			return pairs[a].score > pairs[b].score
		}
		da, db := pairs[a].row-pairs[a].item, pairs[b].row-pairs[b].item
		return abs(da) < abs(db)
	})
	match := make([]int, len(rows))
	for i := range match {
		match[i] = -1
	}
	used := map[int]bool{}
	for _, p := range pairs {
		if match[p.row] < 0 && !used[p.item] {
			match[p.row], used[p.item] = p.item, true
		}
	}
	return match
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// textShape is a deficiency and a measure normalised for comparison: case,
// «ё», punctuation and spacing folded, cut into letter trigrams.
type textShape struct {
	measure, deficiency string
	mGrams, dGrams      map[string]bool
}

func shapeOf(deficiency, measure string) textShape {
	m, d := foldText(measure), foldText(deficiency)
	return textShape{measure: m, deficiency: d, mGrams: trigrams(m), dGrams: trigrams(d)}
}

// similarity is 0…1: how alike two rows read. The measure weighs most; the
// deficiency counts when both name one. The same measure is 1 on its own.
func (a textShape) similarity(b textShape) float64 {
	if a.measure == "" || b.measure == "" {
		return 0
	}
	m := dice(a.mGrams, b.mGrams)
	if a.measure == b.measure {
		m = 1
	}
	if a.deficiency == "" || b.deficiency == "" {
		return m
	}
	dd := dice(a.dGrams, b.dGrams)
	if a.deficiency == b.deficiency {
		dd = 1
	}
	return 0.75*m + 0.25*dd
}

// trigrams are the letter triples of each word of s, padded with spaces.
func trigrams(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(s) {
		r := []rune(" " + w + " ")
		for i := 0; i+3 <= len(r); i++ {
			out[string(r[i:i+3])] = true
		}
	}
	return out
}

// dice is the Sørensen–Dice coefficient of two sets.
func dice(a, b map[string]bool) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	n := 0
	for g := range a {
		if b[g] {
			n++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

// officialNumbers numbers items as the plan page and the official form do:
// «I.1», «I.2», … within each section, «0.N» for the organisational one.
func officialNumbers(items []domain.Item) []string {
	out := make([]string, len(items))
	count := map[domain.Section]int{}
	for i, it := range items {
		if it.Status == domain.StatusCancelled {
			continue
		}
		count[it.Section]++
		num := it.Section.Roman()
		if num == "" {
			num = "0"
		}
		out[i] = fmt.Sprintf("%s.%d", num, count[it.Section])
	}
	return out
}

var reNotWord = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// foldText compares measures regardless of case, spacing and punctuation.
func foldText(s string) string {
	return strings.TrimSpace(reNotWord.ReplaceAllString(strings.ToLower(strings.ReplaceAll(s, "ё", "е")), " "))
}

// compareItem is the change a row makes to its item; an empty cell keeps
// the item's value. A new deadline follows the plan's rule
// (domain.Item.MoveDeadline): free in a draft, a counted move once the plan
// is approved, the file standing as the reason.
func compareItem(it domain.Item, r ImportRow, members []domain.Member, status domain.PlanStatus) RowChange {
	ch := RowChange{Row: r, Item: it, updated: it}
	u := &ch.updated
	add := func(field, old, new string) {
		ch.Fields = append(ch.Fields, FieldChange{Field: field, Old: old, New: new})
	}
	if r.Section.Valid() && r.Section != it.Section && r.SectionTitle != "" {
		add("col.section", string(it.Section), string(r.Section))
		u.Section = r.Section
	}
	if r.Indicator != "" && r.Indicator != it.Indicator {
		add("col.indicator", it.Indicator, r.Indicator)
		u.Indicator = r.Indicator
	}
	if d := cleanText(r.Deficiency, 0); d != "" && spaced(d) != spaced(it.Deficiency) {
		add("col.deficiency", it.Deficiency, d)
		u.Deficiency = d
	}
	if m := cleanText(r.Measure, 0); m != "" && spaced(m) != spaced(it.Measure) {
		add("col.measure", it.Measure, m)
		u.Measure = m
	}
	if r.DeadlineText != "" && r.DeadlineOK && (r.Deadline != it.Deadline || r.Recurrence != it.Recurrence) {
		add("col.deadline", it.Deadline.OfficialText(), r.Deadline.OfficialText())
		_ = u.MoveDeadline(r.Deadline, "import", status) // never refused: the file is the reason
		u.Recurrence = r.Recurrence
	}
	if strings.TrimSpace(r.ResponsibleText) != "" {
		assignee, _, name, pos := responsibleOf(r.People, r.ResponsibleText)
		if assignee != 0 && assignee != it.AssigneeID {
			add("col.responsible", responsibleOfItem(it, members), domain.MemberName(members, assignee))
			u.AssigneeID, u.ResponsibleName, u.ResponsiblePosition = assignee, "", ""
		} else if assignee == 0 && it.AssigneeID == 0 && personText(name, pos) != it.ResponsibleText() {
			add("col.responsible", it.ResponsibleText(), personText(name, pos))
			u.ResponsibleName, u.ResponsiblePosition = name, pos
		}
	}
	if len(r.Checklist) > 0 {
		var old []string
		for _, p := range it.Checklist {
			old = append(old, p.Text)
		}
		if strings.Join(old, "\n") != strings.Join(r.Checklist, "\n") {
			add("col.checklist", strings.Join(old, "; "), strings.Join(r.Checklist, "; "))
			ch.points, ch.setList = r.Checklist, true
		}
	}
	if r.Done && (it.Status != domain.StatusDone || it.CompletedOn != r.CompletedOn) {
		add("col.completed_on", it.CompletedOn.Russian(), r.CompletedOn.Russian())
		u.Status, u.CompletedOn = domain.StatusDone, r.CompletedOn
	}
	if im := cleanText(r.Implemented, 0); im != "" && im != it.Implemented {
		add("col.implemented", it.Implemented, im)
		u.Implemented = im
	}
	return ch
}

// spaced is text with its runs of spaces and line breaks made one space:
// a file's layout is no change.
func spaced(s string) string { return strings.Join(strings.Fields(s), " ") }

func responsibleOfItem(it domain.Item, members []domain.Member) string {
	if it.AssigneeID != 0 {
		return domain.MemberName(members, it.AssigneeID)
	}
	return it.ResponsibleText()
}

// UpdateFromImport confirms an update preview: the rows (by N) whose new
// item or changes the director chose.
type UpdateFromImport struct {
	ImportID int64
	PlanID   int64
	Apply    map[int]bool
}

// UpdatePlanFromImport applies the chosen rows of the caller's upload to
// the plan in one transaction: new rows become items after the plan's
// last, changed items take the file's values (history per field); items
// the file lacks stay. It returns the numbers of items added and changed.
// Errors: ENotFound, EForbidden, EInvalid ("rows": nothing chosen;
// "row-N-…": a chosen row that cannot be stored), EConflict (an item
// changed meanwhile).
func (s *Service) UpdatePlanFromImport(ctx context.Context, who Caller, in UpdateFromImport) (added, changed int, err error) {
	ic, err := s.loadImport(ctx, who, domain.ImportUpdate, in.ImportID, in.PlanID)
	if err != nil {
		return 0, 0, err
	}
	p, err := s.preview(ctx, who, ic, ImportEdits{})
	if err != nil {
		return 0, 0, err
	}
	var fe domain.FieldErrors
	errs := validateRows(p.Rows)
	u := domain.PlanFileUpdate{PlanID: ic.plan.ID, InstitutionID: ic.inst.ID, By: who.User, Occurrences: map[int][]domain.Date{},
		FileName: ic.imp.FileName}
	for _, r := range p.Diff.Added {
		if !in.Apply[r.N] {
			continue
		}
		copyRowErrors(&fe, errs, r.N)
		it := itemFromRow(r)
		if it.Status != domain.StatusDone && it.Recurrence.Kind != domain.RecurNone && it.Recurrence.Kind != domain.RecurCron {
			u.Occurrences[len(u.Added)] = it.Recurrence.Occurrences(ic.plan.PeriodStart, ic.plan.PeriodEnd, nil)
		}
		u.Added = append(u.Added, it)
	}
	names := func(id int64) string { return domain.MemberName(ic.members, id) }
	for _, ch := range p.Diff.Changed {
		if !in.Apply[ch.Row.N] {
			continue
		}
		copyRowErrors(&fe, errs, ch.Row.N)
		up := domain.ItemUpdate{Scope: who.Scope(), Old: ch.Item, New: ch.updated, By: who.User, Names: names, Note: ic.imp.FileName}
		up.Notices.Events = s.itemEvents(who, ic.inst, ic.plan, ic.members, ch.Item, ch.updated, "")
		u.Changed = append(u.Changed, domain.ImportedChange{Update: up, Checklist: ch.points, SetChecklist: ch.setList})
	}
	if len(u.Added)+len(u.Changed) == 0 {
		fe.Add("rows", "import.nothing_selected")
	}
	if len(fe) > 0 {
		return 0, 0, fe.Err()
	}
	u.Notices.EventsFor = s.createdEvents(who, ic.inst, &ic.plan, ic.members, u.Added)
	if err := s.store.ApplyPlanUpdate(ctx, ic.imp, u); err != nil {
		return 0, 0, err
	}
	return len(u.Added), len(u.Changed), nil
}

// copyRowErrors takes row n's blocking errors into fe.
func copyRowErrors(fe *domain.FieldErrors, errs domain.FieldErrors, n int) {
	prefix := fmt.Sprintf("row-%d-", n)
	for k, v := range errs {
		if strings.HasPrefix(k, prefix) {
			fe.Add(k, v)
		}
	}
}

// TemplateFromImport confirms a template preview.
type TemplateFromImport struct {
	ImportID int64
	Code     string
	Title    string
	Kind     domain.InstitutionKind
	Edits    map[int]RowEdit
}

var reTemplateCode = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// TemplateFromFile saves the admin's upload as a plan template: the kept
// rows with their deadlines relative to the plan year (quarters, months,
// days of the year), their checklists, no people and no progress. Errors:
// ENotFound, EForbidden (not the admin), EInvalid ("code", "title", "kind",
// "rows", "row-N-…"), the code taken as EInvalid "code".
func (s *Service) TemplateFromFile(ctx context.Context, who Caller, in TemplateFromImport) (domain.Template, error) {
	ic, err := s.loadImport(ctx, who, domain.ImportTemplate, in.ImportID, 0)
	if err != nil {
		return domain.Template{}, err
	}
	var fe domain.FieldErrors
	t := domain.Template{Code: strings.TrimSpace(in.Code), Title: cleanText(strings.TrimSpace(in.Title), 0), Kind: in.Kind}
	if !reTemplateCode.MatchString(t.Code) {
		fe.Add("code", "import.code_invalid")
	} else if _, err := s.store.Template(ctx, t.Code); err == nil {
		fe.Add("code", "import.code_taken")
	} else if domain.ErrorCode(err) != domain.ENotFound {
		return domain.Template{}, err
	}
	if t.Title == "" || utf8.RuneCountInString(t.Title) > maxTitle {
		fe.Add("title", "planform.title_required")
	}
	known := false
	for _, k := range domain.InstitutionKinds {
		known = known || k == t.Kind
	}
	if !known {
		fe.Add("kind", "import.kind_invalid")
	}
	p, err := s.preview(ctx, who, ic, ImportEdits{Rows: in.Edits})
	if err != nil {
		return domain.Template{}, err
	}
	for k, v := range p.Errors {
		fe.Add(k, v)
	}
	if len(fe) > 0 {
		return domain.Template{}, fe.Err()
	}
	for _, r := range p.Rows {
		if !r.Keep {
			continue
		}
		it := itemFromRow(r)
		spec, _ := it.Deadline.TemplateSpec(p.Year)
		ti := domain.TemplateItem{Section: it.Section, Indicator: it.Indicator, Deficiency: it.Deficiency, Measure: it.Measure, Deadline: spec}
		for _, pt := range it.Checklist {
			ti.Checklist = append(ti.Checklist, pt.Text)
		}
		t.Items = append(t.Items, ti)
	}
	if err := s.store.SaveTemplateFromImport(ctx, ic.imp, t); err != nil {
		if domain.ErrorCode(err) == domain.EConflict {
			return domain.Template{}, domain.FieldError("code", "import.code_taken")
		}
		return domain.Template{}, err
	}
	return t, nil
}
