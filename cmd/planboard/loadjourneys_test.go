package main

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"planboard/storage"
)

// loadFixture is what the virtual users know before they start: the two
// demo institutions, their plans, people and items.
type loadFixture struct {
	insts map[string]*instFixture // by the demo director's e-mail, staff's, …
	year  int
}

type instFixture struct {
	slug     string
	plan     int64
	director int64
	staff    int64
	items    []int64
	assignee map[int64]int64 // at the start
}

func readFixture(t *testing.T, store *storage.Store) *loadFixture {
	t.Helper()
	ctx := context.Background()
	fx := &loadFixture{insts: map[string]*instFixture{}}
	for _, in := range []struct{ slug, director, staff string }{
		{"kraevedcheskiy-muzey", "director@example.org", "staff@example.org"},
		{"centralnaya-biblioteka", "director2@example.org", "staff2@example.org"},
	} {
		f := &instFixture{slug: in.slug, assignee: map[int64]int64{}}
		err := store.DB().NewRaw(`SELECT p.id, p.year FROM plans p JOIN institutions i ON i.id = p.institution_id WHERE i.slug = ?`, in.slug).
			Scan(ctx, &f.plan, &fx.year)
		if err != nil {
			t.Fatal(err)
		}
		for email, id := range map[string]*int64{in.director: &f.director, in.staff: &f.staff} {
			if err := store.DB().NewRaw(`SELECT id FROM users WHERE email = ?`, email).Scan(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := store.DB().QueryContext(ctx, `SELECT id, coalesce(assignee_id, 0) FROM items WHERE plan_id = ? ORDER BY id`, f.plan)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, who int64
			if err := rows.Scan(&id, &who); err != nil {
				t.Fatal(err)
			}
			f.items = append(f.items, id)
			f.assignee[id] = who
		}
		rows.Close()
		fx.insts[in.director], fx.insts[in.staff] = f, f
	}
	fx.insts["founder@example.org"] = fx.insts["director2@example.org"] // the founder reads the library
	return fx
}

// roles cycle over the virtual users: mostly staff and directors, a
// founder, and anonymous readers of the public report.
var roles = []string{"staff@example.org", "staff2@example.org", "director@example.org", "director2@example.org",
	"staff@example.org", "staff2@example.org", "founder@example.org", "", "", "director2@example.org"}

type virtualUser struct {
	n     int
	year  int // of the demo plans
	email string
	inst  *instFixture
	b     *browser
	st    *loadStats
	rnd   *rand.Rand
	mine  []int64         // items this director alone reassigns (no two users race on one)
	who   map[int64]int64 // their assignee as this director last set it

	signedIn bool
}

func newVirtualUser(n, users int, fx *loadFixture, b *browser, st *loadStats) *virtualUser {
	vu := &virtualUser{n: n, year: fx.year, email: roles[n%len(roles)], b: b, st: st, rnd: rand.New(rand.NewPCG(uint64(n), 7)), who: map[int64]int64{}}
	vu.inst = fx.insts[vu.email]
	if vu.inst != nil && vu.inst.director != 0 && vu.email[:8] == "director" {
		var peers []int // the virtual users acting as this director
		for i := range users {
			if roles[i%len(roles)] == vu.email {
				peers = append(peers, i)
			}
		}
		for k, id := range vu.inst.items {
			if peers[k%len(peers)] == n {
				vu.mine = append(vu.mine, id)
				vu.who[id] = vu.inst.assignee[id]
			}
		}
	}
	return vu
}

// run repeats the user's journey until the deadline; a journey in progress
// is finished, so no request is cut off.
func (vu *virtualUser) run(deadline time.Time) {
	if vu.email != "" && !vu.signedIn {
		return
	}
	for i := 1; time.Now().Before(deadline); i++ { // wall clock: the load runs for a duration
		switch {
		case vu.email == "":
			vu.publicReport()
		case vu.email == "founder@example.org":
			vu.view("/founder")
			vu.view("/plans/" + itoa(vu.inst.plan))
			vu.comment(vu.randomItem())
		default:
			vu.view("/my")
			vu.view("/plans/" + itoa(vu.inst.plan) + "/board")
			id := vu.randomItem()
			vu.changeStatus(id)
			vu.comment(id)
			if len(vu.mine) > 0 {
				vu.view("/plans/" + itoa(vu.inst.plan))
				vu.assign()
			}
		}
		if vu.email != "" && i%50 == 0 { // sign out and in again now and then
			vu.req("logout", http.MethodPost, "/logout", url.Values{}, 303)
			if vu.signIn(); !vu.signedIn {
				return
			}
		}
	}
}

// req sends one request, records its answer, and counts an answer outside
// want as unexpected. It returns the status (0: no answer) and the body.
func (vu *virtualUser) req(kind, method, path string, form url.Values, want ...int) (int, string) {
	t0 := time.Now() // wall clock: measures latency
	code, body, err := vu.b.do(method, path, form)
	if err != nil {
		code, body = 0, err.Error()
	}
	vu.st.record(kind, code, time.Since(t0))
	for _, w := range want {
		if code == w {
			return code, body
		}
	}
	vu.st.unexpectedAnswer(kind, method+" "+path, code, body)
	return code, body
}

// signIn logs in through the form (anonymous users only open it).
func (vu *virtualUser) signIn() {
	vu.req("login page", http.MethodGet, "/login", nil, 200)
	if vu.email == "" {
		return
	}
	code, _ := vu.req("login", http.MethodPost, "/login", url.Values{"email": {vu.email}, "password": {"demo-password"}}, 303)
	if vu.signedIn = code == 303; vu.signedIn {
		vu.view("/")
	}
}

func (vu *virtualUser) view(path string) string {
	_, body := vu.req("view", http.MethodGet, path, nil, 200)
	return body
}

func (vu *virtualUser) publicReport() {
	year := "/p/centralnaya-biblioteka/" + strconv.Itoa(vu.year)
	for _, p := range []string{"/p/centralnaya-biblioteka", year, year + ".json"} {
		vu.req("public", http.MethodGet, p, nil, 200)
	}
}

func (vu *virtualUser) randomItem() int64 { return vu.inst.items[vu.rnd.IntN(len(vu.inst.items))] }

// statusForm finds the one-step workflow forms on an item page.
var statusForm = regexp.MustCompile(`name="version" value="(\d+)"><input type="hidden" name="transition" value="(start|unstart|accept|return|reopen)"`)

// changeStatus opens the item and takes one of the workflow steps offered
// there (the page offers only what the user may do).
func (vu *virtualUser) changeStatus(id int64) {
	page := vu.view("/items/" + itoa(id))
	forms := statusForm.FindAllStringSubmatch(page, -1)
	if len(forms) == 0 {
		return
	}
	f := forms[vu.rnd.IntN(len(forms))]
	tok := vu.st.token(vu.n)
	// 409: someone changed the item since the page was read; 403: it was
	// reassigned to someone else meanwhile. Neither is acknowledged.
	// An acceptance with unticked checklist points is asked first; the
	// virtual director has read them and confirms (confirm=1).
	code, _ := vu.req("status", http.MethodPost, "/items/"+itoa(id)+"/status",
		url.Values{"version": {f[1]}, "transition": {f[2]}, "reason": {tok}, "confirm": {"1"}}, 303, 409, 403)
	if code == 303 {
		vu.st.ack("status", tok)
	}
}

func (vu *virtualUser) comment(id int64) {
	tok := vu.st.token(vu.n)
	code, _ := vu.req("comment", http.MethodPost, "/items/"+itoa(id)+"/comments", url.Values{"body": {tok + " комментарий под нагрузкой"}}, 303)
	if code == 303 {
		vu.st.ack("comment", tok+" комментарий под нагрузкой")
	}
}

// assign gives one of this director's items to the other person.
func (vu *virtualUser) assign() {
	id := vu.mine[vu.rnd.IntN(len(vu.mine))]
	to := vu.inst.staff
	if vu.who[id] == to {
		to = vu.inst.director
	}
	tok := vu.st.token(vu.n)
	code, _ := vu.req("assign", http.MethodPost, "/plans/"+itoa(vu.inst.plan)+"/bulk",
		url.Values{"ids": {strconv.FormatInt(id, 10)}, "assignee": {strconv.FormatInt(to, 10)}, "reason": {tok}}, 303, 409)
	if code == 303 {
		vu.who[id] = to
		vu.st.ack("assign", tok)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
