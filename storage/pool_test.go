package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// openPool opens the app's pool on a fresh test database, closed at the
// test's end.
func openPool(t *testing.T) *bun.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// When every connection is taken, requests waiting for one get it in the
// order they came: database/sql's own pool handed a freed connection to a
// random waiter, and under load an unlucky request waited past its
// deadline. Here all connections are held, five queries queue one after
// another (each is seen waiting in the pool before the next starts, so a
// busy machine cannot reorder their arrival), and the connections are freed.
func TestPoolServesWaitersInOrder(t *testing.T) {
	ctx := context.Background()
	db := openPool(t)
	var held []*sql.Conn
	// Registered after openPool's, so it runs first: a pool closes only
	// once every connection is back, and a failing test must not hang.
	t.Cleanup(func() {
		for _, c := range held {
			c.Close()
		}
	})
	for {
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		c, err := db.DB.Conn(short)
		cancel()
		if err != nil {
			break // every connection is taken
		}
		if err := c.PingContext(ctx); err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		if len(held) > 100 {
			t.Fatal("the pool has no bound")
		}
	}
	const waiters = 5
	order := make(chan int, waiters)
	for i := range waiters {
		go func() {
			var one int
			if err := db.DB.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
				t.Error(err)
			}
			order <- i
		}()
		waitQueued(t, i+1)
	}
	held[0].Close()
	held = held[1:]
	for want := range waiters {
		select {
		case got := <-order:
			if got != want {
				t.Fatalf("waiter %d was served in place %d: waiters are served at random, not in order", got, want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("waiter %d was not served within 30 s of a connection coming free", want)
		}
	}
}

// waitQueued waits until n goroutines wait in pgxpool's queue (its FIFO
// semaphore), so that the test knows the order in which they arrived.
func waitQueued(t *testing.T, n int) {
	t.Helper()
	buf := make([]byte, 1<<20)
	deadline := time.Now().Add(30 * time.Second) // wall clock: a bound on waiting, not a date
	for {
		stacks := string(buf[:runtime.Stack(buf, true)])
		if strings.Count(stacks, "semaphore.(*Weighted).Acquire") >= n {
			return
		}
		if time.Now().After(deadline) { // wall clock: as above
			t.Fatalf("%d queries are not waiting in the pool after 30 s", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Statements are not prepared one by one: bun writes the values into the
// SQL text, so each text is new, and preparing and caching each cost a
// round trip and kept one-off statements in memory on every connection.
func TestPoolPreparesNoStatements(t *testing.T) {
	ctx := context.Background()
	db := openPool(t)
	c, err := db.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := range 20 {
		var n int
		if err := c.QueryRowContext(ctx, "SELECT $1::int + "+strconv.Itoa(i), i).Scan(&n); err != nil || n != 2*i {
			t.Fatalf("query %d: %d, %v", i, n, err)
		}
	}
	var prepared int
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM pg_prepared_statements").Scan(&prepared); err != nil {
		t.Fatal(err)
	}
	if prepared != 0 {
		t.Errorf("%d statements prepared and kept on the connection", prepared)
	}
}

// The statements every page runs (hot.go) are planned once per connection
// and then only executed: PostgreSQL otherwise judged their generic plan
// dearer than a custom one and planned them at every execution, which was
// most of the database's time on a kept page (docs/architecture.md: kept pages).
func TestHotStatementsKeepTheirPlan(t *testing.T) {
	ctx := context.Background()
	db := openPool(t)
	s := storage.New(db)
	review := domain.Scope{InstitutionIDs: []int64{1, 2}}
	const runs = 8
	for range runs {
		if _, _, err := s.NavCounts(ctx, 1, &review); err != nil {
			t.Fatal(err)
		}
	}
	// The statements ran one after another, each on the connection the last
	// one freed; look on every connection the pool holds for them.
	var held []*sql.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for range 3 {
		c, err := db.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		var generic, custom int
		err = c.QueryRowContext(ctx, `SELECT generic_plans, custom_plans FROM pg_prepared_statements
			WHERE name LIKE 'pb_hot_%'`).Scan(&generic, &custom)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if custom != 0 || generic != runs {
			t.Fatalf("%d runs of a hot statement: %d planned anew, %d on the prepared plan; want 0 and %d", runs, custom, generic, runs)
		}
		return
	}
	t.Fatal("no connection holds the prepared statement")
}
