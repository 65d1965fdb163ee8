package officedoc

// Plan is what the document shows.
type Plan struct {
	Title       string // replaces the official title when set
	Institution string // «МБУК «Краеведческий музей»»
	Year        int
	Approval    Approval
	Sections    []Section
}

// Approval is the «УТВЕРЖДАЮ» block. Empty fields print as blanks for the
// pen: a plan not yet approved gets the approver's lines to fill in.
type Approval struct {
	Position string // «Начальник управления культуры администрации города»
	Name     string // «И.И. Иванов»
	Date     string // as printed, «15.01.2026»; "" leaves «___» ________ 20__ г.
}

// Section is one group of rows under a section row.
type Section struct {
	Roman string // «I»…«V»; "" for the organisational section
	Title string // «Открытость и доступность информации об организации культуры»
	Rows  []Row
}

// Label is the section row's text: «I. Открытость…» or the title alone.
func (s Section) Label() string {
	if s.Roman == "" {
		return s.Title
	}
	return s.Roman + ". " + s.Title
}

// Row is one measure: the official columns as printed.
type Row struct {
	Number      string   // «1.1»
	Deficiency  string   // column 1
	Measure     string   // column 2
	Checklist   []string // bullet points under the measure
	Deadline    string   // column 3 as people write it: «IV квартал 2026 г.», «постоянно»
	Responsible string   // column 4: «Иванов И.И., заведующий отделом»; several on separate lines
	Implemented string   // column 5а
	CompletedOn string   // column 5б as printed, «01.06.2026»
}
