package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"planboard/storage"
)

// DumpOptions say what to dump with which pg_dump.
type DumpOptions struct {
	DSN     string    // the database: a libpq connection string or postgres:// URL
	PgDump  string    // path of pg_dump (at least the server's major version)
	Version string    // Planboard's version, for the manifest
	Now     time.Time // the archive's time
	TempDir string    // where the dump is staged before it is archived (system's when empty)
}

// Dump writes an archive of the database to w. The dump and the manifest
// describe one moment: a repeatable-read transaction exports its snapshot,
// reads the applied migrations in it and keeps it open while pg_dump
// works in the same snapshot (--snapshot), so writes going on meanwhile
// are either wholly in the archive or not at all. The dump is staged in a
// temporary file because the manifest, written first, carries its size and
// checksum.
func Dump(ctx context.Context, o DumpOptions, w io.Writer) (Manifest, error) {
	m := Manifest{Application: Application, Format: Format, PlanboardVersion: o.Version, CreatedAt: o.Now.UTC()}
	db, err := openConn(o.DSN, "planboard dump")
	if err != nil {
		return m, err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return m, fmt.Errorf("database unreachable: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read only
	var snapshot string
	if err := tx.QueryRowContext(ctx, "SELECT pg_export_snapshot(), current_setting('server_version'), current_database()").
		Scan(&snapshot, &m.PostgresVersion, &m.Database); err != nil {
		return m, err
	}
	if m.Migrations, err = storage.AppliedMigrations(ctx, tx); err != nil {
		return m, err
	}
	if len(m.Migrations) == 0 {
		return m, fmt.Errorf("database %s has no Planboard schema (no applied migrations): nothing to back up", m.Database)
	}
	m.SchemaVersion = m.Migrations[len(m.Migrations)-1]

	f, err := os.CreateTemp(o.TempDir, "planboard-dump-*.dump")
	if err != nil {
		return m, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	sum := sha256.New()
	cmd := exec.CommandContext(ctx, o.PgDump, "--format=custom", "--snapshot="+snapshot, "--no-password", "--dbname="+o.DSN)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.MultiWriter(f, sum), &stderr
	if err := cmd.Run(); err != nil {
		return m, fmt.Errorf("pg_dump failed: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	if m.DumpSize, err = f.Seek(0, io.SeekCurrent); err != nil {
		return m, err
	}
	m.DumpSHA256 = hex.EncodeToString(sum.Sum(nil))
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return m, err
	}
	if err := writeArchive(w, m, f); err != nil {
		return m, err
	}
	return m, tx.Commit()
}

// openConn opens a single-connection pool named app (application_name).
func openConn(dsn, app string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["application_name"] = app
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(1)
	return db, nil
}
