package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Recommendation is a region's recommendation to the institutions below
// its node (docs/regions.md): a text, and the НОК criteria it concerns.
type Recommendation struct {
	ID         int64
	OverseerID int64
	Position   int
	Title      string
	Text       string
	Criteria   []Section
}

// Concerns reports whether the recommendation is about criterion s.
func (r Recommendation) Concerns(s Section) bool {
	for _, c := range r.Criteria {
		if c == s {
			return true
		}
	}
	return false
}

// RecommendationInput is a new recommendation as the region's form sends it.
type RecommendationInput struct {
	OverseerID  int64
	Title, Text string
	Criteria    []string
}

// Recommendation checks the input (field keys rec_title, rec_text,
// rec_criteria) and returns the recommendation to store.
func (in *RecommendationInput) Recommendation() (Recommendation, FieldErrors) {
	var fe FieldErrors
	in.Title = fe.Line("rec_title", in.Title)
	in.Text = CleanMultiline(in.Text)
	if in.Title == "" || utf8.RuneCountInString(in.Title) > 500 {
		fe.Add("rec_title", "rec.title_required")
	}
	if utf8.RuneCountInString(in.Text) > 10000 {
		fe.Add("rec_text", "rec.text_long")
	}
	r := Recommendation{OverseerID: in.OverseerID, Title: in.Title, Text: in.Text}
	for _, c := range in.Criteria {
		s := Section(c)
		if !s.Valid() || s == SectionOrg {
			fe.Add("rec_criteria", "rec.criteria_invalid")
			break
		}
		if !r.Concerns(s) {
			r.Criteria = append(r.Criteria, s)
		}
	}
	if len(r.Criteria) == 0 {
		fe.Add("rec_criteria", "rec.criteria_required")
	}
	return r, fe
}

// ProposeAnswers proposes which items answer rec: an item of a criterion
// the recommendation concerns that shares at least two word stems with it,
// or any item that shares four. The director confirms; nothing is marked
// by the proposal alone.
func ProposeAnswers(rec Recommendation, items []Item) []int64 {
	words := stems(rec.Title + " " + rec.Text)
	var out []int64
	for i := range items {
		it := &items[i]
		n := 0
		for w := range stems(it.Deficiency + " " + it.Measure) {
			if words[w] {
				n++
			}
		}
		if (rec.Concerns(it.Section) && n >= 2) || n >= 4 {
			out = append(out, it.ID)
		}
	}
	return out
}

// stemStop are frequent words of plans and recommendations that say
// nothing about the subject.
var stemStop = map[string]bool{"орган": true, "культ": true, "госуд": true, "муниц": true, "учреж": true, "услуг": true,
	"качес": true, "необх": true, "такж": true, "котор": true, "получ": true, "числе": true, "проведе": true}

// stems are the words of s of five letters or more, cut to their first
// five (a crude stem that joins «ремонт», «ремонты», «ремонтов»).
func stems(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		r := []rune(w)
		if len(r) < 5 {
			continue
		}
		st := string(r[:5])
		if !stemStop[st] {
			out[st] = true
		}
	}
	return out
}

// RecommendationCell is how one institution answers one recommendation in
// its plan for the year: how many items answer it, how many are done.
type RecommendationCell struct {
	RecommendationID int64
	InstitutionID    int64
	Items, Done      int
}

// Covered reports whether some item answers the recommendation.
func (c RecommendationCell) Covered() bool { return c.Items > 0 }

// Complete reports whether every item that answers it is done.
func (c RecommendationCell) Complete() bool { return c.Items > 0 && c.Done == c.Items }
