package domain

import (
	"strings"
	"unicode"
)

// Mentions: «@Фамилия» in a comment notifies that member of the item's
// institution. The surname is the first word of the full name, compared
// without regard to case (and to ё/е). When several members share the
// surname, the word after it picks one by first name or initial
// («@Иванов Пётр», «@Иванов П.»); a mention that still fits several is
// ambiguous: nobody is notified for it and the author is asked to clarify.
// The author is never notified of their own comment.

// MentionResult is what a comment's mentions resolve to.
type MentionResult struct {
	IDs       []int64            // members to notify, in the order first mentioned
	Ambiguous []AmbiguousMention // surnames that fit several members
}

// AmbiguousMention is a surname that fits several members: their full names.
type AmbiguousMention struct {
	Surname string
	Names   []string
}

// AmbiguousMentionError is the error of a comment with an ambiguous
// mention; it is an EInvalid error on the field "body".
type AmbiguousMentionError struct{ Mentions []AmbiguousMention }

func (e *AmbiguousMentionError) Error() string { return "invalid: body: comment.mention_ambiguous" }

// Unwrap makes the error an EInvalid field error for ErrorCode and fieldErrors.
func (e *AmbiguousMentionError) Unwrap() error {
	return FieldError("body", "comment.mention_ambiguous")
}

// FindMentions resolves the mentions of body among members, leaving out
// the author.
func FindMentions(body string, members []Member, author int64) MentionResult {
	var out MentionResult
	seen, told := map[int64]bool{}, map[string]bool{}
	for _, m := range scanMentions(body) {
		var fit []Member
		for _, mem := range members {
			if mem.User.ID == author {
				continue
			}
			if f := nameWords(mem.User.FullName); len(f) > 0 && f[0] == fold(m.surname) && !containsMember(fit, mem.User.ID) {
				fit = append(fit, mem)
			}
		}
		if len(fit) > 1 && m.next != "" {
			var byName []Member
			for _, mem := range fit {
				if f := nameWords(mem.User.FullName); len(f) > 1 && firstNameFits(f[1], m.next) {
					byName = append(byName, mem)
				}
			}
			if len(byName) > 0 {
				fit = byName
			}
		}
		switch {
		case len(fit) == 1:
			if id := fit[0].User.ID; !seen[id] {
				seen[id] = true
				out.IDs = append(out.IDs, id)
			}
		case len(fit) > 1 && !told[fold(m.surname)]:
			told[fold(m.surname)] = true
			a := AmbiguousMention{Surname: m.surname}
			for _, mem := range fit {
				a.Names = append(a.Names, mem.User.FullName)
			}
			out.Ambiguous = append(out.Ambiguous, a)
		}
	}
	return out
}

// Surname is the first word of a full name ("" for none): what a mention names.
func Surname(fullName string) string {
	if f := strings.Fields(fullName); len(f) > 0 {
		return f[0]
	}
	return ""
}

type mention struct{ surname, next string }

// scanMentions finds «@Word» where @ starts a word (so that e-mail
// addresses are not mentions), with the word after it when it follows a
// single space.
func scanMentions(s string) []mention {
	r := []rune(s)
	var out []mention
	for i := 0; i < len(r); i++ {
		if r[i] != '@' || (i > 0 && (isNameRune(r[i-1]) || unicode.IsDigit(r[i-1]) || r[i-1] == '.' || r[i-1] == '_')) {
			continue
		}
		w, end := word(r, i+1)
		if len([]rune(w)) < 2 {
			continue
		}
		m := mention{surname: w}
		if end < len(r) && (r[end] == ' ' || r[end] == '\u00a0') {
			m.next, _ = word(r, end+1)
		}
		out = append(out, m)
		i = end - 1
	}
	return out
}

// word reads letters and inner hyphens from r[i:]; end is just past it.
func word(r []rune, i int) (string, int) {
	j := i
	for j < len(r) && (isNameRune(r[j]) || (r[j] == '-' && j > i && j+1 < len(r) && isNameRune(r[j+1]))) {
		j++
	}
	return string(r[i:j]), j
}

func isNameRune(c rune) bool { return unicode.IsLetter(c) }

func nameWords(full string) []string {
	f := strings.Fields(full)
	for i := range f {
		f[i] = fold(f[i])
	}
	return f
}

// fold is the comparison form of a name: lower case, ё as е.
func fold(s string) string { return strings.ReplaceAll(strings.ToLower(s), "ё", "е") }

// firstNameFits: the word after the surname is the first name, or its
// initial («П» or «П.» for Пётр).
func firstNameFits(name, typed string) bool {
	t := fold(typed)
	if t == name {
		return true
	}
	tr := []rune(t)
	return len(tr) == 1 && strings.HasPrefix(name, t)
}

func containsMember(ms []Member, id int64) bool {
	for _, m := range ms {
		if m.User.ID == id {
			return true
		}
	}
	return false
}
