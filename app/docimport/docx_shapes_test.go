package docimport

import (
	"strings"
	"testing"

	"planboard/domain"
)

// Shape A: the official form as the decree prints it. The approval block
// and title above; a two-level header (5 merged over 5а/5б, the other
// headers merged down over both rows) and a row of column numbers; Roman
// section rows across the table; a deficiency merged down over two
// measures; a bulleted list; 5а/5б filled for one measure and 5а alone for
// another.
const shapeA = `
<p>УТВЕРЖДАЮ</p>
<p>Начальник управления культуры администрации города</p>
<p>____________ П.П. Петров</p>
<p>«15» января 2026 г.</p>
<p align="center"><b>ПЛАН</b></p>
<p align="center"><b>по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, МБУК «Краеведческий музей» на 2026 год</b></p>
<table border="1">
<tr><td rowspan="2">№ п/п</td>
<td rowspan="2">Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг организацией</td>
<td rowspan="2">Наименование мероприятия по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг организацией</td>
<td rowspan="2">Плановый срок реализации мероприятия</td>
<td rowspan="2">Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)</td>
<td colspan="2">Сведения о ходе реализации мероприятия</td></tr>
<tr><td>реализованные меры по устранению выявленных недостатков</td><td>фактический срок реализации</td></tr>
<tr><td></td><td>1</td><td>2</td><td>3</td><td>4</td><td>5а</td><td>5б</td></tr>
<tr><td colspan="7">I. Открытость и доступность информации об организации культуры</td></tr>
<tr><td>1.1</td><td rowspan="2">На официальном сайте нет дистанционных способов обратной связи</td>
<td><p>Обеспечить на официальном сайте:</p><ul><li>телефона;</li><li>электронной почты;</li></ul></td>
<td>IV квартал 2026 г.</td><td>Иванов И.И., заведующий отделом</td><td></td><td></td></tr>
<tr><td>1.2</td><td>Разместить анкету для оценки качества услуг (показатель 1.3)</td><td>до 01.06.2027</td>
<td>Иванова Ирина Сергеевна, главный хранитель</td><td>Анкета размещена на сайте</td><td>15.03.2026</td></tr>
<tr><td colspan="7">II. Комфортность условий предоставления услуг</td></tr>
<tr><td>2.1</td><td>Нет питьевой воды</td><td>Установить кулер с питьевой водой</td><td>июнь 2027 г.</td>
<td>Сидоров С.С., заместитель директора</td><td>Кулер закуплен, ожидается установка</td><td></td></tr>
<tr><td colspan="7">III. Доступность услуг для инвалидов</td></tr>
<tr><td>3.1</td><td>Нет услуг сурдопереводчика</td><td>Заключить соглашение с ВОГ о предоставлении сурдопереводчика</td>
<td>в течение года</td><td>Петрова А.А., методист</td><td></td><td></td></tr>
<tr><td colspan="7">IV. Доброжелательность, вежливость работников организации культуры</td></tr>
<tr><td>4.1</td><td>Жалобы на вежливость по телефону</td><td>Провести обучение сотрудников этике общения</td>
<td>ежеквартально</td><td>Иванова Ирина Сергеевна, главный хранитель</td><td></td><td></td></tr>
<tr><td colspan="7">V. Удовлетворенность условиями оказания услуг</td></tr>
<tr><td>5.1</td><td>Низкая удовлетворенность графиком работы</td><td>Проводить опрос посетителей</td>
<td>постоянно</td><td>Иванов И.И., заведующий отделом</td><td></td><td></td></tr>
<tr><td>5.2</td><td></td><td>Пересмотреть график работы</td><td>скоро</td><td>Директор</td><td></td><td></td></tr>
</table>`

func TestDOCXShapeOfficialTwoLevel(t *testing.T) {
	checkShapeA(t, docxFromHTML(t, shapeA), "docx")
}

// The same page imported by LibreOffice Calc and saved as .xlsx: the
// merges are Calc's, the reading is the same.
func TestXLSXShapeOfficialFromCalc(t *testing.T) {
	checkShapeA(t, xlsxFromHTML(t, shapeA), "xlsx")
}

