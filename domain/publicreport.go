package domain

import (
	"fmt"
	"time"
)

// PublicReport is the published snapshot of a plan in the official form
// (ПП РФ № 457). It holds only fields chosen for the public: no comments,
// no e-mails, no evidence. The JSON field names are documented in
// docs/public-report.md and are a public contract: add fields, never rename.
type PublicReport struct {
	Institution   string          `json:"institution"`
	InstitutionID int64           `json:"-"`
	Slug          string          `json:"slug"`
	Year          int             `json:"year"`
	Title         string          `json:"title"`
	Status        PlanStatus      `json:"status"`
	Approval      *PublicApproval `json:"approval,omitempty"`
	PublishedAt   time.Time       `json:"published_at"`
	UpdatedOn     string          `json:"updated_on"` // YYYY-MM-DD: the snapshot's day in the institution's zone
	Version       int             `json:"version"`
	Total         PublicProgress  `json:"progress"`
	Sections      []PublicSection `json:"sections"`
	// Assessment is the НОК the plan answers (the latest up to its year),
	// nil when none was entered; frozen with the publication.
	Assessment *PublicAssessment `json:"assessment,omitempty"`
}

// PublicApproval is the «УТВЕРЖДАЮ» header.
type PublicApproval struct {
	Position string `json:"position"`
	Name     string `json:"name"`
	Date     string `json:"date"` // YYYY-MM-DD
}

// PublicProgress is the progress of a section or of the whole plan.
type PublicProgress struct {
	Total   int `json:"total"`
	Done    int `json:"done"`
	Percent int `json:"percent"`
	OnTime  int `json:"on_time"`
	Overdue int `json:"overdue"`
}

// PublicSection is one section (organisational or I–V) with its rows.
type PublicSection struct {
	Code     Section        `json:"code"`
	Roman    string         `json:"roman"`
	Title    string         `json:"title"`
	Progress PublicProgress `json:"progress"`
	Rows     []PublicRow    `json:"rows"`
}

// PublicRow is one line of the official table (columns 1–5b).
type PublicRow struct {
	Number       string     `json:"number"`
	Deficiency   string     `json:"deficiency"`    // column 1
	Measure      string     `json:"measure"`       // column 2
	Deadline     string     `json:"deadline"`      // column 3 as printed
	DeadlineDate string     `json:"deadline_date"` // YYYY-MM-DD of the due day, "" for «постоянно»
	Responsible  string     `json:"responsible"`   // column 4: full name, position
	Implemented  string     `json:"implemented"`   // column 5a: only work the director accepted (done)
	CompletedOn  string     `json:"completed_on"`  // column 5b, YYYY-MM-DD or "": likewise
	Status       ItemStatus `json:"status"`
	Overdue      bool       `json:"overdue"` // open past its due day on the snapshot's day
}

// Column5a is column 5а as every format prints it: the measures taken
// once the director accepted the work; for an open item past its due day,
// «срок прошёл 18.11.2026»; else nothing. Work awaiting review is not
// implemented yet. (A snapshot published before this rule still holds
// text for such rows: it is not printed.)
func (r PublicRow) Column5a() string {
	switch {
	case r.Status == StatusDone:
		return r.Implemented
	case r.Overdue:
		return r.OverdueText()
	}
	return ""
}

// Column5b is column 5б (YYYY-MM-DD): the completion day of accepted work
// only.
func (r PublicRow) Column5b() string {
	if r.Status != StatusDone {
		return ""
	}
	return r.CompletedOn
}

// OverdueText says in words that the deadline passed: «срок прошёл
// 18.11.2026» ("" when the row is not overdue).
func (r PublicRow) OverdueText() string {
	if !r.Overdue {
		return ""
	}
	d, err := ParseISODate(r.DeadlineDate)
	if err != nil {
		return "срок прошёл"
	}
	return "срок прошёл " + d.Russian()
}

// PublicProgressOf converts a progress count into its public form.
func PublicProgressOf(p Progress) PublicProgress {
	return PublicProgress{Total: p.Total, Done: p.Done, Percent: p.Percent(), OnTime: p.OnTime, Overdue: p.Overdue}
}

// The official form is a Russian legal document whatever the reader's UI
// language, and the snapshot freezes its text at publication; so its
// section titles and deadline wording live here, next to the form, rather
// than in the UI message catalogue.
var officialSectionTitles = map[Section]string{
	SectionOrg: "Организационные мероприятия",
	Section1:   "Открытость и доступность информации об организации культуры",
	Section2:   "Комфортность условий предоставления услуг",
	Section3:   "Доступность услуг для инвалидов",
	Section4:   "Доброжелательность, вежливость работников организации культуры",
	Section5:   "Удовлетворенность условиями оказания услуг",
}

