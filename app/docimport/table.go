package docimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"planboard/domain"
)

// interpret finds the plan table among a document's tables and reads it.
func interpret(doc *document, opt Options) (*Result, error) {
	if len(doc.tables) == 0 {
		if doc.format == "xlsx" {
			return nil, refuse(ErrNoTable, strings.TrimSpace("В книге нет ни одного листа, который можно прочитать. "+strings.Join(doc.notices, " ")))
		}
		return nil, refuse(ErrNoTable, "В документе нет таблицы. План читается из таблицы с графами «Наименование мероприятия», «Срок», «Ответственный».")
	}
	ti, h := -1, (*header)(nil)
	for i, g := range doc.tables {
		if hh, ok := findHeader(g); ok {
			ti, h = i, hh
			break
		}
	}
	if h == nil {
		return nil, noColumns(doc)
	}
	g := doc.tables[ti]
	lines := append([]string(nil), doc.preamble[ti]...)
	for r := 0; r < h.first; r++ {
		lines = append(lines, g.rowLines(r)...)
	}
	pre := readPreamble(lines)
	res := &Result{Format: doc.format, Approval: pre.approval, Title: pre.title, Institution: pre.institution,
		Year: opt.Year, TitleYear: pre.year, Columns: h.columns, Notices: append([]string(nil), doc.notices...)}
	if res.Year == 0 {
		res.Year = pre.year
	}
	if n := doc.strip.notice(); n != "" {
		res.Notices = append(res.Notices, n)
	}
	if g.sheet != "" && len(doc.tables) > 1 {
		res.Notices = append(res.Notices, fmt.Sprintf("План прочитан с листа «%s».", g.sheet))
	} else if doc.format == "docx" && len(doc.tables) > 1 {
		res.Notices = append(res.Notices, fmt.Sprintf("В документе %d таблиц; план прочитан из таблицы № %d.", len(doc.tables), ti+1))
	}
	for _, f := range []Field{FieldDeficiency, FieldResponsible} {
		if _, ok := h.cols[f]; !ok {
			res.Notices = append(res.Notices, fmt.Sprintf("В таблице нет графы «%s».", fieldTitle[f]))
		}
	}
	rd := rowReader{g: g, h: h, year: res.Year, members: opt.Members}
	res.Rows = rd.read()
	if len(res.Rows) == 0 {
		return nil, refuse(ErrNoRows, "В таблице плана есть заголовок, но нет ни одного мероприятия.")
	}
	if !rd.sawSection {
		res.Notices = append(res.Notices, "В таблице нет строк разделов (I–V): мероприятия без раздела отнесены к организационным, раздел можно выбрать при проверке.")
	}
	return res, nil
}

var fieldTitle = map[Field]string{
	FieldNumber: "№ п/п", FieldIndicator: "Показатель", FieldDeficiency: "Недостатки", FieldMeasure: "Наименование мероприятия",
	FieldDeadline: "Плановый срок", FieldResponsible: "Ответственный исполнитель", FieldImplemented: "Реализованные меры",
	FieldCompleted: "Фактический срок",
}

// noColumns says what the tables have instead of the plan's columns.
func noColumns(doc *document) error {
	var found []string
	for _, g := range doc.tables {
		for r := 0; r < len(g.rows) && r < 3 && len(found) < 7; r++ {
			for _, t := range g.rowText(r) {
				if len(found) < 7 {
					found = append(found, "«"+shorten(strings.Join(strings.Fields(t), " "), 40)+"»")
				}
			}
		}
	}
	where := "В таблице"
	if doc.format == "xlsx" {
		where = "На листах книги"
	}
	msg := where + " нет столбцов «Наименование мероприятия» и «Срок»."
	if len(found) > 0 {
		msg += " Найдено: " + strings.Join(found, ", ") + "."
	}
	return refuse(ErrNoColumns, msg)
}

// rowReader walks the rows under the header.
type rowReader struct {
	g          *grid
	h          *header
	year       int
	members    []Member
	section    domain.Section
	title      string
	sawSection bool
}

// ownCell is a cell with its own text in a row (not covered by a merge).
type ownCell struct {
	col int
	c   cell
}

