// Package pgtest gives tests a real PostgreSQL: the server named by
// PLANBOARD_TEST_DATABASE_URL, or else one private cluster per test binary.
// Every test gets its own database, copied from a migrated template, so
// tests are isolated and may run in parallel.
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
	mu       sync.Mutex
)

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
	if !inMain {
		t.Fatal("pgtest: call pgtest.Main(m) from TestMain")
	}
	once.Do(func() { shared, startErr = start() })
	if startErr != nil {
		t.Fatalf("pgtest: %v", startErr)
	}
	name := fmt.Sprintf("%s_t%d", shared.template, counter.Add(1))
	ctx := context.Background()
	// CREATE DATABASE ... TEMPLATE needs the template to be idle; serialise copies.
	mu.Lock()
	err := shared.exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, shared.template))
	mu.Unlock()
	if err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		_ = shared.exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return shared.dsnFor(name)
}

// DB returns a connection to a fresh migrated database for the test.
func DB(t testing.TB) *bun.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), DSN(t))
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
