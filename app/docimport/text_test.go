package docimport

import (
	"reflect"
	"testing"

	"planboard/domain"
)

func TestParsePeople(t *testing.T) {
	cases := map[string][]Person{
		"Иванов И.И., заведующий отделом":               {{Name: "Иванов И.И.", Position: "заведующий отделом"}},
		"Иванова Ирина Сергеевна, главный хранитель":    {{Name: "Иванова Ирина Сергеевна", Position: "главный хранитель"}},
		"Иванов И. И. – заведующий отделом":             {{Name: "Иванов И.И.", Position: "заведующий отделом"}},
		"заведующий отделом Иванов И.И.":                {{Name: "Иванов И.И.", Position: "заведующий отделом"}},
		"Директор И.И. Иванов":                          {{Name: "И.И. Иванов", Position: "Директор"}},
		"Иванов И.И":                                    {{Name: "Иванов И.И."}},
		"Директор":                                      {{Position: "Директор"}},
		"Салтыков-Щедрин М.Е., методист":                {{Name: "Салтыков-Щедрин М.Е.", Position: "методист"}},
		"Петров Пётр Ильич (заместитель директора)":     {{Name: "Петров Пётр Ильич", Position: "заместитель директора"}},
		"Иванов И.И., директор; Петрова А.А., методист": {{Name: "Иванов И.И.", Position: "директор"}, {Name: "Петрова А.А.", Position: "методист"}},
		"Иванов И.И.,\nзаведующий отделом":              {{Name: "Иванов И.И.", Position: "заведующий отделом"}},
		"Главный хранитель\nИванова И.С.":               {{Name: "Иванова И.С.", Position: "Главный хранитель"}},
		"": nil,
	}
	for in, want := range cases {
		if got := ParsePeople(in); !reflect.DeepEqual(got, want) {
			t.Errorf("ParsePeople(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestMatchPerson(t *testing.T) {
	extra := append(append([]Member(nil), members...), Member{ID: 5, FullName: "Петров Пётр Петрович", Position: "методист"},
		Member{ID: 6, FullName: "Петров Павел Андреевич", Position: "методист"}, Member{ID: 7, FullName: "Алла Борисовна Смирнова"})
	cases := []struct {
		p       Person
		id      int64
		by      MatchKind
		problem bool
	}{
		{Person{Name: "Иванова Ирина Сергеевна"}, 2, MatchFullName, false},
		{Person{Name: "Иванова Ирина Сергеевна", Position: "хранитель"}, 2, MatchFullName, false},
		{Person{Name: "Иванова И.С."}, 2, MatchInitials, false},
		{Person{Name: "И.С. Иванова"}, 2, MatchInitials, false},
		{Person{Name: "Иванова И."}, 2, MatchInitials, false},
		{Person{Name: "Иванов И.И."}, 1, MatchInitials, false},
		{Person{Name: "Сидоров С.С."}, 3, MatchInitials, false}, // «Семён» in the member's name: ё folded
		{Person{Name: "Петров П.П."}, 5, MatchInitials, false},
		{Person{Name: "Петров П."}, 0, MatchNone, true},    // two Petrovs
		{Person{Name: "Петров"}, 0, MatchNone, true},       // likewise
		{Person{Position: "методист"}, 0, MatchNone, true}, // two methodists
		{Person{Position: "директор"}, 4, MatchPosition, false},
		{Person{Name: "Смирнова А.Б."}, 7, MatchInitials, false}, // the member's name in «Имя Отчество Фамилия» order
		{Person{Name: "Кузнецов К.К."}, 0, MatchNone, false},     // nobody: a responsible person without an account
		{Person{Name: "Иванова И.И."}, 0, MatchNone, false},      // wrong initials
		{Person{}, 0, MatchNone, false},
	}
	for _, c := range cases {
		id, by, problem := MatchPerson(c.p, extra)
		if id != c.id || by != c.by || (problem != "") != c.problem {
			t.Errorf("MatchPerson(%+v) = %d %q %q; want %d %q problem=%v", c.p, id, by, problem, c.id, c.by, c.problem)
		}
	}
}

func TestSplitMeasure(t *testing.T) {
	cases := []struct {
		paras   []para
		measure string
		points  []string
	}{
		{[]para{{text: "Одно мероприятие"}}, "Одно мероприятие", nil},
		{[]para{{text: "Обеспечить:"}, {text: "телефон;", list: true}, {text: "почту", list: true}}, "Обеспечить:", []string{"телефон", "почту"}},
		{[]para{{text: "Обеспечить:"}, {text: "· телефон;"}, {text: "• почту;"}, {text: "перечню № 277"}}, "Обеспечить:\nперечню № 277", []string{"телефон", "почту"}},
		{[]para{{text: "Провести собрание"}, {text: "ознакомить с показателями"}, {text: ""}, {text: "утвердить план"}}, "Провести собрание", []string{"ознакомить с показателями", "утвердить план"}},
		{[]para{{text: "- первое"}, {text: "- второе"}}, "первое", []string{"второе"}},
		{[]para{{text: "Обеспечить:"}, {text: "1) стенд;"}, {text: "а) сайт"}}, "Обеспечить:", []string{"стенд", "сайт"}},
		{[]para{{text: "необходимо: - увеличить фонд; - расширить информирование; - провести ремонт"}}, "необходимо:",
			[]string{"увеличить фонд", "расширить информирование", "провести ремонт"}},
		{[]para{{text: "Повысить уровень на 5 - 10 %"}}, "Повысить уровень на 5 - 10 %", nil},
	}
	for _, c := range cases {
		m, p := splitMeasure(c.paras)
		if m != c.measure || !reflect.DeepEqual(p, c.points) {
			t.Errorf("splitMeasure(%v) = %q %q; want %q %q", c.paras, m, p, c.measure, c.points)
		}
	}
}

func TestSectionOf(t *testing.T) {
	cases := []struct {
		text     string
		spanning bool
		section  domain.Section
		is       bool
	}{
		{"I. Открытость и доступность информации об организации культуры", true, domain.Section1, true},
		{"IV. Доброжелательность, вежливость работников", true, domain.Section4, true},
		{"Раздел 1. Организационные мероприятия", true, domain.SectionOrg, true},
		{"Раздел 3", true, domain.Section3, true},
		{"Раздел II", false, domain.Section2, true},
		{"V", true, domain.Section5, true},
		{"Доступность услуг для инвалидов", false, domain.Section3, true},
		{"2. Доступность и открытость информации.", false, domain.Section1, true},
		{"Критерий «Комфортность условий предоставления услуг»", true, domain.Section2, true},
		{"По показателю «Удовлетворенность условиями»", true, domain.Section5, true},
		{"Обеспечить комфортные условия", false, "", false},
		{"Прочие мероприятия", true, "", true}, // a section row, its section unknown
		{"1. Провести собрание", false, "", false},
	}
	for _, c := range cases {
		s, is, _ := sectionOf(c.text, c.spanning)
		if s != c.section || is != c.is {
			t.Errorf("sectionOf(%q, %v) = %q %v; want %q %v", c.text, c.spanning, s, is, c.section, c.is)
		}
	}
}

func TestReadPreamble(t *testing.T) {
	p := readPreamble([]string{"УТВЕРЖДАЮ:", "Заместитель главы города", "по социальным вопросам", "_____________ /Н.Н. Орлова/",
		"« 28 » декабря 2025 г.", "М.П.", "План", "по устранению недостатков, выявленных в ходе независимой оценки качества",
		"условий оказания услуг, МАУК «Дом культуры «Юбилейный»", "на 2026-2027 годы"})
	a := p.approval
	if a == nil || a.Position != "Заместитель главы города по социальным вопросам" || a.Name != "Н.Н. Орлова" || a.Date != domain.NewDate(2025, 12, 28) {
		t.Errorf("approval %+v", a)
	}
	if p.year != 2026 || p.institution != "МАУК «Дом культуры «Юбилейный»" {
		t.Errorf("year %d institution %q title %q", p.year, p.institution, p.title)
	}
	if p := readPreamble([]string{"Отчёт"}); p.approval != nil || p.title != "" || p.year != 0 {
		t.Errorf("no preamble read as %+v", p)
	}
}

func TestClassifyHeaders(t *testing.T) {
	for h, want := range map[string]Field{
		"№ п/п": FieldNumber, "N п/п": FieldNumber,
		"Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг организацией":                                         FieldDeficiency,
		"Наименование мероприятия по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг организацией": FieldMeasure,
		"Плановый срок реализации мероприятия": FieldDeadline, "Срок исполнения": FieldDeadline,
		"Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)": FieldResponsible,
		"реализованные меры по устранению выявленных недостатков":                      FieldImplemented,
		"фактический срок реализации":                                                  FieldCompleted,
		"Сведения о ходе реализации мероприятия: фактический срок реализации":          FieldCompleted,
		"Показатель": FieldIndicator, "Примечание": "",
	} {
		if got, _ := classify(h); got != want {
			t.Errorf("classify(%q) = %q, want %q", h, got, want)
		}
	}
}