var officialMonths = []string{"", "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"}

// OfficialText returns column 3 as the official form prints it:
// «31.12.2026», «IV квартал 2026», «декабрь 2026», «постоянно», or "".
func (d Deadline) OfficialText() string {
	switch d.Kind {
	case DeadlineDate:
		return d.Due.Russian()
	case DeadlineQuarter:
		return fmt.Sprintf("%s квартал %d", []string{"", "I", "II", "III", "IV"}[d.Quarter()], d.Due.Year)
	case DeadlineMonth:
		return fmt.Sprintf("%s %d", officialMonths[d.Due.Month], d.Due.Year)
	case DeadlineOngoing:
		return "постоянно"
	}
	return ""
}

// Russian formats a date as DD.MM.YYYY ("" for the zero date).
func (d Date) Russian() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d.%02d.%d", d.Day, d.Month, d.Year)
}

// ReportInput is what a public report snapshot is built from.
type ReportInput struct {
	Plan        Plan
	Institution Institution
	Items       []Item         // in report order
	People      map[int64]User // assignees by id
	Approval    *Approval      // the latest approval, nil when none
	Now         time.Time      // the moment of publication
	Version     int
	Assessment  *Assessment // the НОК the plan answers, nil when none
}

// BuildPublicReport makes the public snapshot of a plan: the official table
// with chosen fields only, progress per section as of the publication day.
func BuildPublicReport(in ReportInput) PublicReport {
	today := Today(in.Now, in.Institution.Location())
	progress, total := PlanProgress(in.Items, today)
	r := PublicReport{Institution: in.Institution.Name, InstitutionID: in.Institution.ID, Slug: in.Institution.Slug,
		Year: in.Plan.Year, Title: in.Plan.Title, Status: in.Plan.Status, PublishedAt: in.Now.UTC(),
		UpdatedOn: today.String(), Version: in.Version, Total: PublicProgressOf(total), Sections: []PublicSection{}}
	if in.Assessment != nil {
		r.Assessment = PublicAssessmentOf(*in.Assessment)
	}
	if a := in.Approval; a != nil {
		r.Approval = &PublicApproval{Position: a.ActorPosition, Name: a.ActorName, Date: a.OnDate.String()}
	}
	index := map[Section]int{}
	for _, p := range progress {
		index[p.Section] = len(r.Sections)
		r.Sections = append(r.Sections, PublicSection{Code: p.Section, Roman: p.Section.Roman(),
			Title: officialSectionTitles[p.Section], Progress: PublicProgressOf(p), Rows: []PublicRow{}})
	}
	for i := range in.Items {
		it := &in.Items[i]
		if it.Status == StatusCancelled {
			continue
		}
		sec := &r.Sections[index[it.Section]]
		num := sec.Roman
		if num == "" {
			num = "0"
		}
		row := PublicRow{Number: fmt.Sprintf("%s.%d", num, len(sec.Rows)+1), Deficiency: it.Deficiency, Measure: it.Measure,
			Deadline: it.Deadline.OfficialText(), DeadlineDate: it.Deadline.Due.String(), Status: it.Status}
		if u, ok := in.People[it.AssigneeID]; ok {
			row.Responsible = u.FullName
			if u.Position != "" {
				row.Responsible += ", " + u.Position
			}
		} else {
			row.Responsible = it.ResponsibleText() // a person without an account, as the imported file named them
		}
		if it.Status == StatusDone { // accepted by the director: awaiting review is not implemented yet
			row.Implemented, row.CompletedOn = it.Implemented, it.CompletedOn.String()
		}
		row.Overdue = IsOverdue(it, today)
		sec.Rows = append(sec.Rows, row)
	}
	return r
}

// OfficialColumns are the column headings of the official plan form
// (docs/domain.md §2), in order: 1, 2, 3, 4, 5a, 5b.
var OfficialColumns = []string{
	"Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг организацией",
	"Наименование мероприятия по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг организацией",
	"Плановый срок реализации мероприятия",
	"Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)",
	"Сведения о ходе реализации мероприятия: реализованные меры по устранению выявленных недостатков",
	"Сведения о ходе реализации мероприятия: фактический срок реализации",
}

// OfficialColumnNumbers are the printed numbers of OfficialColumns.
var OfficialColumnNumbers = []string{"1", "2", "3", "4", "5а", "5б"}