func (rd *rowReader) read() []Row {
	var out []Row
	for r := rd.h.last + 1; r < len(rd.g.rows); r++ {
		row := rd.g.rows[r]
		var own []ownCell
		for c, cl := range row {
			if !cl.hcont && !cl.vcont && cl.text() != "" {
				own = append(own, ownCell{c, cl})
			}
		}
		if len(own) == 0 || isNumberRow(row) {
			continue
		}
		if cols, _ := classifyRow(row); hasAll(cols, FieldMeasure, FieldDeadline) {
			continue // the header repeated by hand further down
		}
		if rd.sectionRow(own) {
			continue
		}
		out = append(out, rd.item(r))
	}
	return out
}

func hasAll(cols map[Field]int, fs ...Field) bool {
	for _, f := range fs {
		if _, ok := cols[f]; !ok {
			return false
		}
	}
	return true
}

// sectionRow recognises «I. Открытость…» spanning the table, a criterion's
// name alone, or a number and a criterion in two cells.
func (rd *rowReader) sectionRow(own []ownCell) bool {
	width := len(rd.g.rows[0])
	spans := func(c cell) bool { return c.span >= 3 || (c.span >= 2 && c.span >= width-1) }
	var text string
	var spanning bool
	switch {
	case len(own) == 1:
		text, spanning = own[0].c.text(), spans(own[0].c)
		if !spanning && (own[0].col == rd.colOf(FieldDeadline) || own[0].col == rd.colOf(FieldResponsible)) {
			return false
		}
	case len(own) == 2 && own[0].col == rd.colOf(FieldNumber) && own[1].col != rd.colOf(FieldDeadline) && own[1].col != rd.colOf(FieldResponsible):
		text, spanning = own[0].c.text()+" "+own[1].c.text(), spans(own[1].c)
	default:
		return false
	}
	s, isSection, known := sectionOf(text, spanning)
	if !isSection {
		return false
	}
	rd.sawSection = true
	rd.title = strings.Join(strings.Fields(text), " ")
	rd.section = s
	if !known {
		rd.section = ""
	}
	return true
}

// colOf is the column of a field, -1 when the table has none.
func (rd *rowReader) colOf(f Field) int {
	if c, ok := rd.h.cols[f]; ok {
		return c
	}
	return -1
}

func (rd *rowReader) cell(r int, f Field) (cell, bool) {
	c := rd.colOf(f)
	if c < 0 || c >= len(rd.g.rows[r]) {
		return cell{}, false
	}
	if cl := rd.g.rows[r][c]; !cl.hcont {
		return cl, true
	}
	return cell{}, true // a cell merged from the left belongs to its first column
}

func (rd *rowReader) text(r int, f Field) string {
	c, _ := rd.cell(r, f)
	return c.text()
}

var (
	reLeadNumber = regexp.MustCompile(`^((?:[IVX]{1,4}|\d{1,2})(?:\.\d{1,2})*\.?)\s+`)
	reIndicator  = regexp.MustCompile(`(?i)показател[а-яё]*\s*(?:№\s*)?(\d\.\d)`)
	reIndCell    = regexp.MustCompile(`^(\d\.\d)\.?(?:\s|$)`)
)

// item reads one measure row field by field.
func (rd *rowReader) item(r int) Row {
	row := Row{Line: rd.g.lines[r], Section: rd.section, SectionTitle: rd.title}
	row.Number = strings.Join(strings.Fields(rd.text(r, FieldNumber)), " ")
	row.Deficiency = rd.text(r, FieldDeficiency)
	if mc, ok := rd.cell(r, FieldMeasure); ok {
		row.Measure, row.Checklist = splitMeasure(mc.paras)
	}
	if rd.colOf(FieldNumber) < 0 {
		if m := reLeadNumber.FindStringSubmatch(row.Measure); m != nil {
			row.Number, row.Measure = m[1], strings.TrimSpace(row.Measure[len(m[0]):])
		}
	}
	rd.indicator(&row, r)
	if row.Section == "" {
		switch s, ok := sectionOfNumber(row.Number); {
		case ok:
			row.Section = s
		case rd.title != "":
			row.Section = domain.SectionOrg
			row.problem(fmt.Sprintf("Раздел не распознан: «%s»; мероприятие отнесено к организационным.", shorten(rd.title, 80)))
		default:
			row.Section = domain.SectionOrg
			if s, ok := domain.IndicatorSection(row.Indicator); ok {
				row.Section = s
			}
		}
	}
	if row.Measure == "" {
		row.problem("Не указано мероприятие (графа 2).")
	}
	rd.deadline(&row, r)
	rd.responsible(&row, r)
	row.Implemented = rd.text(r, FieldImplemented)
	rd.completed(&row, r)
	return row
}

