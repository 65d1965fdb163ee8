package docimport

import (
	"regexp"
	"strings"
)

// Name patterns of column 4. Go's \b is ASCII-only, so the ends of names
// are matched as "not a letter".
var (
	reFullName     = regexp.MustCompile(`([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s+([А-ЯЁ][а-яё]+)\s+([А-ЯЁ][а-яё]+(?:ич|вна|чна|оглы|кызы))(?:[^\p{L}]|$)`)
	reSurnameFirst = regexp.MustCompile(`([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s*([А-ЯЁ])\.\s*(?:([А-ЯЁ])\.?)?`)
	reSurnameOnly  = regexp.MustCompile(`^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$`)
	reInitialFirst = regexp.MustCompile(`([А-ЯЁ])\.\s*(?:([А-ЯЁ])\.\s*)?([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)`)
)

// positionWords are the first words of positions, which the name patterns
// would otherwise take for a surname («Директор И.И. Иванов»).
var positionWords = map[string]bool{
	"директор": true, "заместитель": true, "заведующий": true, "заведующая": true, "руководитель": true,
	"начальник": true, "главный": true, "ведущий": true, "старший": true, "методист": true, "библиотекарь": true,
	"хранитель": true, "специалист": true, "администратор": true, "бухгалтер": true, "художественный": true,
	"научный": true, "сотрудник": true, "инженер": true, "экскурсовод": true, "секретарь": true, "менеджер": true,
	"программист": true, "юрисконсульт": true, "заместительница": true, "смотритель": true, "кассир": true,
}

// ParsePeople reads column 4: one person per line or per «;», each as
// «Иванов И.И., заведующий отделом», «Иванова Ирина Сергеевна, главный
// хранитель», «директор И.И. Иванов» or a position alone («Директор»).
func ParsePeople(text string) []Person {
	var out []Person
	for _, chunk := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == ';' }) {
		p, ok := parsePerson(chunk)
		if !ok {
			continue
		}
		// One person written over two lines: «Иванов И.И.,» / «заведующий
		// отделом», or the position first.
		if n := len(out); n > 0 {
			prev := &out[n-1]
			if p.Name == "" && prev.Name != "" && prev.Position == "" {
				prev.Position = p.Position
				continue
			}
			if p.Name != "" && prev.Name == "" && p.Position == "" {
				prev.Name = p.Name
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

func parsePerson(chunk string) (Person, bool) {
	s := strings.Join(strings.Fields(strings.Trim(chunk, "_ \t")), " ")
	if s == "" {
		return Person{}, false
	}
	loc := nameAt(s)
	if loc == nil {
		if reSurnameOnly.MatchString(s) && !positionWords[strings.ToLower(s)] {
			return Person{Name: s}, true // «Иванов»
		}
		pos := trimPosition(s)
		return Person{Position: pos}, pos != ""
	}
	name := tidyName(strings.ReplaceAll(s[loc[0]:loc[1]], ".", ". "))
	return Person{Name: name, Position: trimPosition(s[:loc[0]] + " " + s[loc[1]:])}, true
}

// nameAt finds the name in a chunk: a full name with patronymic, else
// «Фамилия И.О.», else «И.О. Фамилия»; a «surname» that is a position word
// is no name.
func nameAt(s string) []int {
	if m := reFullName.FindStringSubmatchIndex(s); m != nil && !positionWords[strings.ToLower(s[m[2]:m[3]])] {
		return []int{m[0], m[7]}
	}
	if m := reInitialFirst.FindStringSubmatchIndex(s); m != nil && !positionWords[strings.ToLower(s[m[6]:m[7]])] {
		if m2 := reSurnameFirst.FindStringSubmatchIndex(s); m2 == nil || m2[0] >= m[0] || positionWords[strings.ToLower(s[m2[2]:m2[3]])] {
			return []int{m[0], m[1]}
		}
	}
	if m := reSurnameFirst.FindStringSubmatchIndex(s); m != nil && !positionWords[strings.ToLower(s[m[2]:m[3]])] {
		return []int{m[0], m[1]}
	}
	return nil
}

// tidyName writes initials the usual way: «Иванов И.И.», «И.И. Иванов».
func tidyName(name string) string {
	f := strings.Fields(name)
	for i, w := range f {
		if r := []rune(w); len(r) == 1 {
			f[i] = w + "." // «Иванов И.И» lost its last dot
		}
	}
	var b strings.Builder
	for i, w := range f {
		if i > 0 && !(isInitial(f[i-1]) && isInitial(w)) {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

func isInitial(w string) bool { r := []rune(w); return len(r) == 2 && r[1] == '.' }

// trimPosition cleans what is left around a name: commas, dashes, brackets.
func trimPosition(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " ,;:–—-()/_")
}
