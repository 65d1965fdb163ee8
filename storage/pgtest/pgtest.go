// Package pgtest gives tests a real PostgreSQL: the server named by
// PLANBOARD_TEST_DATABASE_URL, or else one private cluster per test binary.
// Every test gets its own database, copied from a migrated template (DB),
// or from a template its harness filled once per binary, e.g. with the
// demo data (Prepared), so tests are isolated and may run in parallel.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"planboard/storage"
	"planboard/storage/pgserver"
)

type cluster struct {
	server   *pgserver.Server // nil when an external server is used
	adminDSN string           // maintenance database on the server
	dsnFor   func(db string) string
	template string
	dir      string
}

var (
	shared   *cluster
	startErr error
	once     sync.Once
	inMain   bool
	counter  atomic.Int64
	mu       sync.Mutex // held while a database is copied (CREATE DATABASE ... TEMPLATE)

	preparedMu sync.Mutex
	prepared   = map[string]*preparedTemplate{}
)

// preparedTemplate is a template filled by a harness's setup, built once.
type preparedTemplate struct {
	once sync.Once
	name string // the database's name
	err  error
}

// Main runs the tests and tears the cluster down. The cluster starts at the
// first test that asks for a database, so a binary running only pure tests
// (e.g. a fuzz worker) never starts PostgreSQL.
// Call it from TestMain: func TestMain(m *testing.M) { pgtest.Main(m) }.
func Main(m *testing.M) {
	inMain = true
	code := m.Run()
	if shared != nil {
		shared.stop()
	}
	os.Exit(code)
}

func start() (*cluster, error) {
	ctx := context.Background()
	c := &cluster{template: fmt.Sprintf("pbtpl_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)} // wall clock: only makes the name unique
	if raw := os.Getenv("PLANBOARD_TEST_DATABASE_URL"); raw != "" {
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("PLANBOARD_TEST_DATABASE_URL: %w", err)
		}
		c.adminDSN = raw
		c.dsnFor = func(db string) string { v := *u; v.Path = "/" + db; return v.String() }
	} else {
		dir, err := os.MkdirTemp("", "pbt")
		if err != nil {
			return nil, err
		}
		c.dir = dir
		srv, err := pgserver.Start(ctx, pgserver.Options{Dir: dir + "/pg", Fast: true, Database: "postgres"})
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		c.server = srv
		c.adminDSN = srv.DSN("postgres")
		c.dsnFor = srv.DSN
	}
	if err := c.exec(ctx, "CREATE DATABASE "+c.template); err != nil {
		c.stop()
		return nil, err
	}
	db, err := storage.Open(ctx, c.dsnFor(c.template))
	if err != nil {
		c.stop()
		return nil, err
	}
	_, err = storage.Migrate(ctx, db)
	db.Close()
	if err != nil {
		c.stop()
		return nil, fmt.Errorf("migrate template: %w", err)
	}
	return c, nil
}

func (c *cluster) exec(ctx context.Context, q string) error {
	db, err := sql.Open("pgx", c.adminDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, q)
	return err
}

func (c *cluster) stop() {
	if c.server == nil {
		preparedMu.Lock()
		for _, p := range prepared {
			if p.name != "" {
				_ = c.exec(context.Background(), "DROP DATABASE IF EXISTS "+p.name+" WITH (FORCE)")
			}
		}
		preparedMu.Unlock()
		_ = c.exec(context.Background(), "DROP DATABASE IF EXISTS "+c.template+" WITH (FORCE)")
		return
	}
	_ = c.server.Stop()
	os.RemoveAll(c.dir)
}

// DSN creates a fresh migrated database for the test and returns its
// connection string; the database is dropped when the test ends.
func DSN(t testing.TB) string {
	t.Helper()
	c := cluster1(t)
	return c.copyOf(t, c.template)
}

// cluster1 is the binary's cluster, started by the first test that asks.
func cluster1(t testing.TB) *cluster {
	t.Helper()
	if !inMain {
		t.Fatal("pgtest: call pgtest.Main(m) from TestMain")
	}
	once.Do(func() { shared, startErr = start() })
	if startErr != nil {
		t.Fatalf("pgtest: %v", startErr)
	}
	return shared
}

// copyOf creates a database for the test as a copy of the template tpl and
// returns its connection string; it is dropped when the test ends.
func (c *cluster) copyOf(t testing.TB, tpl string) string {
	t.Helper()
	name := fmt.Sprintf("%s_t%d", c.template, counter.Add(1))
	ctx := context.Background()
	// CREATE DATABASE ... TEMPLATE needs the template to be idle; serialise copies.
	mu.Lock()
	err := c.exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tpl))
	mu.Unlock()
	if err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		_ = c.exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return c.dsnFor(name)
}

