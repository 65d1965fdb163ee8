package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// The API keeps to the one text rule (domain.ValidText): a comment with
// NUL is 422 problem+json naming the field, not a 500 from PostgreSQL; a
// comment with a bell, a bidi override and a zero-width space is refused
// and nothing is stored; so is any field of any write, also inside a list.
// Tab and line breaks pass.
func TestAPIRefusesInvisibleCharacters(t *testing.T) {
	w := newWorld(t)
	tok := w.tokens[director][writeTok]
	comments := func() int {
		var n int
		if err := w.db.NewRaw("SELECT count(*) FROM item_comments WHERE item_id = ?", w.museumItem).Scan(context.Background(), &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := comments()
	path := "/api/v1/items/" + id(w.museumItem) + "/comments"
	for _, body := range []string{"a\u0000b", "a\u0007\u202e\u200bb", "мягкий\u00adперенос", "пусто\u3164", "\u2800", "флаг\U000E0041"} {
		got := w.call(http.MethodPost, path, tok, map[string]any{"body": body})
		if got.status != http.StatusUnprocessableEntity || got.header.Get("Content-Type") != "application/problem+json" ||
			!strings.Contains(string(got.body), `"location":"body.body"`) || !strings.Contains(string(got.body), `"key":"text.invisible_any"`) {
			t.Errorf("comment %q: %d %s %s", body, got.status, got.header.Get("Content-Type"), got.body)
		}
	}
	if n := comments(); n != before {
		t.Fatalf("%d comments stored", n-before)
	}
	got := w.call(http.MethodPost, path, tok, map[string]any{"body": "Первая строка\n\tвторая"}, "Accept-Language", "en")
	if got.status != http.StatusCreated {
		t.Fatalf("a comment with a tab and a line break: %d %s", got.status, got.body)
	}
	got = w.call(http.MethodPost, "/api/v1/plans/"+id(w.museumPlan)+"/items", tok,
		map[string]any{"section": "3", "measure": "Кнопка вызова", "deadline": "IV квартал 2099", "checklist": []string{"Закупка", "Мон\u200bтаж"}},
		"Accept-Language", "en")
	if got.status != http.StatusUnprocessableEntity || !strings.Contains(string(got.body), `"location":"body.checklist[1]"`) ||
		!strings.Contains(string(got.body), "Remove invisible characters") {
		t.Errorf("a checklist point with a zero-width space: %d %s", got.status, got.body)
	}
}
