package backup

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// DumpOptions say what to dump.
type DumpOptions struct {
	DSN     string    // the database: a libpq connection string or postgres:// URL
	Key     Key       // signs the archive and seals the tables holding secrets
	Version string    // Planboard's version, for the manifest
	Now     time.Time // the archive's time
	TempDir string    // where the entries are staged before they are archived (system's when empty)
}

// Dump writes an archive of the database to w. Everything is read in one
// repeatable-read transaction, so writes going on meanwhile are either
// wholly in the archive or not at all. Each table is copied out as data
// (COPY text), its live secrets voided or sealed (tables.go). The entries
// are staged in a temporary folder because the manifest, written first,
// carries their sizes and checksums.
func Dump(ctx context.Context, o DumpOptions, w io.Writer) (Manifest, error) {
	m := Manifest{Application: Application, Format: Format, PlanboardVersion: o.Version, CreatedAt: o.Now.UTC()}
	if !o.Key.usable() {
		return m, fmt.Errorf("no backup key: set PLANBOARD_BACKUP_KEY (see docs/security.md)")
	}
	conn, err := connect(ctx, o.DSN, "planboard dump")
	if err != nil {
		return m, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return m, fmt.Errorf("database unreachable: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read only
	if err := tx.QueryRow(ctx, "SELECT current_setting('server_version'), current_database()").Scan(&m.PostgresVersion, &m.Database); err != nil {
		return m, err
	}
	if m.Migrations, err = appliedMigrations(ctx, conn); err != nil {
		return m, err
	}
	if len(m.Migrations) == 0 {
		return m, fmt.Errorf("database %s has no Planboard schema (no applied migrations): nothing to back up", m.Database)
	}
	m.SchemaVersion = m.Migrations[len(m.Migrations)-1]
	tables, err := schemaTables(ctx, conn)
	if err != nil {
		return m, err
	}
	dir, err := os.MkdirTemp(o.TempDir, "planboard-dump-")
	if err != nil {
		return m, err
	}
	defer os.RemoveAll(dir)
	for _, t := range tables {
		e, err := dumpTable(ctx, conn, o.Key, t, dir)
		if err != nil {
			return m, fmt.Errorf("dump table %s: %w", t.name, err)
		}
		m.Tables = append(m.Tables, e)
		m.DumpSize += e.Size
	}
	if m.Sequences, err = sequences(ctx, conn); err != nil {
		return m, err
	}
	if err := writeArchive(w, o.Key, m, dir); err != nil {
		return m, err
	}
	return m, tx.Commit(ctx)
}

// dumpTable writes table t's rows into dir/name: COPY text, gzipped, and
// sealed when t holds secrets.
func dumpTable(ctx context.Context, conn *pgx.Conn, key Key, t tableDef, dir string) (Table, error) {
	e := Table{Name: t.name, Columns: t.columns, Sealed: slices.Contains(sealedTables, t.name)}
	if !tableName.MatchString(t.name) {
		return e, fmt.Errorf("a table name this archive cannot hold")
	}
	src := "public." + ident(t.name) + " (" + columnList(t.columns) + ")"
	if v := voided[t.name]; v != nil {
		exprs := make([]string, len(t.columns))
		for i, c := range t.columns {
			exprs[i] = ident(c)
			if x, ok := v[c]; ok {
				exprs[i] = x + " AS " + ident(c)
			}
		}
		src = "(SELECT " + strings.Join(exprs, ", ") + " FROM public." + ident(t.name) + ")"
	}
	f, err := os.OpenFile(filepath.Join(dir, t.name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return e, err
	}
	defer f.Close()
	sum := sha256.New()
	out := io.MultiWriter(f, sum)
	var plain bytes.Buffer // sealed tables are small: sealed whole
	var zw *gzip.Writer
	if e.Sealed {
		zw, _ = gzip.NewWriterLevel(&plain, gzip.BestSpeed)
	} else {
		zw, _ = gzip.NewWriterLevel(out, gzip.BestSpeed)
	}
	if _, err := conn.PgConn().CopyTo(ctx, zw, "COPY "+src+" TO STDOUT"); err != nil {
		return e, err
	}
	if err := zw.Close(); err != nil {
		return e, err
	}
	if e.Sealed {
		sealed, err := key.seal(t.name, plain.Bytes())
		if err != nil {
			return e, err
		}
		if _, err := out.Write(sealed); err != nil {
			return e, err
		}
	}
	if e.Size, err = f.Seek(0, io.SeekCurrent); err != nil {
		return e, err
	}
	e.SHA256 = hex.EncodeToString(sum.Sum(nil))
	return e, f.Close()
}

// sequences reads the public schema's sequences as setval takes them.
func sequences(ctx context.Context, conn *pgx.Conn) ([]Sequence, error) {
	rows, err := conn.Query(ctx, `SELECT sequencename::text, coalesce(last_value, start_value), last_value IS NOT NULL
		FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Sequence, error) {
		var s Sequence
		return s, r.Scan(&s.Name, &s.Value, &s.Called)
	})
}

// appliedMigrations lists the applied migrations, in order.
func appliedMigrations(ctx context.Context, conn *pgx.Conn) ([]string, error) {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT to_regclass('public.schema_migrations') IS NOT NULL").Scan(&exists); err != nil || !exists {
		return nil, err
	}
	rows, err := conn.Query(ctx, "SELECT version FROM public.schema_migrations ORDER BY version COLLATE \"C\"")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// connect opens one connection named app (application_name).
func connect(ctx context.Context, dsn, app string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["application_name"] = app
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database unreachable: %w", err)
	}
	return conn, nil
}
