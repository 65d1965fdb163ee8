package storage_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"planboard/storage"
	"planboard/storage/pgtest"
)

func tableExists(t *testing.T, s *storage.Store, name string) bool {
	t.Helper()
	var ok bool
	if err := s.DB().NewRaw("SELECT to_regclass(?) IS NOT NULL", name).Scan(context.Background(), &ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestMigrationFailureLeavesSchemaAsItWas(t *testing.T) {
	db := pgtest.DB(t)
	s := storage.New(db)
	ctx := context.Background()
	fsys := fstest.MapFS{
		"9001_good.sql": {Data: []byte("CREATE TABLE good_one (id int);")},
		"9002_bad.sql":  {Data: []byte("CREATE TABLE half_done (id int);\nALTER TABLE no_such_table ADD COLUMN x int;")},
	}
	applied, err := storage.MigrateFS(ctx, db, fsys)
	if err == nil || !strings.Contains(err.Error(), "9002_bad") {
		t.Fatalf("want the bad migration to fail by name, got %v", err)
	}
	if len(applied) != 1 || applied[0] != "9001_good" {
		t.Errorf("applied = %v, want [9001_good]", applied)
	}
	if !tableExists(t, s, "good_one") {
		t.Error("the good migration was rolled back")
	}
	if tableExists(t, s, "half_done") {
		t.Error("the failed migration left half of its changes")
	}
	var n int
	if err := db.NewRaw("SELECT count(*) FROM schema_migrations WHERE version = '9002_bad'").Scan(ctx, &n); err != nil || n != 0 {
		t.Errorf("failed migration recorded as applied (%d, %v)", n, err)
	}
	// Fixed, it applies on the next run; the good one is not applied twice.
	fsys["9002_bad.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE half_done (id int);")}
	applied, err = storage.MigrateFS(ctx, db, fsys)
	if err != nil || len(applied) != 1 || applied[0] != "9002_bad" {
		t.Errorf("second run applied %v, %v", applied, err)
	}
}

func TestConcurrentMigrationsApplyOnce(t *testing.T) {
	db := pgtest.DB(t)
	ctx := context.Background()
	fsys := fstest.MapFS{"9001_counter.sql": {Data: []byte("CREATE TABLE runs (n int); INSERT INTO runs VALUES (1);")}}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := storage.MigrateFS(ctx, db, fsys)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent migrate: %v", err)
		}
	}
	var n int
	if err := db.NewRaw("SELECT count(*) FROM runs").Scan(ctx, &n); err != nil || n != 1 {
		t.Errorf("migration ran %d times (%v), want once", n, err)
	}
}

func TestSchemaStatus(t *testing.T) {
	db := pgtest.DB(t)
	ctx := context.Background()
	ok, err := storage.SchemaCurrent(ctx, db.DB)
	if err != nil || !ok {
		t.Fatalf("migrated database: current = %v, %v", ok, err)
	}
	list, err := storage.MigrationStatus(ctx, db.DB)
	if err != nil || len(list) == 0 || !list[0].Applied || list[0].Version != "0001_core" {
		t.Fatalf("status = %+v, %v", list, err)
	}
	if _, err := db.ExecContext(ctx, "DELETE FROM schema_migrations WHERE version = '0001_core'"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := storage.SchemaCurrent(ctx, db.DB); ok {
		t.Error("schema with a missing migration reported current")
	}
}
