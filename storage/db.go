// Package storage keeps Planboard's data in PostgreSQL through bun. One file
// per aggregate; every query that reads tenant data is scoped by the caller's
// domain.Scope so that a foreign id behaves exactly like a missing one.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// Store is the PostgreSQL-backed repository for every aggregate.
type Store struct {
	db  bun.IDB
	now func() time.Time
}

// New returns a Store over db (a *bun.DB or a transaction) that stamps rows
// with the wall clock; WithClock gives it the app's clock instead.
func New(db bun.IDB) *Store { return &Store{db: db, now: time.Now} }

// WithClock returns a Store over the same database whose rows are stamped,
// and whose time rules are judged, by now: the one clock the app runs on.
// PostgreSQL's own now() is used only where the database's time is the
// point (mail leases between replicas), and says so where it is.
func (s *Store) WithClock(now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: s.db, now: now}
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// stamp is t, or the store's clock when t is unset: a row's time comes
// from the caller's clock, never from the database's default.
func (s *Store) stamp(t time.Time) time.Time {
	if t.IsZero() {
		return s.now()
	}
	return t
}

// ApplicationName is the application_name of Planboard's connections.
const ApplicationName = "planboard"

// Open connects to PostgreSQL with the pgx driver and checks the connection.
// JIT compilation is off for the app's sessions: its queries are short, and
// when statistics are missing or stale (after a bulk load) PostgreSQL
// compiled a 60-item page query for 8 ms to run it in 0.2 ms.
func Open(ctx context.Context, dsn string) (*bun.DB, error) {
	pcfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg := pcfg.ConnConfig
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	// The hot statements (hot.go) are prepared to be planned once, but
	// PostgreSQL judged each generic plan dearer than a custom one and
	// planned them anew at every execution: 0.27 ms of planning for a
	// 0.03 ms index lookup, most of the database's time on a kept page.
	// bun writes its values into the SQL text, so its statements have no
	// parameters and no generic plan; this only holds the prepared ones to
	// the plan they were prepared for.
	if _, set := cfg.RuntimeParams["plan_cache_mode"]; !set {
		cfg.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	}
	// Named, so that restore can see a Planboard using the database
	// (pg_stat_activity) and refuse to write under it.
	if _, set := cfg.RuntimeParams["application_name"]; !set {
		cfg.RuntimeParams["application_name"] = ApplicationName
	}
	sqldb, err := openFairPool(ctx, pcfg)
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqldb.PingContext(pingCtx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("database unreachable: %w", err)
	}
	return bun.NewDB(sqldb, pgdialect.New()), nil
}

// InTx runs fn in one transaction with a Store bound to it: every multi-step
// write goes through here so that nothing is half-saved.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	if _, ok := s.db.(bun.Tx); ok {
		return fn(s)
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(&Store{db: tx, now: s.now})
	})
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.db.NewRaw("SELECT 1").Scan(ctx, &one)
}

// mapErr turns driver errors into domain errors: no rows is not found,
// unique and check violations are conflicts and invalid input.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ErrNotFound
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return &domain.Error{Code: domain.EConflict, Message: "error.duplicate", Field: pg.ConstraintName}
		case "23514", "22001", "22007", "22008", "23502":
			return &domain.Error{Code: domain.EInvalid, Message: "error.invalid_value", Field: pg.ConstraintName}
		case "23503":
			return &domain.Error{Code: domain.EInvalid, Message: "error.invalid_reference", Field: pg.ConstraintName}
		}
	}
	return err
}

// nullDate converts a domain date into a nullable column value.
func nullDate(d domain.Date) *time.Time {
	if d.IsZero() {
		return nil
	}
	t := d.Time(time.UTC)
	return &t
}

// fromNullDate converts a nullable date column into a domain date.
func fromNullDate(t *time.Time) domain.Date {
	if t == nil {
		return domain.Date{}
	}
	return domain.DateOf(t.UTC())
}

// DB exposes the underlying handle, for tests and tools that need raw SQL.
func (s *Store) DB() bun.IDB { return s.db }
