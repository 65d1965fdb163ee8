package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"planboard/storage"
)

// RestoreOptions say where to restore with which pg_restore.
type RestoreOptions struct {
	DSN       string   // the target database
	PgRestore string   // path of pg_restore
	Known     []string // the migrations this binary carries (a newer backup is refused)
	Force     bool     // replace a database that holds data
	Now       time.Time
}

// ErrNotEmpty is returned when the target holds data and Force is not set.
var ErrNotEmpty = errors.New("the database holds data")

// Restore replaces the database's schema with the archive's. It refuses,
// with nothing changed: a backup of a newer schema; a dump pg_restore
// cannot read; a database that a running Planboard uses (its connections
// are in pg_stat_activity); a database that holds data, unless Force.
// The old public schema is renamed aside while pg_restore runs in one
// transaction, and put back if it fails; only a complete restore drops it.
// The caller migrates an older schema afterwards.
func Restore(ctx context.Context, a *Archive, o RestoreOptions) error {
	if err := a.Manifest.CheckSchema(o.Known); err != nil {
		return err
	}
	if out, err := exec.CommandContext(ctx, o.PgRestore, "--list", a.dumpPath).CombinedOutput(); err != nil {
		return fmt.Errorf("%w: pg_restore cannot read the dump: %s", ErrNotArchive, strings.TrimSpace(string(out)))
	}
	db, err := openConn(o.DSN, "planboard restore")
	if err != nil {
		return err
	}
	defer db.Close()
	var others int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`, storage.ApplicationName).Scan(&others); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	if others > 0 {
		return fmt.Errorf("a running Planboard uses this database (%d connections): stop it first; nothing was restored", others)
	}
	var objects int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public')
		+ (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')`).Scan(&objects); err != nil {
		return err
	}
	if objects > 0 && !o.Force {
		if holds, what, err := holdsData(ctx, db); err != nil {
			return err
		} else if holds {
			return fmt.Errorf("%w (%s): restore refuses to replace it; add --force to replace it with the backup", ErrNotEmpty, what)
		}
	}
	aside := ""
	if objects > 0 {
		aside = fmt.Sprintf("planboard_replaced_%d", o.Now.Unix())
		if _, err := db.ExecContext(ctx, "ALTER SCHEMA public RENAME TO "+aside+"; CREATE SCHEMA public"); err != nil {
			return fmt.Errorf("set the old schema aside: %w", err)
		}
	}
	cmd := exec.CommandContext(ctx, o.PgRestore, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
		"--no-password", "--dbname="+o.DSN, a.dumpPath)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		rerr := fmt.Errorf("pg_restore failed, the database is as it was: %w: %s", err, strings.TrimSpace(stderr.String()))
		if aside != "" {
			if _, err := db.ExecContext(context.WithoutCancel(ctx), "DROP SCHEMA public CASCADE; ALTER SCHEMA "+aside+" RENAME TO public"); err != nil {
				return fmt.Errorf("%v; putting the old schema back failed too (it is schema %s): %w", rerr, aside, err)
			}
		}
		return rerr
	}
	if aside != "" {
		if _, err := db.ExecContext(ctx, "DROP SCHEMA "+aside+" CASCADE"); err != nil {
			return fmt.Errorf("restored, but the replaced schema %s could not be dropped: %w", aside, err)
		}
	}
	return nil
}

// holdsData says whether the database has data worth refusing to replace:
// a Planboard schema with users, or tables of something else. A migrated
// Planboard schema without users (a fresh serve) is empty.
func holdsData(ctx context.Context, db *sql.DB) (bool, string, error) {
	var tables int
	var usersTable bool
	if err := db.QueryRowContext(ctx, `SELECT count(*), bool_or(tablename = 'users') FROM pg_tables WHERE schemaname = 'public'`).
		Scan(&tables, &usersTable); err != nil {
		return false, "", err
	}
	if tables == 0 {
		return false, "", nil
	}
	if !usersTable {
		return true, fmt.Sprintf("%d tables that are not Planboard's", tables), nil
	}
	var users int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM public.users").Scan(&users); err != nil {
		return false, "", err
	}
	return users > 0, fmt.Sprintf("%d users", users), nil
}