func checkShapeA(t *testing.T, data []byte, format string) {
	t.Helper()
	res, err := Read(data, Options{Members: members})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != format {
		t.Errorf("format %q", res.Format)
	}
	if res.Year != 2026 || res.Institution != "МБУК «Краеведческий музей»" {
		t.Errorf("format %q, year %d, institution %q", res.Format, res.Year, res.Institution)
	}
	if !strings.HasPrefix(res.Title, "ПЛАН по устранению недостатков") {
		t.Errorf("title %q", res.Title)
	}
	a := res.Approval
	if a == nil || a.Position != "Начальник управления культуры администрации города" || a.Name != "П.П. Петров" ||
		a.Date != domain.NewDate(2026, 1, 15) || !strings.HasPrefix(a.Text, "УТВЕРЖДАЮ\n") {
		t.Errorf("approval %+v", a)
	}
	fields := []Field{}
	for _, c := range res.Columns {
		fields = append(fields, c.Field)
	}
	if strings.Join(fieldNames(fields), ",") != "number,deficiency,measure,deadline,responsible,implemented,completed" {
		t.Errorf("columns %v", res.Columns)
	}
	checkRows(t, res.Rows, shapeARows())
	if res.Rows[0].SectionTitle != "I. Открытость и доступность информации об организации культуры" {
		t.Errorf("section title %q", res.Rows[0].SectionTitle)
	}
}

// shapeARows are the measures of shape A as they must be read.
func shapeARows() []got {
	ivanov := Person{Name: "Иванов И.И.", Position: "заведующий отделом", MemberID: 1, MatchBy: MatchInitials}
	ivanova := Person{Name: "Иванова Ирина Сергеевна", Position: "главный хранитель", MemberID: 2, MatchBy: MatchFullName}
	deficiency := "На официальном сайте нет дистанционных способов обратной связи"
	return []got{
		{Section: domain.Section1, Number: "1.1", Deficiency: deficiency, Measure: "Обеспечить на официальном сайте:",
			Checklist: []string{"телефона", "электронной почты"}, DeadlineText: "IV квартал 2026 г.", Deadline: "2026-Q4",
			Responsible: []Person{ivanov}},
		{Section: domain.Section1, Number: "1.2", Indicator: "1.3", Deficiency: deficiency, Measure: "Разместить анкету для оценки качества услуг (показатель 1.3)",
			DeadlineText: "до 01.06.2027", Deadline: "2027-06-01", Responsible: []Person{ivanova},
			Implemented: "Анкета размещена на сайте", CompletedOn: "2026-03-15", Done: true},
		{Section: domain.Section2, Number: "2.1", Deficiency: "Нет питьевой воды", Measure: "Установить кулер с питьевой водой",
			DeadlineText: "июнь 2027 г.", Deadline: "2027-06",
			Responsible: []Person{{Name: "Сидоров С.С.", Position: "заместитель директора", MemberID: 3, MatchBy: MatchInitials}},
			Implemented: "Кулер закуплен, ожидается установка"},
		{Section: domain.Section3, Number: "3.1", Deficiency: "Нет услуг сурдопереводчика", Measure: "Заключить соглашение с ВОГ о предоставлении сурдопереводчика",
			DeadlineText: "в течение года", Deadline: "2026-12-31", Responsible: []Person{{Name: "Петрова А.А.", Position: "методист"}}},
		{Section: domain.Section4, Number: "4.1", Deficiency: "Жалобы на вежливость по телефону", Measure: "Провести обучение сотрудников этике общения",
			DeadlineText: "ежеквартально", Deadline: "ongoing", Recur: domain.RecurQuarterly, Responsible: []Person{ivanova}},
		{Section: domain.Section5, Number: "5.1", Deficiency: "Низкая удовлетворенность графиком работы", Measure: "Проводить опрос посетителей",
			DeadlineText: "постоянно", Deadline: "ongoing", Responsible: []Person{ivanov}},
		{Section: domain.Section5, Number: "5.2", Measure: "Пересмотреть график работы", DeadlineText: "скоро",
			Responsible: []Person{{Position: "Директор", MemberID: 4, MatchBy: MatchPosition}},
			Problems:    []string{"Срок не распознан: «скоро»."}},
	}
}

