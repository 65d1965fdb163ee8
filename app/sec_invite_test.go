package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestInviterLearnsNothingAboutAccounts: inviting an address that has an
// account and one that has none look the same to the inviter: the same
// message, both listed by the address typed among the invitations awaiting
// an answer, with nothing said about Planboard knowing the address, and
// the same answer when invited again.
func TestInviterLearnsNothingAboutAccounts(t *testing.T) {
	e := newEnv(t)
	dir := e.login("director@example.org")
	members := fmt.Sprintf("/institutions/%d/members", e.institutionID(museum))
	invite := func(email string) (response, response) {
		r := dir.post(members, url.Values{"email": {email}, "full_name": {"Кто-то Новый"}, "position": {"Смотритель"}, "role": {"staff"}, "locale": {"ru"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("invite %s: %d", email, r.Status)
		}
		return r, dir.get(r.Location)
	}
	_, pageExisting := invite("staff2@example.org") // has an account (another institution's)
	_, pageNew := invite("brand.new@example.org")
	for _, p := range []response{pageExisting, pageNew} {
		mustContain(t, "after inviting", p, 200, "Приглашение отправлено")
	}
	if strings.Contains(pageNew.Body, "уже есть в Planboard") || strings.Contains(pageNew.Body, "Кто-то Новый") {
		t.Error("the page tells the addresses apart (a word about Planboard, or the typed name of the new one shown)")
	}
	row := func(body, email string) string {
		m := regexp.MustCompile(`<tr><td>` + regexp.QuoteMeta(email) + `</td><td>([^<]*)</td><td>[^<]*</td></tr>`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return m[1]
	}
	if a, b := row(pageNew.Body, "staff2@example.org"), row(pageNew.Body, "brand.new@example.org"); a == "" || a != b {
		t.Errorf("the two invitations are not listed alike: %q vs %q", a, b)
	}
	again := func(email string) response {
		return dir.post(members, url.Values{"email": {email}, "full_name": {"Кто-то Новый"}, "role": {"staff"}, "locale": {"ru"}})
	}
	fieldError := regexp.MustCompile(`id="email-error"[^>]*>([^<]*)<`)
	a, b := again("staff2@example.org"), again("brand.new@example.org")
	ma, mb := fieldError.FindStringSubmatch(a.Body), fieldError.FindStringSubmatch(b.Body)
	if a.Status != http.StatusUnprocessableEntity || a.Status != b.Status || ma == nil || mb == nil || ma[1] != mb[1] {
		t.Errorf("invited again: the answers differ (%d %q vs %d %q)", a.Status, ma, b.Status, mb)
	}
}
