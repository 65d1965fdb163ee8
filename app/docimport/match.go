package docimport

import (
	"fmt"
	"strings"
)

// Member is a person of the institution a responsible person can be
// matched to; the caller maps it from its users.
type Member struct {
	ID       int64
	FullName string // «Иванова Ирина Сергеевна»
	Position string
}

// MatchKind says how a responsible person was matched to a member.
type MatchKind string

// Ways of matching, strongest first.
const (
	MatchNone     MatchKind = ""
	MatchFullName MatchKind = "full_name" // surname, name and patronymic
	MatchInitials MatchKind = "initials"  // surname and initials
	MatchSurname  MatchKind = "surname"   // surname alone, one member has it
	MatchPosition MatchKind = "position"  // no name; one member holds the position
)

// MatchPerson finds the member a responsible person names: by full name,
// else by surname and initials, else by a surname only one member has, else
// (no name given) by a position only one member holds. It returns 0 when
// nobody or more than one member fits, and then, when several fit, a
// problem in Russian naming them; such a person stays a responsible person
// without an account.
func MatchPerson(p Person, members []Member) (id int64, by MatchKind, problem string) {
	want := nameKeyOf(p.Name)
	if want.surname == "" {
		if p.Position == "" {
			return 0, MatchNone, ""
		}
		return pick(members, MatchPosition, p, func(m Member) bool {
			return m.Position != "" && foldHeader(m.Position) == foldHeader(p.Position)
		})
	}
	tests := []struct {
		kind MatchKind
		ok   func(k nameKey) bool
	}{
		{MatchFullName, func(k nameKey) bool { return len(want.words) == 3 && k.full == want.full }},
		{MatchInitials, func(k nameKey) bool {
			return len(want.initials) > 0 && k.surname == want.surname && strings.HasPrefix(k.initials, want.initials)
		}},
		{MatchSurname, func(k nameKey) bool { return want.initials == "" && len(want.words) == 1 && k.surname == want.surname }},
	}
	for _, t := range tests {
		if id, by, problem := pick(members, t.kind, p, func(m Member) bool {
			for _, k := range memberKeys(m.FullName) {
				if t.ok(k) {
					return true
				}
			}
			return false
		}); id != 0 || problem != "" {
			return id, by, problem
		}
	}
	return 0, MatchNone, ""
}

// pick returns the one member that fits, or a problem when several do.
func pick(members []Member, kind MatchKind, p Person, fits func(Member) bool) (int64, MatchKind, string) {
	var found []Member
	for _, m := range members {
		if fits(m) {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 0:
		return 0, MatchNone, ""
	case 1:
		return found[0].ID, kind, ""
	}
	names := make([]string, 0, len(found))
	for _, m := range found {
		names = append(names, m.FullName)
	}
	who := p.Name
	if who == "" {
		who = p.Position
	}
	return 0, MatchNone, fmt.Sprintf("Ответственному «%s» подходят несколько сотрудников: %s.", who, strings.Join(firstN(names, 3), ", "))
}

// nameKey is a name folded for comparison.
type nameKey struct {
	words    []string
	surname  string
	initials string // first letters of the name and patronymic
	full     string
}

// nameKeyOf reads «Иванов И.И.», «И.И. Иванов» or «Иванова Ирина Сергеевна».
func nameKeyOf(name string) nameKey {
	f := strings.Fields(strings.ReplaceAll(foldHeader(name), ".", ". "))
	var k nameKey
	for _, w := range f {
		w = strings.Trim(w, ",;")
		if r := []rune(strings.TrimSuffix(w, ".")); len(r) == 1 {
			k.initials += string(r)
			continue
		}
		if w != "" {
			k.words = append(k.words, strings.TrimSuffix(w, "."))
		}
	}
	if len(k.words) == 0 {
		return nameKey{}
	}
	k.surname = k.words[0]
	if k.initials == "" && len(k.words) > 1 {
		for _, w := range k.words[1:] {
			k.initials += string([]rune(w)[:1])
		}
	}
	k.full = strings.Join(k.words, " ")
	return k
}

// memberKeys reads a member's name both as «Фамилия Имя Отчество» and as
// «Имя Отчество Фамилия».
func memberKeys(full string) []nameKey {
	k := nameKeyOf(full)
	if len(k.words) < 2 {
		return []nameKey{k}
	}
	rotated := append([]string{k.words[len(k.words)-1]}, k.words[:len(k.words)-1]...)
	return []nameKey{k, nameKeyOf(strings.Join(rotated, " "))}
}