// indicator takes the indicator column, or «показатель 1.2» in the text.
func (rd *rowReader) indicator(row *Row, r int) {
	cand := ""
	if t := rd.text(r, FieldIndicator); t != "" {
		if m := reIndCell.FindStringSubmatch(t); m != nil {
			cand = m[1]
		} else if m := reIndicator.FindStringSubmatch(t); m != nil {
			cand = m[1]
		}
	}
	if cand == "" {
		if m := reIndicator.FindStringSubmatch(row.Deficiency + " " + row.Measure); m != nil {
			cand = m[1]
		}
	}
	if s, ok := domain.IndicatorSection(cand); ok && (row.Section == "" || row.Section == s) {
		row.Indicator = cand
	}
}

func (rd *rowReader) deadline(row *Row, r int) {
	c, _ := rd.cell(r, FieldDeadline)
	row.DeadlineText = strings.Join(strings.Fields(c.text()), " ")
	d, rec, problem := ReadDeadline(row.DeadlineText, rd.year)
	if problem != "" && row.DeadlineText != "" {
		if day, ok := serialDate(c.raw); ok {
			d, problem = domain.DateDeadline(day), ""
		}
	}
	row.Deadline, row.Recurrence, row.DeadlineProblem = d, rec, problem
	if problem != "" {
		row.problem(problem)
	}
}

// ReadDeadline reads column 3 as written, for the plan year (0: unknown),
// as the reader does for a row: the deadline and its recurrence, or a
// problem in Russian saying what was found.
func ReadDeadline(text string, year int) (domain.Deadline, domain.Recurrence, string) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return domain.Deadline{}, domain.Recurrence{}, "Не указан срок (графа 3)."
	}
	d, rec, err := domain.ParseDeadlineText(text, year)
	if err == nil {
		return d, rec, ""
	}
	if year == 0 {
		if _, _, err := domain.ParseDeadlineText(text, 2000); err == nil {
			return domain.Deadline{}, domain.Recurrence{}, fmt.Sprintf("Срок «%s» без года, а год плана в заголовке не найден.", text)
		}
	}
	return domain.Deadline{}, domain.Recurrence{}, fmt.Sprintf("Срок не распознан: «%s».", shorten(text, 80))
}

func (rd *rowReader) responsible(row *Row, r int) {
	row.ResponsibleText = rd.text(r, FieldResponsible)
	row.Responsible, row.ResponsibleProblems = ReadResponsible(row.ResponsibleText, rd.members)
	row.Problems = append(row.Problems, row.ResponsibleProblems...)
}

// ReadResponsible reads column 4 as written and, when members are given,
// matches each person named to one of them (MatchPerson); the problems say
// whom several members fit.
func ReadResponsible(text string, members []Member) ([]Person, []string) {
	people := ParsePeople(text)
	if len(members) == 0 {
		return people, nil
	}
	var problems []string
	for i := range people {
		p := &people[i]
		id, by, problem := MatchPerson(*p, members)
		p.MemberID, p.MatchBy = id, by
		if problem != "" {
			problems = append(problems, problem)
		}
	}
	return people, problems
}

func (rd *rowReader) completed(row *Row, r int) {
	c, _ := rd.cell(r, FieldCompleted)
	row.CompletedText = strings.Join(strings.Fields(c.text()), " ")
	if row.CompletedText == "" {
		return
	}
	if d, _, err := domain.ParseDeadlineText(row.CompletedText, rd.year); err == nil && d.HasDue() {
		row.CompletedOn = d.Due
	} else if day, ok := serialDate(c.raw); ok {
		row.CompletedOn = day
	} else {
		row.problem(fmt.Sprintf("Дата в графе 5б не распознана: «%s».", shorten(row.CompletedText, 80)))
	}
	row.Done = !row.CompletedOn.IsZero()
}

// serialDate reads an Excel date serial (a cell shown as a date) between
// 2000 and 2100.
func serialDate(raw string) (domain.Date, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || v < 36526 || v > 73415 {
		return domain.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(v, false)
	if err != nil {
		return domain.Date{}, false
	}
	return domain.DateOf(t.In(time.UTC)), true
}
