package pgserver

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
)

// UpgradeOptions say which cluster to move to which binaries.
type UpgradeOptions struct {
	Dir     string       // the cluster's data folder (PGDATA)
	BinRoot string       // where the major versions are installed; DefaultBinRoot when empty
	Logger  *slog.Logger // nil discards
}

// UpgradeResult says what Upgrade did.
type UpgradeResult struct {
	From, To int    // major versions
	OldDir   string // where the old folder was kept
}

// ErrUpToDate is returned by Upgrade when the folder already belongs to the
// newest installed major version.
var ErrUpToDate = errors.New("the data folder already uses the newest installed PostgreSQL")

// Upgrade moves the cluster in Dir to the newest installed major version by
// dump and restore: the old binaries (still installed beside the new ones
// after a distribution upgrade) serve the old folder, the new pg_dump reads
// every database from it and pg_restore writes it into a new folder made by
// the new initdb. Only when that folder is complete is it renamed into
// place; the old folder is kept as <Dir>.old-<major> for the operator to
// delete. A failure leaves the old folder as it was. The cluster must not
// be running.
func Upgrade(ctx context.Context, o UpgradeOptions) (UpgradeResult, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return UpgradeResult{}, err
	}
	from, err := DataMajor(dir)
	if err != nil {
		return UpgradeResult{}, err
	}
	if from == 0 {
		return UpgradeResult{}, fmt.Errorf("%s holds no PostgreSQL cluster (no PG_VERSION)", dir)
	}
	installs := Installed(o.BinRoot)
	if len(installs) == 0 {
		return UpgradeResult{}, errors.New("no PostgreSQL server installed under " + binRoot(o.BinRoot))
	}
	res := UpgradeResult{From: from, To: installs[0].Major}
	if res.To <= from {
		return res, ErrUpToDate
	}
	var oldBin string
	for _, in := range installs {
		if in.Major == from {
			oldBin = in.BinDir
		}
	}
	if oldBin == "" {
		return res, fmt.Errorf("the PostgreSQL %d server is needed to read the old folder: install it beside %d (apt-get install postgresql-%d), then run planboard db upgrade again", from, res.To, from)
	}
	if Running(ctx, dir) {
		return res, fmt.Errorf("a PostgreSQL server is running on %s: stop Planboard first", dir)
	}
	newDir := fmt.Sprintf("%s.new-%d", dir, res.To)
	if err := os.RemoveAll(newDir); err != nil { // left by an attempt that failed: ours to remove
		return res, err
	}
	res.OldDir = fmt.Sprintf("%s.old-%d", dir, from)
	if _, err := os.Stat(res.OldDir); err == nil {
		return res, fmt.Errorf("%s exists (from an earlier upgrade): move it away first", res.OldDir)
	}

	o.Logger.Info("upgrading the private PostgreSQL", "from", from, "to", res.To, "dir", dir)
	old, err := Start(ctx, Options{Dir: dir, BinDir: oldBin, Database: "postgres", Logger: o.Logger})
	if err != nil {
		return res, fmt.Errorf("start PostgreSQL %d on the old folder: %w", from, err)
	}
	defer old.Stop()
	next, err := Start(ctx, Options{Dir: newDir, BinDir: installs[0].BinDir, Database: "postgres", Logger: o.Logger})
	if err != nil {
		os.RemoveAll(newDir)
		return res, fmt.Errorf("initialise the PostgreSQL %d folder: %w", res.To, err)
	}
	if err := copyDatabases(ctx, old, next, installs[0].BinDir); err != nil {
		next.Stop()
		os.RemoveAll(newDir)
		return res, err
	}
	if err := next.Stop(); err != nil {
		os.RemoveAll(newDir)
		return res, err
	}
	if err := old.Stop(); err != nil {
		os.RemoveAll(newDir)
		return res, err
	}
	// The new folder must be what the new binaries made.
	made, err := DataMajor(newDir)
	if err != nil {
		return res, err
	}
	if want, err := BinaryMajor(ctx, installs[0].BinDir); err != nil || made != want {
		os.RemoveAll(newDir)
		return res, fmt.Errorf("the new folder says PostgreSQL %d, its binaries %d (%v)", made, want, err)
	}
	if err := os.Rename(dir, res.OldDir); err != nil {
		os.RemoveAll(newDir)
		return res, err
	}
	if err := os.Rename(newDir, dir); err != nil {
		_ = os.Rename(res.OldDir, dir) // put the old one back
		return res, err
	}
	return res, nil
}

func binRoot(root string) string {
	if root == "" {
		return DefaultBinRoot
	}
	return root
}

// copyDatabases copies every database of from into to (created there
// first), streaming the new pg_dump into the new pg_restore.
func copyDatabases(ctx context.Context, from, to *Server, binDir string) error {
	db, err := sql.Open("pgx", from.DSN("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY datname")
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		if err := to.CreateDatabase(ctx, name, ""); err != nil {
			return fmt.Errorf("create database %s: %w", name, err)
		}
		if err := pipe(ctx,
			exec.CommandContext(ctx, filepath.Join(binDir, "pg_dump"), "--format=custom", "--dbname="+from.DSN(name)),
			exec.CommandContext(ctx, filepath.Join(binDir, "pg_restore"), "--exit-on-error", "--single-transaction", "--dbname="+to.DSN(name))); err != nil {
			return fmt.Errorf("copy database %s: %w", name, err)
		}
	}
	return nil
}

// pipe runs producer | consumer and reports either one's failure with its
// error output.
func pipe(ctx context.Context, producer, consumer *exec.Cmd) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	var perr, cerr bytes.Buffer
	producer.Stdout, producer.Stderr = w, &perr
	consumer.Stdin, consumer.Stderr = r, &cerr
	if err := producer.Start(); err != nil {
		r.Close()
		w.Close()
		return err
	}
	w.Close()
	if err := consumer.Start(); err != nil {
		r.Close()
		_ = producer.Wait()
		return err
	}
	r.Close()
	pErr, cErr := producer.Wait(), consumer.Wait()
	if pErr != nil {
		return fmt.Errorf("%s: %w: %s", filepath.Base(producer.Path), pErr, tail(perr.String(), 5))
	}
	if cErr != nil {
		return fmt.Errorf("%s: %w: %s", filepath.Base(consumer.Path), cErr, tail(cerr.String(), 5))
	}
	return ctx.Err()
}