func fieldNames(fs []Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

// Shape B: a one-level header in another column order, «Раздел N» section
// rows (by name, and by number alone), a row of numbers 1–7, several
// paragraphs in the measure cell, two people in one cell, a blank approval
// date and a 5б that is not a date.
const shapeB = `
<p>УТВЕРЖДАЮ</p>
<p>Директор МБУК «Централизованная библиотечная система»</p>
<p>__________ /А.А. Смирнова/</p>
<p>«___» ____________ 2026 г.</p>
<p>План по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг,</p>
<p>МБУК «Централизованная библиотечная система» на 2027 год</p>
<table border="1">
<tr><td>№</td><td>Наименование мероприятия</td><td>Недостатки, выявленные в ходе НОК</td><td>Срок</td><td>Ответственный</td>
<td>Сведения о ходе реализации мероприятия: реализованные меры</td><td>Сведения о ходе реализации мероприятия: фактический срок реализации</td></tr>
<tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>7</td></tr>
<tr><td colspan="7">Раздел 1. Организационные мероприятия</td></tr>
<tr><td>1.</td><td><p>Провести производственное собрание коллектива</p><p>ознакомить с показателями НОК;</p><p>утвердить ответственных</p></td>
<td></td><td>декабрь</td><td>Кузнецова М.П.</td><td></td><td></td></tr>
<tr><td colspan="7">Раздел 2. Открытость и доступность информации</td></tr>
<tr><td>2.</td><td>Обновить информацию на стендах</td><td>Информация на стендах устарела</td><td>1 июня 2027 г.</td>
<td>Иванова И.С., главный хранитель<br>Сидоров С.С., заместитель директора</td><td>Стенды обновлены</td><td>01.06.2027</td></tr>
<tr><td colspan="7">Раздел 3</td></tr>
<tr><td>3.</td><td>Приобрести кресло-коляску</td><td>Нет кресла-коляски</td><td>01.06.2027</td>
<td>Иванов И.И., заведующий отделом</td><td>Закуплено</td><td>выполнено</td></tr>
</table>`

func TestDOCXShapeOneLevelSectionsByWord(t *testing.T) {
	res, err := Read(docxFromHTML(t, shapeB), Options{Members: members})
	if err != nil {
		t.Fatal(err)
	}
	if res.Year != 2027 || res.Institution != "МБУК «Централизованная библиотечная система»" {
		t.Errorf("year %d, institution %q, title %q", res.Year, res.Institution, res.Title)
	}
	if a := res.Approval; a == nil || a.Name != "А.А. Смирнова" || a.Position != "Директор МБУК «Централизованная библиотечная система»" ||
		!a.Date.IsZero() || a.DateText != "" {
		t.Errorf("approval %+v", a)
	}
	checkRows(t, res.Rows, []got{
		{Section: domain.SectionOrg, Number: "1.", Measure: "Провести производственное собрание коллектива",
			Checklist: []string{"ознакомить с показателями НОК", "утвердить ответственных"}, DeadlineText: "декабрь", Deadline: "2027-12",
			Responsible: []Person{{Name: "Кузнецова М.П.", MemberID: 4, MatchBy: MatchInitials}}},
		{Section: domain.Section1, Number: "2.", Deficiency: "Информация на стендах устарела", Measure: "Обновить информацию на стендах",
			DeadlineText: "1 июня 2027 г.", Deadline: "2027-06-01",
			Responsible: []Person{{Name: "Иванова И.С.", Position: "главный хранитель", MemberID: 2, MatchBy: MatchInitials},
				{Name: "Сидоров С.С.", Position: "заместитель директора", MemberID: 3, MatchBy: MatchInitials}},
			Implemented: "Стенды обновлены", CompletedOn: "2027-06-01", Done: true},
		{Section: domain.Section3, Number: "3.", Deficiency: "Нет кресла-коляски", Measure: "Приобрести кресло-коляску",
			DeadlineText: "01.06.2027", Deadline: "2027-06-01",
			Responsible: []Person{{Name: "Иванов И.И.", Position: "заведующий отделом", MemberID: 1, MatchBy: MatchInitials}},
			Implemented: "Закуплено", Problems: []string{"Дата в графе 5б не распознана: «выполнено»."}},
	})
}

// Shape C: the approval block in a layout table before the plan, an
// indicator column, a criterion's name alone as a section row (in the
// measure cell, not merged), a Roman number and a criterion in two cells,
// I.1 numbering, bullets typed as «·» paragraphs with text after them (as
// in the seed plan), and «Отметка о выполнении» as the only column 5.
const shapeC = `
<table><tr><td width="60%"></td><td><p>УТВЕРЖДАЮ</p><p>Министр культуры области</p><p>_______ И.О. Фамилиев</p><p>01.02.2026</p></td></tr></table>
<p>ПЛАН</p>
<p>по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, ГАУК «Областной театр» на 2026 год</p>
<table border="1">
<tr><td>№ п/п</td><td>Показатель</td><td>Недостатки</td><td>Мероприятия</td><td>Срок исполнения</td><td>Ответственный исполнитель</td><td>Отметка о выполнении</td></tr>
<tr><td></td><td></td><td></td><td>Открытость и доступность информации об организации культуры</td><td></td><td></td><td></td></tr>
<tr><td>I.1</td><td>1.2</td><td>Нет раздела «Часто задаваемые вопросы»</td>
<td><p>Обеспечить на сайте:</p><p>· телефона;</p><p>· электронной почты;</p><p>перечню информации по Приказу № 277</p></td>
<td>01.06.2026</td><td>Фамилиев И.О. – программист</td><td></td></tr>
<tr><td>II</td><td></td><td></td><td>Комфортность условий предоставления услуг</td><td></td><td></td><td></td></tr>
<tr><td>II.1</td><td>2.1</td><td>Нет навигации</td><td>Установить навигационные таблички</td><td>IV квартал</td>
<td>Сидоров Семён Семёнович, заместитель директора</td><td>Таблички заказаны</td></tr>
</table>`

func TestDOCXShapeCriterionRowsAndIndicators(t *testing.T) {
	res, err := Read(docxFromHTML(t, shapeC), Options{Members: members})
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Approval; a == nil || a.Position != "Министр культуры области" || a.Name != "И.О. Фамилиев" || a.Date != domain.NewDate(2026, 2, 1) {
		t.Errorf("approval %+v", a)
	}
	if res.Institution != "ГАУК «Областной театр»" || res.Year != 2026 {
		t.Errorf("institution %q year %d", res.Institution, res.Year)
	}
	checkRows(t, res.Rows, []got{
		{Section: domain.Section1, Number: "I.1", Indicator: "1.2", Deficiency: "Нет раздела «Часто задаваемые вопросы»",
			Measure: "Обеспечить на сайте:\nперечню информации по Приказу № 277", Checklist: []string{"телефона", "электронной почты"},
			DeadlineText: "01.06.2026", Deadline: "2026-06-01", Responsible: []Person{{Name: "Фамилиев И.О.", Position: "программист"}}},
		{Section: domain.Section2, Number: "II.1", Indicator: "2.1", Deficiency: "Нет навигации", Measure: "Установить навигационные таблички",
			DeadlineText: "IV квартал", Deadline: "2026-Q4",
			Responsible: []Person{{Name: "Сидоров Семён Семёнович", Position: "заместитель директора", MemberID: 3, MatchBy: MatchFullName}},
			Implemented: "Таблички заказаны"},
	})
	if len(res.Notices) == 0 || !strings.Contains(strings.Join(res.Notices, " "), "таблица") && !strings.Contains(strings.Join(res.Notices, " "), "таблиц") {
		t.Errorf("notices %v", res.Notices)
	}
}
