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
}

// openDatabase connects to PLANBOARD_DATABASE_URL, or, when it is not set,
// to the private cluster in $PLANBOARD_DATA_DIR/postgres (starting it, or
// sharing it with a serve process that already runs it).
func openDatabase(ctx context.Context, e *env) (*database, error) {
	if e.cfg.DatabaseURL != "" {
		db, err := storage.Open(ctx, e.cfg.DatabaseURL)
		if err != nil {
			return nil, &configError{"PLANBOARD_DATABASE_URL", err.Error()}
		}
		return &database{db: db}, nil
	}
	srv, err := pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(e.cfg.DataDir, "postgres"), Logger: e.log})
	if err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, srv.DSN("planboard"))
	if err != nil {
		srv.Stop()
		return nil, err
	}
	return &database{db: db, server: srv, embedded: true}, nil
}

// Close closes the connection pool and stops the private cluster if this
// process started it.
func (d *database) Close() error {
	d.db.Close()
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
