package nokimport

import (
	"encoding/json"
	"io/fs"
	"path"
	"testing"

	"planboard/domain"
	"planboard/views"
)

// catalogue merges a language's message files as app.loadCatalog does,
// failing on a key defined twice.
func catalogue(t *testing.T, lang string) map[string]string {
	t.Helper()
	files, err := fs.Glob(views.FS, path.Join("i18n", lang, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]string{}
	for _, f := range files {
		b, err := fs.ReadFile(views.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range m {
			if _, dup := all[k]; dup {
				t.Errorf("%s: key %q defined twice", f, k)
			}
			all[k] = v
		}
	}
	return all
}

// TestNokCatalogueHasEveryMessage keeps the messages of the import and of
// the assessment's validation, and the names of criteria, indicators and
// conditions, in both languages.
func TestNokCatalogueHasEveryMessage(t *testing.T) {
	keys := []string{ProblemNoKey, ProblemUnknown, ProblemDuplicate, ProblemNotNumber, ProblemRange, ProblemNoValues,
		ProblemCriterion, ProblemTotal, ProblemYear}
	for _, e := range []*domain.Error{ErrTooLarge, ErrTooManyRows, ErrTooManyCols, ErrNoHeader, ErrUnreadable} {
		keys = append(keys, e.Message)
	}
	keys = append(keys, "nok.institution.required", "nok.year.invalid", "nok.text.too_long", "nok.indicator.unknown",
		"nok.criterion.unknown", "nok.value.range", "nok.count.negative", "nok.info.norm_required",
		"nok.info.found_over_norm", "nok.indicator.no_conditions", "nok.condition.unknown", "nok.survey.unknown",
		"nok.survey.no_respondents", "nok.survey.satisfied_over", "nok.value.disagrees_inputs",
		"nok.criterion.disagrees", "nok.total.disagrees", "nok.incomplete")
	for _, c := range domain.NokCriteria() {
		keys = append(keys, "nok.criterion."+c.Code)
	}
	for _, in := range domain.NokIndicators() {
		keys = append(keys, "nok.indicator."+in.Code)
	}
	for _, c := range domain.AllConditions() {
		keys = append(keys, "nok.condition."+c.Key)
	}
	ru, en := catalogue(t, "ru"), catalogue(t, "en")
	for _, k := range keys {
		if ru[k] == "" || en[k] == "" {
			t.Errorf("%q: ru %q, en %q", k, ru[k], en[k])
		}
	}
	for _, c := range domain.AllConditions() {
		if ru["nok.condition."+c.Key] != c.Title {
			t.Errorf("%s: the catalogue's Russian differs from the regulation's wording", c.Key)
		}
	}
}
