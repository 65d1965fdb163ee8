package backup

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"planboard/storage"
)

// RestoreOptions say where to restore.
type RestoreOptions struct {
	DSN   string   // the target database
	Known []string // the migrations this binary carries (a newer backup is refused)
	Force bool     // replace a database that holds data
	Now   time.Time
	// Warn, when set, is told that the connecting role could run programs
	// on the database server (a superuser or pg_execute_server_program):
	// restore runs no SQL from the archive, but a careful operator restores
	// as a role that cannot (docs/security.md).
	Warn func(string)
}

// ErrNotEmpty is returned when the target holds data and Force is not set.
var ErrNotEmpty = errors.New("the database holds data")

// Restore replaces the database's schema and data with the archive's. It
// refuses, with nothing changed: a backup of a newer schema; a database
// that a running Planboard uses (its connections are in pg_stat_activity);
// a database that holds data, unless Force. The old public schema is
// renamed aside; the schema is built by this binary's migrations up to the
// archive's version, and the archive's rows are loaded into it (load);
// if anything fails the new schema is dropped and the old one put back,
// and only a complete restore drops the old one. Nothing of the archive
// runs as SQL: no function, trigger, constraint or statement comes from
// it. The caller migrates an older schema afterwards.
func Restore(ctx context.Context, a *Archive, o RestoreOptions) error {
	if err := a.Manifest.CheckSchema(o.Known); err != nil {
		return err
	}
	conn, err := connect(ctx, o.DSN, "planboard restore")
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var others int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`, storage.ApplicationName).Scan(&others); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	if others > 0 {
		return fmt.Errorf("a running Planboard uses this database (%d connections): stop it first; nothing was restored", others)
	}
	if o.Warn != nil {
		var role string
		var runs bool
		if err := conn.QueryRow(ctx, `SELECT current_user::text, rolsuper OR pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER')
			FROM pg_roles WHERE rolname = current_user`).Scan(&role, &runs); err != nil {
			return err
		}
		if runs {
			o.Warn(fmt.Sprintf("the database role %s can run programs on the database server (superuser or pg_execute_server_program); restore as a role that owns the database and cannot (docs/security.md)", role))
		}
	}
	var objects int
	if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public')
		+ (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')`).Scan(&objects); err != nil {
		return err
	}
	if objects > 0 && !o.Force {
		if holds, what, err := holdsData(ctx, conn); err != nil {
			return err
		} else if holds {
			return fmt.Errorf("%w (%s): restore refuses to replace it; add --force to replace it with the backup", ErrNotEmpty, what)
		}
	}
	aside := ""
	if objects > 0 {
		aside = fmt.Sprintf("planboard_replaced_%d", o.Now.Unix())
		if _, err := conn.Exec(ctx, "ALTER SCHEMA public RENAME TO "+aside+"; CREATE SCHEMA public"); err != nil {
			return fmt.Errorf("set the old schema aside: %w", err)
		}
	}
	if err := load(ctx, a, o.DSN, conn); err != nil {
		rerr := fmt.Errorf("restore failed, the database is as it was: %w", err)
		undo := "DROP SCHEMA public CASCADE; CREATE SCHEMA public"
		if aside != "" {
			undo = "DROP SCHEMA public CASCADE; ALTER SCHEMA " + aside + " RENAME TO public"
		}
		if _, err := conn.Exec(context.WithoutCancel(ctx), undo); err != nil {
			return fmt.Errorf("%v; putting the old schema back failed too (it is schema %s): %w", rerr, aside, err)
		}
		return rerr
	}
	if aside != "" {
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+aside+" CASCADE"); err != nil {
			return fmt.Errorf("restored, but the replaced schema %s could not be dropped: %w", aside, err)
		}
	}
	return nil
}

// load builds the archive's schema with this binary's migrations, then, in
// one transaction, empties every table and copies the archive's rows in,
// tables in foreign-key order with their triggers off (the rows are as
// the triggers left them), and sets the sequences.
func load(ctx context.Context, a *Archive, dsn string, conn *pgx.Conn) error {
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		return err
	}
	_, err = storage.MigrateTo(ctx, db, a.Manifest.SchemaVersion)
	db.Close()
	if err != nil {
		return err
	}
	target, err := schemaTables(ctx, conn)
	if err != nil {
		return err
	}
	names := make([]string, len(target))
	for i, t := range target {
		names[i] = t.name
	}
	entries := map[string]Table{}
	for _, e := range a.Manifest.Tables {
		i := slices.Index(names, e.Name)
		if i < 0 || !sameSet(e.Columns, target[i].columns) {
			return fmt.Errorf("the archive's table %s does not match schema %s as this Planboard builds it", e.Name, a.Manifest.SchemaVersion)
		}
		entries[e.Name] = e
	}
	order, err := loadOrder(ctx, conn, names)
	if err != nil {
		return err
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // after Commit a no-op
	all := make([]string, len(names))
	for i, n := range names {
		all[i] = "public." + ident(n)
		if _, err := tx.Exec(ctx, "ALTER TABLE "+all[i]+" DISABLE TRIGGER USER"); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, "TRUNCATE "+strings.Join(all, ", ")); err != nil {
		return err
	}
	for _, n := range order {
		if e, ok := entries[n]; ok {
			if err := a.copyIn(ctx, conn, e); err != nil {
				return fmt.Errorf("load table %s: %w", n, err)
			}
		}
	}
	for _, t := range all {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+t+" ENABLE TRIGGER USER"); err != nil {
			return err
		}
	}
	for _, s := range a.Manifest.Sequences {
		if _, err := tx.Exec(ctx, `SELECT setval(c.oid::regclass, $2, $3) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relname = $1`, s.Name, s.Value, s.Called); err != nil {
			return fmt.Errorf("set sequence %s: %w", s.Name, err)
		}
	}
	return tx.Commit(ctx)
}

// copyIn loads one table's entry (opened with the key when sealed); the
// statement names the schema's own table and the columns the schema has.
func (a *Archive) copyIn(ctx context.Context, conn *pgx.Conn, e Table) error {
	var src io.Reader
	f, err := os.Open(filepath.Join(a.dir, e.Name))
	if err != nil {
		return err
	}
	defer f.Close()
	src = f
	if e.Sealed {
		sealed, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		plain, err := a.key.open(e.Name, sealed)
		if err != nil {
			return err
		}
		src = bytes.NewReader(plain)
	}
	zr, err := gzip.NewReader(src)
	if err != nil {
		return err
	}
	_, err = conn.PgConn().CopyFrom(ctx, zr, "COPY public."+ident(e.Name)+" ("+columnList(e.Columns)+") FROM STDIN")
	return err
}

func sameSet(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(s string) bool { return !slices.Contains(b, s) })
}

// holdsData says whether the database has data worth refusing to replace:
// a Planboard schema with users, or tables of something else. A migrated
// Planboard schema without users (a fresh serve) is empty.
func holdsData(ctx context.Context, conn *pgx.Conn) (bool, string, error) {
	var tables int
	var usersTable *bool
	if err := conn.QueryRow(ctx, `SELECT count(*), bool_or(tablename = 'users') FROM pg_tables WHERE schemaname = 'public'`).
		Scan(&tables, &usersTable); err != nil {
		return false, "", err
	}
	if tables == 0 {
		return false, "", nil
	}
	if usersTable == nil || !*usersTable {
		return true, fmt.Sprintf("%d tables that are not Planboard's", tables), nil
	}
	var users int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM public.users").Scan(&users); err != nil {
		return false, "", err
	}
	return users > 0, fmt.Sprintf("%d users", users), nil
}
