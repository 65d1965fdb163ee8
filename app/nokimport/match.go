package nokimport

import (
	"strconv"
	"strings"
	"unicode"

	"planboard/domain"
)

// Match finds each row's institution among known (the founder's
// institutions): by ИНН, else by slug, else by full or short name compared
// without case, quotes and extra spaces. It sets InstitutionID and adds
// ProblemUnknown for a row that matches none and ProblemDuplicate for a
// second row of the same institution and year (year is the assessment's
// year for rows without their own). Calling it again re-matches.
func Match(t *Table, known []domain.Institution, year int) {
	byINN, bySlug, byName := map[string]int64{}, map[string]int64{}, map[string]int64{}
	for _, in := range known {
		if in.INN != "" {
			byINN[in.INN] = in.ID
		}
		bySlug[strings.ToLower(in.Slug)] = in.ID
		for _, n := range []string{in.Name, in.ShortName} {
			if k := normName(n); k != "" {
				if _, taken := byName[k]; !taken {
					byName[k] = in.ID
				}
			}
		}
	}
	type key struct {
		id   int64
		year int
	}
	first := map[key]int{}
	for i := range t.Rows {
		r := &t.Rows[i]
		r.InstitutionID = 0
		r.Problems = dropMatchProblems(r.Problems)
		if r.Key() == "" {
			continue // already ProblemNoKey
		}
		var id int64
		switch {
		case r.INN != "":
			id = byINN[r.INN]
		case r.Slug != "":
			id = bySlug[r.Slug]
		default:
			id = byName[normName(r.Name)]
		}
		if id == 0 && r.INN != "" { // an unknown ИНН with a name that is known
			if r.Slug != "" {
				id = bySlug[r.Slug]
			}
			if id == 0 && r.Name != "" {
				id = byName[normName(r.Name)]
			}
		}
		if id == 0 {
			r.problem(keyField(*r), ProblemUnknown, r.Key())
			continue
		}
		r.InstitutionID = id
		y := year
		if r.Year != 0 {
			y = r.Year
		}
		k := key{id, y}
		if line, dup := first[k]; dup {
			r.problem(keyField(*r), ProblemDuplicate, strconv.Itoa(line))
			continue
		}
		first[k] = r.Line
	}
}

func keyField(r Row) string {
	switch {
	case r.INN != "":
		return FieldINN
	case r.Slug != "":
		return FieldSlug
	}
	return FieldName
}

func dropMatchProblems(ps []Problem) []Problem {
	out := ps[:0]
	for _, p := range ps {
		if p.Message != ProblemUnknown && p.Message != ProblemDuplicate {
			out = append(out, p)
		}
	}
	return out
}

// normName compares names as people type them: no case, ё as е, no quotes
// or punctuation, single spaces.
func normName(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "ё", "е"))
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		case unicode.IsSpace(r) || r == '-' || r == '–':
			return ' '
		}
		return -1
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
