package storage

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"planboard/migrations"
)

// migrationLock is the advisory lock key that serialises migrations across replicas.
const migrationLock = 7_302_001

// Migration is one schema migration file and whether it has been applied.
type Migration struct {
	Version   string // file name without .sql, e.g. "0001_core"
	AppliedAt time.Time
	Applied   bool
}

func migrationFiles(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// Migrate applies every pending migration, each in its own transaction, while
// holding a PostgreSQL advisory lock on one dedicated connection so that
// several replicas starting together migrate once. A failing migration rolls
// back and leaves the schema as it was. Plan templates are synced afterwards.
func Migrate(ctx context.Context, db *bun.DB) (applied []string, err error) {
	return migrateFS(ctx, db, migrations.FS)
}

// MigrateTo applies the pending migrations up to and including version and
// no further: a database at an older schema, for tests of what meets a
// newer binary (a restored old backup). Plan templates are not synced.
func MigrateTo(ctx context.Context, db *bun.DB, version string) ([]string, error) {
	known, err := KnownMigrations()
	if err != nil {
		return nil, err
	}
	if !slices.Contains(known, version) {
		return nil, fmt.Errorf("unknown migration %q", version)
	}
	upTo := func(name string) bool { return strings.TrimSuffix(name, ".sql") <= version }
	return migrateFiles(ctx, db, migrations.FS, upTo)
}

// KnownMigrations lists the migrations this binary carries, in order.
func KnownMigrations() ([]string, error) {
	files, err := migrationFiles(migrations.FS)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = strings.TrimSuffix(f, ".sql")
	}
	return out, nil
}

// AppliedMigrations lists the migrations applied to the database, in
// order; none when it has no migration table.
func AppliedMigrations(ctx context.Context, db querier) ([]string, error) {
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT to_regclass('public.schema_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return nil, err
	}
	if !exists {
		return nil, nil
	}
	done, err := appliedVersions(ctx, db)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(done))
	for v := range done {
		out = append(out, v)
	}
	sort.Strings(out)
	return out, nil
}

func migrateFS(ctx context.Context, db *bun.DB, fsys fs.FS) (applied []string, err error) {
	if applied, err = migrateFiles(ctx, db, fsys, func(string) bool { return true }); err != nil {
		return applied, err
	}
	if err := SyncTemplates(ctx, db); err != nil {
		return applied, err
	}
	return applied, nil
}

func migrateFiles(ctx context.Context, db *bun.DB, fsys fs.FS, want func(name string) bool) (applied []string, err error) {
	conn, err := db.DB.Conn(ctx) // plain database/sql: bun would format '?' inside the SQL files
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return nil, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock) //nolint:errcheck
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, err
	}
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		return nil, err
	}
	files, err := migrationFiles(fsys)
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		version := strings.TrimSuffix(name, ".sql")
		if _, ok := done[version]; ok || !want(name) {
			continue
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return applied, err
		}
		if err := applyOne(ctx, conn, version, string(body)); err != nil {
			return applied, fmt.Errorf("migration %s failed, schema left as it was: %w", version, err)
		}
		applied = append(applied, version)
	}
	return applied, nil
}

func applyOne(ctx context.Context, conn *sql.Conn, version, body string) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", version); err != nil {
		return err
	}
	return tx.Commit()
}

// querier is what migration bookkeeping needs from a connection or a pool.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func appliedVersions(ctx context.Context, db querier) (map[string]time.Time, error) {
	rows, err := db.QueryContext(ctx, "SELECT version, applied_at FROM schema_migrations")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var v string
		var at time.Time
		if err := rows.Scan(&v, &at); err != nil {
			return nil, err
		}
		out[v] = at
	}
	return out, rows.Err()
}

// MigrationStatus lists every known migration and whether it is applied.
func MigrationStatus(ctx context.Context, db querier) ([]Migration, error) {
	files, err := migrationFiles(migrations.FS)
	if err != nil {
		return nil, err
	}
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return nil, err
	}
	done := map[string]time.Time{}
	if exists {
		if done, err = appliedVersions(ctx, db); err != nil {
			return nil, err
		}
	}
	out := make([]Migration, 0, len(files))
	for _, name := range files {
		v := strings.TrimSuffix(name, ".sql")
		at, ok := done[v]
		out = append(out, Migration{Version: v, Applied: ok, AppliedAt: at})
	}
	return out, nil
}

// SchemaCurrent reports whether every migration this binary knows is applied.
// Serving refuses an old schema, and /readyz reports it.
func SchemaCurrent(ctx context.Context, db querier) (bool, error) {
	list, err := MigrationStatus(ctx, db)
	if err != nil {
		return false, err
	}
	for _, m := range list {
		if !m.Applied {
			return false, nil
		}
	}
	return true, nil
}
