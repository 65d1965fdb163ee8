package service_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"planboard/app/mail"
	"planboard/app/service"
	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// demoPassword is every demo person's password in these tests.
const demoPassword = "demo-password"

// env is the service over a real PostgreSQL with the demo data: the
// museum's and the library's people, each institution a tenant of its own.
type env struct {
	t       *testing.T
	ctx     context.Context
	store   *storage.Store
	svc     *service.Service
	museum  domain.Institution
	library domain.Institution
}

// plainPasswords is bcrypt at its cheapest, without the web surface's limit.
type plainPasswords struct{}

func (plainPasswords) Matches(_ context.Context, hash []byte, pw string) (bool, error) {
	return len(hash) > 0 && bcrypt.CompareHashAndPassword(hash, []byte(pw)) == nil, nil
}

func (plainPasswords) Hash(_ context.Context, pw string) (string, error) {
	b, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	return string(b), err
}

// demoHash is the demo people's password hash, made once per test binary.
var demoHash = sync.OnceValue(func() string {
	h, _ := plainPasswords{}.Hash(context.Background(), demoPassword)
	return h
})

func newEnv(t *testing.T, opts ...func(*service.Deps)) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), store: storage.New(pgtest.Demo(t, demoHash())).WithClock(pgtest.Now)}
	d := service.Deps{Store: e.store, Notices: e.mailer(t), Now: pgtest.Now,
		BaseURL: "https://plan.example.org", Passwords: plainPasswords{}}
	for _, o := range opts {
		o(&d)
	}
	e.svc = service.New(d)
	plans, err := e.store.Plans(e.ctx, domain.Scope{All: true})
	if err != nil || len(plans) < 2 {
		t.Fatalf("demo plans: %v", err)
	}
	e.museum, e.library = plans[0].Institution, plans[1].Institution
	return e
}

// mailer renders the use cases' mails from the catalogue.
func (e *env) mailer(t *testing.T) *mail.Mailer {
	t.Helper()
	m, err := mail.NewMailer(mail.MailerConfig{Store: e.store, BaseURL: "https://plan.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// as is the demo person with the e-mail as a caller.
func (e *env) as(email string) service.Caller {
	e.t.Helper()
	u, err := e.store.UserByEmail(e.ctx, email)
	if err != nil {
		e.t.Fatalf("%s: %v", email, err)
	}
	u, a, err := e.store.Actor(e.ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return service.Caller{Actor: a, User: u}
}

// code is the domain error code of err ("" for nil).
func code(err error) string {
	if err == nil {
		return ""
	}
	return domain.ErrorCode(err)
}

func asValidation(err error, v **domain.ValidationError) bool { return errors.As(err, v) }
