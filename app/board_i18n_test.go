package app_test

import (
	"fmt"
	"net/url"
	"regexp"
	"testing"

	"planboard/domain"
)

// TestBoardPagesHaveNoMissingTexts renders every board page in both
// languages and looks for catalogue keys shown instead of text.
func TestBoardPagesHaveNoMissingTexts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	planID := e.planID(museum)
	it := museumItem(t, e, domain.StatusReview)
	key := regexp.MustCompile(`>[^<]*\b(item|board|tr|history|evidence|planform|plan|bulk|recur|comment|itemform|priority|size|error)\.[a-z_.]+`)
	for _, lang := range []string{"en", "ru"} {
		dir := e.login("director@example.org")
		mustStatus(t, dir.post("/settings/lang", url.Values{"lang": {lang}}), 303)
		for _, path := range []string{"/plans/new", fmt.Sprintf("/plans/%d", planID), fmt.Sprintf("/plans/%d/board", planID),
			fmt.Sprintf("/plans/%d/items/new", planID), "/my", itemURL(it.ID), itemURL(it.ID) + "/edit"} {
			r := dir.get(path)
			mustStatus(t, r, 200)
			if m := key.FindString(r.Body); m != "" {
				t.Errorf("%s %s shows a key: %q", lang, path, m)
			}
		}
	}
}
