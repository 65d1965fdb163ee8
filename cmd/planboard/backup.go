package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"planboard/storage"
	"planboard/storage/backup"
	"planboard/storage/pgserver"
)

// dumpCmd writes a backup archive of the database: `planboard dump [FILE]`
// (default planboard-<UTC time>.tar in the current folder; - writes to
// standard output), signed with the backup key (backupkey.go; made when
// there is none). It works while serve runs: the dump is one snapshot.
func dumpCmd(ctx context.Context, e *env, args []string) error {
	if len(args) > 1 || (len(args) == 1 && strings.HasPrefix(args[0], "--")) {
		return errors.New("usage: planboard dump [FILE] (default planboard-<time>.tar; - is standard output)")
	}
	now := e.now()
	file := "planboard-" + now.UTC().Format("20060102-150405") + ".tar"
	if len(args) == 1 {
		file = args[0]
	}
	d, err := startDatabase(ctx, e)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := dumpTo(ctx, e, d, file, now)
	if err != nil {
		return err
	}
	if file != "-" {
		fmt.Fprintf(e.stdout, "wrote %s: schema %s, %d bytes of data, PostgreSQL %s\n", file, m.SchemaVersion, m.DumpSize, m.PostgresVersion)
	}
	return nil
}

// dumpTo writes the archive to path ("-": standard output). A file is
// written under a temporary name and renamed when complete, so a failed or
// interrupted dump never leaves a file that looks like a backup.
func dumpTo(ctx context.Context, e *env, d *database, path string, now time.Time) (backup.Manifest, error) {
	key, err := backupKey(e, true)
	if err != nil {
		return backup.Manifest{}, err
	}
	o := backup.DumpOptions{DSN: d.dsn, Key: key, Version: version, Now: now}
	if path == "-" {
		return backup.Dump(ctx, o, e.stdout)
	}
	o.TempDir = filepath.Dir(path)
	tmp := path + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return backup.Manifest{}, err
	}
	m, err := backup.Dump(ctx, o, f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return m, err
	}
	return m, nil
}

// restoreCmd restores an archive: `planboard restore FILE [--force]`. The
// archive is checked completely first, its signature with the backup key
// (backupkey.go) before anything else; the target is the private cluster
// (a fresh data folder is created) or PLANBOARD_DATABASE_URL. A running
// server's data and a database holding data (unless --force) are refused.
// An older schema is migrated afterwards.
func restoreCmd(ctx context.Context, e *env, args []string) error {
	const use = "usage: planboard restore FILE [--force]"
	file, force := "", false
	for _, a := range args {
		switch {
		case a == "--force" || a == "-force":
			force = true
		case strings.HasPrefix(a, "-") && a != "-":
			return fmt.Errorf("restore: unknown flag %s; %s", a, use)
		case file != "":
			return errors.New(use)
		default:
			file = a
		}
	}
	if file == "" {
		return errors.New(use)
	}
	var in io.Reader = e.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	key, err := backupKey(e, false)
	if err != nil {
		return fmt.Errorf("%w; nothing was restored", err)
	}
	a, err := backup.Open(in, "", key)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was restored", file, err)
	}
	defer a.Close()
	known, err := storage.KnownMigrations()
	if err != nil {
		return err
	}
	if err := a.Manifest.CheckSchema(known); err != nil {
		return fmt.Errorf("%s: %w; nothing was restored", file, err)
	}
	if e.cfg.DatabaseURL == "" && pgserver.Running(ctx, clusterDir(e)) {
		return fmt.Errorf("a running Planboard uses the data folder %s: stop it first (restore never writes under a running server); nothing was restored", clusterDir(e))
	}
	d, err := startDatabase(ctx, e)
	if err != nil {
		return err
	}
	defer d.Close()
	o := backup.RestoreOptions{DSN: d.dsn, Known: known, Force: force, Now: e.now()}
	if e.cfg.DatabaseURL != "" { // the private cluster's only role is its superuser
		o.Warn = func(msg string) { fmt.Fprintln(e.stdout, "warning: "+msg) }
	}
	err = backup.Restore(ctx, a, o)
	if err != nil {
		return err
	}
	if err := d.connect(ctx, e); err != nil {
		return err
	}
	applied, err := storage.Migrate(ctx, d.db)
	if err != nil {
		return fmt.Errorf("restored, but migrating the restored schema failed: %w", err)
	}
	m := a.Manifest
	fmt.Fprintf(e.stdout, "restored %s (made %s by Planboard %s, schema %s, PostgreSQL %s)\n",
		file, m.CreatedAt.Format(time.RFC3339), m.PlanboardVersion, m.SchemaVersion, m.PostgresVersion)
	if len(applied) > 0 {
		fmt.Fprintf(e.stdout, "migrated the restored schema: %s\n", strings.Join(applied, ", "))
	}
	return nil
}

// dbCmd is `planboard db upgrade`.
func dbCmd(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 || args[0] != "upgrade" {
		return errors.New("usage: planboard db upgrade")
	}
	return dbUpgrade(ctx, e, "")
}

// dbUpgrade moves the private cluster's data folder to the newest
// PostgreSQL installed under binRoot (empty: the system's), keeping the
// old folder.
func dbUpgrade(ctx context.Context, e *env, binRoot string) error {
	if e.cfg.DatabaseURL != "" {
		return errors.New("db upgrade moves the private cluster in PLANBOARD_DATA_DIR; a server at PLANBOARD_DATABASE_URL is upgraded by its operator (pg_upgrade, or planboard dump and restore)")
	}
	res, err := pgserver.Upgrade(ctx, pgserver.UpgradeOptions{Dir: clusterDir(e), BinRoot: binRoot, Logger: e.log})
	if errors.Is(err, pgserver.ErrUpToDate) {
		fmt.Fprintf(e.stdout, "%s already uses PostgreSQL %d, the newest installed: nothing to do\n", clusterDir(e), res.From)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "moved %s from PostgreSQL %d to %d; the old folder is kept at %s: delete it once Planboard runs well\n",
		clusterDir(e), res.From, res.To, res.OldDir)
	return nil
}