// Prepared returns a connection to a fresh database for the test (as
// PreparedDSN makes it); it closes when the test ends.
func Prepared(t testing.TB, key string, setup func(ctx context.Context, db *bun.DB) error) *bun.DB {
	t.Helper()
	return open(t, PreparedDSN(t, key, setup))
}

// PreparedDSN creates a fresh database for the test, copied from the
// template named key, and returns its connection string: the first test that asks for key builds it
// as a copy of the migrated template filled by setup (the demo data, say),
// and every later one copies it instead of running setup again. setup must
// be the same for every call with one key, and must not keep the
// connection it is given (the template has to be idle to be copied). The
// database is dropped when the test ends.
func PreparedDSN(t testing.TB, key string, setup func(ctx context.Context, db *bun.DB) error) string {
	t.Helper()
	c := cluster1(t)
	preparedMu.Lock()
	p := prepared[key]
	if p == nil {
		p = &preparedTemplate{}
		prepared[key] = p
	}
	preparedMu.Unlock()
	p.once.Do(func() { p.name, p.err = c.prepare(key, setup) })
	if p.err != nil {
		t.Fatalf("pgtest: template %q: %v", key, p.err)
	}
	return c.copyOf(t, p.name)
}

// prepare builds the template for key: a copy of the migrated one, filled by setup.
func (c *cluster) prepare(key string, setup func(ctx context.Context, db *bun.DB) error) (string, error) {
	ctx := context.Background()
	name := fmt.Sprintf("%s_p%d", c.template, counter.Add(1))
	mu.Lock()
	err := c.exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, c.template))
	mu.Unlock()
	if err != nil {
		return "", err
	}
	db, err := storage.Open(ctx, c.dsnFor(name))
	if err != nil {
		return name, err
	}
	err = setup(ctx, db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return name, err
}

// DB returns a connection to a fresh migrated database for the test.
func DB(t testing.TB) *bun.DB {
	t.Helper()
	return open(t, DSN(t))
}

// open connects to dsn for the test; the connection closes when it ends.
func open(t testing.TB, dsn string) *bun.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("pgtest: open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Store returns a Store over a fresh migrated database for the test, its
// clock stopped at the run's moment (Now).
func Store(t testing.TB) *storage.Store {
	return storage.New(DB(t)).WithClock(Now)
}

// Demo returns a connection to a fresh database for the test with the
// demo data loaded (DemoDSN); it closes when the test ends.
func Demo(t testing.TB, passwordHash string) *bun.DB {
	t.Helper()
	return open(t, DemoDSN(t, passwordHash))
}

// DemoDSN creates a fresh database for the test with the demo data loaded
// (storage.LoadDemo dated at Now, every demo person's password hash
// passwordHash), copied from a template loaded once per test binary, and
// returns its connection string.
func DemoDSN(t testing.TB, passwordHash string) string {
	t.Helper()
	return PreparedDSN(t, "demo:"+passwordHash, func(ctx context.Context, db *bun.DB) error {
		_, err := storage.New(db).WithClock(Now).LoadDemo(ctx, storage.DemoOptions{PasswordHash: passwordHash, Now: Now()})
		return err
	})
}
