package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	validator "github.com/pb33f/libopenapi-validator"
	"github.com/uptrace/bun"
	"golang.org/x/crypto/bcrypt"

	"planboard/app"
	"planboard/app/apiauth"
	"planboard/app/passhash"
	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// testNow is the moment the tests live in (pgtest.Now).
var testNow = pgtest.Now()

// passwords is the tests' password hashing: bcrypt at its cheapest cost
// (the production cost is checked once, in package app's tests).
var passwords = passhash.Limited{Cost: bcrypt.MinCost}

// demoHash is the hash of "demo-password" at the tests' cost.
var demoHash = sync.OnceValue(func() string {
	h, err := passwords.HashNow("demo-password")
	if err != nil {
		panic(err)
	}
	return h
})

// role is one of the people the API is called as.
type role string

const (
	admin    role = "admin"
	founder  role = "founder"  // the museum's and the library's founder
	director role = "director" // museum
	staff    role = "staff"    // museum
	outsider role = "outsider" // an account without any membership
)

var roles = []role{admin, founder, director, staff, outsider}

// kind is a token's kind.
type kind string

const (
	readTok    kind = "read"
	writeTok   kind = "read-write"
	revokedTok kind = "revoked"
	expiredTok kind = "expired"
)

var kinds = []kind{readTok, writeTok, revokedTok, expiredTok}

// world is the app served on a real listener over a fresh database with
// the demo data, a second founder with its own culture house (a plan and
// an item there: the foreign tenant), and tokens of every kind for everyone.
type world struct {
	t      *testing.T
	db     *bun.DB
	store  *storage.Store
	app    *app.App
	base   string
	now    time.Time
	mu     sync.Mutex
	tokens map[role]map[kind]string
	users  map[role]domain.User
	// validator, once set (openAPI), checks every answer against the
	// served document; strict checks the requests too.
	validator validator.Validator
	strict    bool

	museum, house                   int64 // institutions
	museumPlan, housePlan           int64
	museumItem, houseItem           int64 // the museum's is assigned to staff
	museumStaffID, museumDirectorID int64
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldWith(t, app.Config{APIRate: 1000, APIBurst: 1000})
}

// newWorldWith is newWorld with the app's configuration given.
func newWorldWith(t *testing.T, cfg app.Config) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{t: t, db: pgtest.Demo(t, demoHash()), now: testNow, tokens: map[role]map[kind]string{}, users: map[role]domain.User{}}
	w.store = storage.New(w.db).WithClock(w.clock)
	a, err := app.New(app.Deps{Store: w.store, Now: w.clock, Config: cfg, Passwords: passwords,
		Ready: func(ctx context.Context) error { return w.store.Ping(ctx) }})
	if err != nil {
		t.Fatal(err)
	}
	w.app = a
	w.setupTenants(ctx)
	w.setupTokens(ctx)
	w.serve()
	return w
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

// serve runs the app on 127.0.0.1:0, as `planboard serve` does.
func (w *world) serve() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = w.app.Fiber().Listener(ln) }()
	w.t.Cleanup(func() { _ = w.app.Fiber().Shutdown(); <-done })
	w.base = "http://" + ln.Addr().String()
}

func (w *world) setupTenants(ctx context.Context) {
	t, s := w.t, w.store
	plans, err := s.Plans(ctx, domain.Scope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plans {
		if p.Institution.Slug == "kraevedcheskiy-muzey" {
			w.museum, w.museumPlan = p.Institution.ID, p.Plan.ID
		}
	}
	for _, r := range []role{admin, founder, director, staff} {
		u, err := s.UserByEmail(ctx, string(r)+"@example.org")
		if err != nil {
			t.Fatal(err)
		}
		w.users[r] = u
	}
	w.museumStaffID, w.museumDirectorID = w.users[staff].ID, w.users[director].ID
	out := &domain.User{Email: "outsider@example.org", FullName: "Посторонний Пётр", PasswordHash: demoHash()}
	if err := s.CreateUser(ctx, out); err != nil {
		t.Fatal(err)
	}
	w.users[outsider] = *out
	items, err := s.PlanItems(ctx, domain.Scope{All: true}, w.museumPlan)
	if err != nil || len(items) == 0 {
		t.Fatal(err, len(items))
	}
	w.museumItem = items[0].ID
	w.exec("UPDATE items SET assignee_id = ?, status = 'planned' WHERE id = ?", w.museumStaffID, w.museumItem)

	f2 := &domain.Founder{Name: "Управление культуры района"}
	if err := s.CreateFounder(ctx, f2); err != nil {
		t.Fatal(err)
	}
	house := &domain.Institution{FounderID: f2.ID, Name: "Районный дом культуры", Kind: domain.KindCultureHouse, Slug: "dom-kultury",
		TimeZone: storage.DemoZone}
	if err := s.CreateInstitution(ctx, house); err != nil {
		t.Fatal(err)
	}
	w.house = house.ID
	year := domain.Today(testNow, house.Location()).Year
	plan := &domain.Plan{InstitutionID: house.ID, Year: year, Title: "План дома культуры", Status: domain.PlanSubmitted}
	hi := []domain.Item{{Section: "2", Measure: "Установить кулер с питьевой водой", Deadline: domain.QuarterDeadline(year, 4)}}
	if err := s.CreatePlan(ctx, plan, hi, w.users[admin]); err != nil {
		t.Fatal(err)
	}
	w.housePlan, w.houseItem = plan.ID, hi[0].ID
}

// setupTokens gives everyone a token of each kind.
func (w *world) setupTokens(ctx context.Context) {
	for _, r := range roles {
		w.tokens[r] = map[kind]string{}
		for _, k := range kinds {
			tok, err := apiauth.NewToken()
			if err != nil {
				w.t.Fatal(err)
			}
			scope := domain.APIWrite
			if k == readTok {
				scope = domain.APIRead
			}
			u := w.users[r]
			at, err := w.store.CreateAPIToken(ctx, u.ID, tok, domain.NewAPIToken{Name: string(k), Scope: scope, Days: 30})
			if err != nil {
				w.t.Fatal(err)
			}
			switch k {
			case revokedTok:
				if _, err := w.store.RevokeAPIToken(ctx, u.ID, at.ID, u.ID); err != nil {
					w.t.Fatal(err)
				}
			case expiredTok:
				w.exec("UPDATE api_tokens SET expires_at = ? WHERE id = ?", testNow.Add(-time.Minute), at.ID)
			}
			w.tokens[r][k] = tok
		}
	}
}

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	if _, err := w.db.ExecContext(context.Background(), q, args...); err != nil {
		w.t.Fatal(err)
	}
}

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   []byte
	req    *http.Request
}

func (a answer) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("%s %s: %d %s: %v", a.req.Method, a.req.URL, a.status, a.body, err)
	}
}

// call sends a request with a bearer token ("" for none); body is JSON
// unless it is already bytes (then contentType says what).
func (w *world) call(method, path, token string, body any, header ...string) answer {
	w.t.Helper()
	var raw []byte
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			w.t.Fatal(err)
		}
		raw, ct = buf, "application/json"
	}
	var rd io.Reader
	if raw != nil {
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, w.base+path, rd)
	if err != nil {
		w.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: b, req: req}
	w.validate(a, raw)
	return a
}

func id(n int64) string { return strconv.FormatInt(n, 10) }
