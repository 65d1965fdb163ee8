package main

import (
	"context"
	"path/filepath"

	"github.com/uptrace/bun"

	"planboard/storage"
	"planboard/storage/pgserver"
)

// database is an open connection, and the private cluster behind it when
// Planboard runs its own.
type database struct {
	db       *bun.DB
	server   *pgserver.Server
	embedded bool
	dsn      string // what dump and restore connect to
}

// openDatabase connects to PLANBOARD_DATABASE_URL, or, when it is not set,
// to the private cluster in $PLANBOARD_DATA_DIR/postgres (starting it, or
// sharing it with a serve process that already runs it).
func openDatabase(ctx context.Context, e *env) (*database, error) {
	d, err := startDatabase(ctx, e)
	if err != nil {
		return nil, err
	}
	if err := d.connect(ctx, e); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// startDatabase is openDatabase without the connection pool: the private
// cluster is started (or shared) but nothing connects yet.
func startDatabase(ctx context.Context, e *env) (*database, error) {
	if e.cfg.DatabaseURL != "" {
		return &database{dsn: e.cfg.DatabaseURL}, nil
	}
	srv, err := pgserver.Start(ctx, pgserver.Options{Dir: clusterDir(e), Logger: e.log})
	if err != nil {
		return nil, err
	}
	return &database{server: srv, embedded: true, dsn: srv.DSN("planboard")}, nil
}

// connect opens the connection pool.
func (d *database) connect(ctx context.Context, e *env) error {
	db, err := storage.Open(ctx, d.dsn)
	if err != nil {
		if !d.embedded {
			return &configError{"PLANBOARD_DATABASE_URL", err.Error()}
		}
		return err
	}
	d.db = db
	return nil
}

// clusterDir is the private cluster's folder (PGDATA).
func clusterDir(e *env) string { return filepath.Join(e.cfg.DataDir, "postgres") }

// Close closes the connection pool and stops the private cluster if this
// process started it.
func (d *database) Close() error {
	if d.db != nil {
		d.db.Close()
	}
	if d.server != nil {
		return d.server.Stop()
	}
	return nil
}

// openMigrated opens the database and brings its schema up to date: what
// every command that writes data needs first.
func openMigrated(ctx context.Context, e *env) (*database, error) {
	d, err := openDatabase(ctx, e)
	if err != nil {
		return nil, err
	}
	if _, err := storage.Migrate(ctx, d.db); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}
