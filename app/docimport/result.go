package docimport

import "planboard/domain"

// Options are the inputs of a read besides the file.
type Options struct {
	// Year is the plan year, used for deadlines that leave it out
	// («декабрь», «в течение года»). 0 means: the year in the title.
	Year int
	// Members of the institution; when given, each responsible person is
	// matched to one of them (see MatchPerson).
	Members []Member
	// FormulasAsValues reads a workbook with formulas by the values it
	// stores, with a notice, instead of refusing it.
	FormulasAsValues bool
	// Limits override DefaultLimits field by field.
	Limits Limits
}

// Result is a plan as read from a file.
type Result struct {
	Format      string    // "docx" or "xlsx"
	Approval    *Approval // the «УТВЕРЖДАЮ» block; nil when absent
	Title       string    // the title as written («ПЛАН по устранению…»)
	Institution string    // from the title, when it follows the official wording
	Year        int       // the plan year: Options.Year, else the title's
	TitleYear   int       // the year the title names, 0 for none (whatever Options.Year)
	Columns     []Column  // the plan table's columns as recognised
	Rows        []Row     // the measures in table order
	Notices     []string  // document-level remarks in Russian (links found, sheet chosen…)
}

// Approval is the «УТВЕРЖДАЮ» block above the table.
type Approval struct {
	Text     string      // the block as written, lines joined by "\n"
	Position string      // the approver's position («Начальник управления культуры…»)
	Name     string      // «И.И. Иванов»
	DateText string      // the date as written, "" when left blank
	Date     domain.Date // zero when blank or unreadable
}

// Column is one recognised column of the plan table.
type Column struct {
	Field  Field  // what the column holds
	Header string // its header text as written
}

// Field names a column of the official form.
type Field string

// Fields of the official form, with the number column and an optional
// indicator column some plans add.
const (
	FieldNumber      Field = "number"
	FieldIndicator   Field = "indicator"
	FieldDeficiency  Field = "deficiency"  // column 1
	FieldMeasure     Field = "measure"     // column 2
	FieldDeadline    Field = "deadline"    // column 3
	FieldResponsible Field = "responsible" // column 4
	FieldImplemented Field = "implemented" // column 5а
	FieldCompleted   Field = "completed"   // column 5б
)

// Row is one measure of the plan as understood.
type Row struct {
	Line            int            // the row's number in the table (docx) or sheet (xlsx), 1-based
	Section         domain.Section // from the last section row, the number or the text
	SectionTitle    string         // the section row as written ("" when none)
	Number          string         // item number as written: «1.», «1.1», «I.1»
	Indicator       string         // «1.2» when the row names one, else ""
	Deficiency      string         // column 1
	Measure         string         // column 2 without its bullet points
	Checklist       []string       // bullets or further paragraphs of column 2
	DeadlineText    string         // column 3 as written
	Deadline        domain.Deadline
	Recurrence      domain.Recurrence // «ежеквартально»
	Responsible     []Person          // column 4, one entry per person named
	ResponsibleText string            // column 4 as written
	Implemented     string            // column 5а
	CompletedText   string            // column 5б as written
	CompletedOn     domain.Date       // column 5б read as a date
	Done            bool              // 5б holds a date: the measure was carried out
	Problems        []string          // what could not be understood, in Russian
	// DeadlineProblem and ResponsibleProblems are the problems of Problems
	// that columns 3 and 4 gave, so a caller that lets people correct those
	// cells can drop them once corrected (ReadDeadline, ReadResponsible).
	DeadlineProblem     string
	ResponsibleProblems []string
}

// Person is one responsible person from column 4.
type Person struct {
	Name     string    // «Иванов И.И.» or «Иванова Ирина Сергеевна»; "" when only a position is given
	Position string    // «заведующий отделом»
	MemberID int64     // the matched member, 0 when none
	MatchBy  MatchKind // how the member was matched
}

func (r *Row) problem(msg string) { r.Problems = append(r.Problems, msg) }
