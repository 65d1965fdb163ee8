package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"planboard/app"
	"planboard/app/passhash"
	"planboard/app/webtest"
	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// testNow is the moment the tests live in: the run's moment (pgtest.Now:
// the real time, or PLANBOARD_TEST_NOW), read once per test binary.
var testNow = pgtest.Now()

// passwords is the tests' password hashing: bcrypt at its cheapest cost
// (a login at the production cost takes 50-170 ms of CPU). The production
// cost is checked once, by TestProductionPasswordCost.
var passwords = passhash.Limited{Cost: bcrypt.MinCost}

// demoHash is the hash of "demo-password" at the tests' cost, computed once per test binary.
var demoHash = sync.OnceValue(func() string {
	h, err := passwords.HashNow("demo-password")
	if err != nil {
		panic(err)
	}
	return h
})

// env is a running app over a fresh database with the demo data loaded.
type env struct {
	t     *testing.T
	app   *app.App
	store *storage.Store
	now   time.Time
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, now: testNow}
	store := storage.New(pgtest.Demo(t, demoHash())).WithClock(func() time.Time { return e.now })
	e.store = store
	a, err := app.New(app.Deps{Store: store, Now: func() time.Time { return e.now }, Passwords: passwords,
		Ready: func(ctx context.Context) error { return store.Ping(ctx) }})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	return e
}

// demoZone is the demo institutions' time zone (UTC+7).
var demoZone = func() *time.Location {
	loc, err := time.LoadLocation(storage.DemoZone)
	if err != nil {
		panic(err)
	}
	return loc
}()

// demoYear is the year of the demo plans: the run's year in the
// institutions' zone (the demo is dated around testNow).
var demoYear = domain.Today(testNow, demoZone).Year

// demoYearS is demoYear as it stands in URLs and titles.
var demoYearS = strconv.Itoa(demoYear)

// dmy writes a date as the pages do: 23.11.2026.
func dmy(d domain.Date) string { return fmt.Sprintf("%02d.%02d.%d", d.Day, d.Month, d.Year) }

// nextYearS is the year after the demo's: a year without a demo plan.
var nextYearS = strconv.Itoa(demoYear + 1)

// clock is the env's clock: the app, the store and the mailers read it.
func (e *env) clock() time.Time { return e.now }

// today is the demo's today: the date of e.now in the institutions' zone.
func (e *env) today() domain.Date { return domain.Today(e.now, demoZone) }

// morning is 09:00, days after the run's day (testNow's date in the
// institutions' zone): a sweep "this morning" over the demo data, which is
// dated around that day. It does not move the clock: e.sweep does.
func (e *env) morning(days int) time.Time {
	d := domain.Today(testNow, demoZone).AddDays(days)
	return time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, demoZone)
}

// workMorning is morning(days), or the first working day's after it in
// the production calendar: non-urgent mail waits over weekends and holidays.
func (e *env) workMorning(days int) time.Time {
	cal := domain.RussianCalendar()
	for {
		m := e.morning(days)
		if cal.IsWorkingDay(domain.Today(m, demoZone)) {
			return m
		}
		days++
	}
}

// mondayMorning is morning() of the first Monday on or after the run's day
// that is a working day (weekly digests go out on Mondays, and wait over a
// holiday), plus weeks weeks.
func (e *env) mondayMorning(weeks int) time.Time {
	cal := domain.RussianCalendar()
	days := (8 - int(domain.Today(testNow, demoZone).Weekday())) % 7
	for !cal.IsWorkingDay(domain.Today(e.morning(days), demoZone)) {
		days += 7
	}
	return e.morning(days + 7*weeks)
}

// client is a browser (webtest.Client) on the app in process: cookies
// expire by the env's clock, the CSRF token of the last page is kept.
type client struct {
	*webtest.Client
	e *env
}

func (e *env) client() *client {
	tr := webtest.RoundTripFunc(func(req *http.Request) (*http.Response, error) { return e.app.Fiber().Test(req, -1) })
	return &client{Client: webtest.New("http://example.com", tr, func() time.Time { return e.now }, 0), e: e}
}

// response is an answered request with its body read.
type response = webtest.Response

// do sends a request built by the test (httptest.NewRequest or
// http.NewRequest); a transport error fails the test.
func (c *client) do(req *http.Request) response {
	c.e.t.Helper()
	req.RequestURI = "" // set by httptest.NewRequest; a client request must not carry it
	r, err := c.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	return r
}

// get requests path.
func (c *client) get(path string) response {
	c.e.t.Helper()
	r, err := c.Get(path)
	if err != nil {
		c.e.t.Fatalf("GET %s: %v", path, err)
	}
	return r
}

// post submits a form with the current CSRF token (unless the form sets _csrf itself).
func (c *client) post(path string, form url.Values) response {
	c.e.t.Helper()
	r, err := c.Post(path, form)
	if err != nil {
		c.e.t.Fatalf("POST %s: %v", path, err)
	}
	return r
}

// login logs in as a demo user and loads the home page (for its CSRF token).
func (e *env) login(email string) *client {
	e.t.Helper()
	c := e.client()
	c.get("/login")
	r := c.post("/login", url.Values{"email": {email}, "password": {"demo-password"}})
	if r.Status != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d\n%s", email, r.Status, r.Body)
	}
	c.get("/")
	return c
}

// planID returns the id of the demo plan of the institution with the given slug.
func (e *env) planID(slug string) int64 {
	e.t.Helper()
	plans, err := e.store.Plans(context.Background(), domain.Scope{All: true})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range plans {
		if p.Institution.Slug == slug {
			return p.Plan.ID
		}
	}
	e.t.Fatalf("no plan for %s", slug)
	return 0
}

const (
	museum  = "kraevedcheskiy-muzey"
	library = "centralnaya-biblioteka"
)
