package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"planboard/storage"
	"planboard/storage/pgserver"
	"planboard/storage/pgtest"
)

// testBackupKey is PLANBOARD_BACKUP_KEY in these tests.
const testBackupKey = "cmd-test-backup-key-0123456789abcdef012345"

func tempDir(t *testing.T, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix) // short: the cluster's socket path is limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func sqlOpen(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// quiet waits until the tables serve writes at start (the first mail
// sweep) stop changing; the deadline of the polling loop reads the clock.
func quiet(t *testing.T, db *sql.DB) {
	t.Helper()
	last := ""
	deadline := time.Now().Add(30 * time.Second) // wall clock: a polling deadline
	for time.Now().Before(deadline) {            // wall clock: a polling deadline
		s := fmt.Sprint(pgtest.Checksums(t, db))
		if s == last {
			return
		}
		last = s
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatal("the database did not settle after serve started")
}

// TestDumpWhileServingRestoreIntoFreshFolder is the promise of a backup
// while serving (docs/operations.md, "Backup and restore"):
// `planboard dump` of the embedded default while serve runs and a writer
// adds comments with file attachments, then `planboard restore` into a
// fresh data folder: every table is identical, the written rows are a
// consistent prefix (each attachment with the comment written in the same
// transaction), and the attachments' SHA-256 sums match.
func TestDumpWhileServingRestoreIntoFreshFolder(t *testing.T) {
	ctx := context.Background()
	dirA, dirB := tempDir(t, "pbA"), tempDir(t, "pbB")
	// No mail sweep during the test: the cron never fires (30 February).
	_, _, stop := startServeEnv(t, map[string]string{"PLANBOARD_DATA_DIR": dirA,
		"PLANBOARD_REMIND_SCHEDULE": "0 0 30 2 *", "PLANBOARD_MAIL_INTERVAL": "1h"})
	srvDSN := fmt.Sprintf("host=%s port=5432 user=planboard dbname=planboard sslmode=disable", filepath.Join(dirA, "postgres"))
	dbA := sqlOpen(t, srvDSN)
	quiet(t, dbA)

	var written atomic.Int64
	done, stopWriter := make(chan error, 1), make(chan struct{})
	go func() {
		for i := 1; ; i++ {
			select {
			case <-stopWriter:
				done <- nil
				return
			default:
			}
			data := make([]byte, 8<<10)
			rand.Read(data)
			tx, err := dbA.BeginTx(ctx, nil)
			if err == nil {
				_, err = tx.Exec(`INSERT INTO item_comments (item_id, institution_id, body)
					SELECT id, institution_id, $1 FROM items ORDER BY id LIMIT 1`, fmt.Sprintf("w%d", i))
			}
			if err == nil {
				_, err = tx.Exec(`INSERT INTO item_attachments (item_id, institution_id, kind, filename, size, data)
					SELECT id, institution_id, 'file', $1, $2, $3 FROM items ORDER BY id LIMIT 1`, fmt.Sprintf("w%d.bin", i), len(data), data)
			}
			if err == nil {
				err = tx.Commit()
			}
			if err != nil {
				done <- err
				return
			}
			written.Add(1)
		}
	}()
	waitWrites := func(n int64) {
		deadline := time.Now().Add(30 * time.Second)            // wall clock: a polling deadline
		for written.Load() < n && time.Now().Before(deadline) { // wall clock: a polling deadline
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitWrites(20)
	file := filepath.Join(dirA, "backup.tar")
	var out bytes.Buffer
	if err := run(ctx, []string{"dump", file}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dirA}), nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "wrote "+file) {
		t.Errorf("dump said %q", out.String())
	}
	atDump := written.Load()
	waitWrites(atDump + 20)
	close(stopWriter)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	out.Reset()
	if err := run(ctx, []string{"restore", file}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dirB,
		"PLANBOARD_BACKUP_KEY_FILE": filepath.Join(dirA, "backup.key")}), nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "restored "+file) {
		t.Errorf("restore said %q", out.String())
	}

	pgA, err := pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(dirA, "postgres")})
	if err != nil {
		t.Fatal(err)
	}
	defer pgA.Stop()
	pgB, err := pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(dirB, "postgres")})
	if err != nil {
		t.Fatal(err)
	}
	defer pgB.Stop()
	a, b := sqlOpen(t, pgA.DSN("planboard")), sqlOpen(t, pgB.DSN("planboard"))
	var maxComment, maxAttachment, pairs, inB int64
	if err := b.QueryRow(`SELECT (SELECT coalesce(max(id), 0) FROM item_comments), (SELECT coalesce(max(id), 0) FROM item_attachments),
		(SELECT count(*) FROM item_comments c JOIN item_attachments f ON f.filename = c.body || '.bin'),
		(SELECT count(*) FROM item_comments WHERE body ~ '^w[0-9]+$')`).Scan(&maxComment, &maxAttachment, &pairs, &inB); err != nil {
		t.Fatal(err)
	}
	total := written.Load()
	t.Logf("writes: %d before the dump ended, %d in the backup, %d in all", atDump, inB, total)
	if inB < 20 || inB > atDump || pairs != inB {
		t.Errorf("the backup holds %d written comments and %d complete pairs; %d were written before the dump ended, %d in all", inB, pairs, atDump, total)
	}
	sumsA, sumsB := pgtest.Checksums(t, a), pgtest.Checksums(t, b)
	for tbl, sum := range sumsA {
		// The writes went on after the dump; the change counters
		// (institution_revs, founder_revs) count those same writes.
		if tbl == "item_comments" || tbl == "item_attachments" || tbl == "institution_revs" || tbl == "founder_revs" {
			continue
		}
		if sumsB[tbl] != sum {
			t.Errorf("table %s differs after the restore", tbl)
		}
	}
	if len(sumsA) != len(sumsB) {
		t.Errorf("%d tables restored, want %d", len(sumsB), len(sumsA))
	}
	prefix := func(db *sql.DB) string {
		var s string
		if err := db.QueryRow(`SELECT md5(string_agg(r::text, E'\n' ORDER BY r.id)) FROM item_comments r WHERE id <= $1`, maxComment).Scan(&s); err != nil {
			t.Fatal(err)
		}
		var f string
		if err := db.QueryRow(`SELECT string_agg(id || ' ' || filename || ' ' || encode(sha256(data), 'hex'), E'\n' ORDER BY id)
			FROM item_attachments WHERE id <= $1`, maxAttachment).Scan(&f); err != nil {
			t.Fatal(err)
		}
		return s + "\n" + f
	}
	if pa, pb := prefix(a), prefix(b); pa != pb {
		t.Errorf("comments and attachments up to the snapshot differ (attachments' SHA-256):\n%.300s\n---\n%.300s", pa, pb)
	}
}

// TestRestoreOlderSchemaMigrates: a dump of a database at an older schema
// is restored and migrated to this binary's schema, its rows kept; the
// same archive is then refused by a database with data unless --force,
// and under a running server's data folder always. A password-reset link
// asked for before the dump answers 410 on the restored instance.
func TestRestoreOlderSchemaMigrates(t *testing.T) {
	ctx := context.Background()
	src := pgtest.DSN(t)
	db, err := storage.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	known, _ := storage.KnownMigrations()
	older := known[len(known)-2]
	if _, err := db.ExecContext(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public"); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.MigrateTo(ctx, db, older); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO founders (name, short_name) VALUES ('Министерство культуры', 'Минкульт')"); err != nil {
		t.Fatal(err)
	}
	// A password-reset link asked for before the dump, live then and for
	// an hour (pgtest's clock is the one serve runs at below).
	token, now := "reset-link-asked-for-before-the-dump-0123456789", pgtest.Running()
	hash := sha256.Sum256([]byte(token))
	if _, err := db.DB.ExecContext(ctx, `WITH u AS (INSERT INTO users (email, full_name) VALUES ('reset@example.org', 'R') RETURNING id)
		INSERT INTO account_tokens (token_hash, kind, user_id, created_at, expires_at) SELECT $1, 'password_reset', id, $2, $3 FROM u`,
		hash[:], now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	dir := tempDir(t, "pbR")
	file := filepath.Join(dir, "old.tar")
	if err := run(ctx, []string{"dump", file}, envOf(map[string]string{"PLANBOARD_DATABASE_URL": urlDSN(src), "PLANBOARD_BACKUP_KEY": testBackupKey}), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := run(ctx, []string{"restore", file}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dir, "PLANBOARD_BACKUP_KEY": testBackupKey}), nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "schema "+older) || !strings.Contains(out.String(), "migrated the restored schema: "+known[len(known)-1]) {
		t.Errorf("restore of an older schema said:\n%s", out.String())
	}
	pg, err := pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(dir, "postgres")})
	if err != nil {
		t.Fatal(err)
	}
	restored := sqlOpen(t, pg.DSN("planboard"))
	if ok, err := storage.SchemaCurrent(ctx, restored); err != nil || !ok {
		t.Errorf("restored schema current = %v, %v", ok, err)
	}
	var name string
	if err := restored.QueryRow("SELECT name FROM founders").Scan(&name); err != nil || name != "Министерство культуры" {
		t.Errorf("restored founder = %q, %v", name, err)
	}
	// Add a user, so the database holds data.
	if _, err := restored.Exec("INSERT INTO users (email, full_name) VALUES ('a@example.org', 'A')"); err != nil {
		t.Fatal(err)
	}
	restored.Close()
	pg.Stop()

	err = run(ctx, []string{"restore", file}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dir, "PLANBOARD_BACKUP_KEY": testBackupKey}), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore into a folder with data: %v, want a refusal naming --force", err)
	}
	base, _, stop := startServeEnv(t, map[string]string{"PLANBOARD_DATA_DIR": dir})
	if code, body := get(t, base+"/password/set/"+token); code != 410 || !strings.Contains(body, "/password/forgot") {
		t.Errorf("the reset link from before the dump, after the restore: %d, want 410 (the link no longer works)", code)
	}
	err = run(ctx, []string{"restore", "--force", file}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dir, "PLANBOARD_BACKUP_KEY": testBackupKey}), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "running Planboard") {
		t.Errorf("restore --force under a running serve: %v", err)
	}
	stop()
	if err := run(ctx, []string{"restore", "--force", file}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dir, "PLANBOARD_BACKUP_KEY": testBackupKey}), nil, io.Discard, io.Discard); err != nil {
		t.Errorf("restore --force into a stopped folder: %v", err)
	}
	// A truncated archive is refused before anything is touched.
	raw, _ := os.ReadFile(file)
	os.WriteFile(file+".cut", raw[:len(raw)/2], 0o600)
	err = run(ctx, []string{"restore", "--force", file + ".cut"}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dir, "PLANBOARD_BACKUP_KEY": testBackupKey}), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "nothing was restored") {
		t.Errorf("restore of a truncated archive: %v", err)
	}
}

// TestServeRefusesDataFolderOfAnotherMajor: a data folder whose PG_VERSION
// names a major version that is not installed stops serve with one line
// saying what to do, and the folder is left as it was.
func TestServeRefusesDataFolderOfAnotherMajor(t *testing.T) {
	installed := pgserver.Installed("")
	if len(installed) == 0 {
		t.Skip("no PostgreSQL installed")
	}
	for _, c := range []struct {
		major int
		want  string
	}{
		{installed[len(installed)-1].Major - 1, "run `planboard db upgrade`"},
		{installed[0].Major + 1, fmt.Sprintf("apt-get install postgresql-%d", installed[0].Major+1)},
	} {
		dir := tempDir(t, "pbV")
		pgdir := filepath.Join(dir, "postgres")
		os.MkdirAll(pgdir, 0o700)
		os.WriteFile(filepath.Join(pgdir, "PG_VERSION"), []byte(fmt.Sprintf("%d\n", c.major)), 0o600)
		err := run(context.Background(), []string{"serve"}, envOf(map[string]string{"PLANBOARD_DATA_DIR": dir, "PLANBOARD_ADDR": "127.0.0.1:0"}), nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") ||
			!strings.Contains(err.Error(), fmt.Sprintf("PostgreSQL %d", c.major)) {
			t.Errorf("serve on a PostgreSQL %d folder: %v, want one line with %q", c.major, err, c.want)
		}
		if entries, _ := os.ReadDir(pgdir); len(entries) != 1 {
			t.Errorf("the refused folder was changed: %d entries", len(entries))
		}
	}
}

// TestDBUpgrade: `planboard db upgrade` moves a data folder to the newest
// installed major version, keeps the old folder, and serve then finds its
// data. Only one major version is really installed, so the newer one is
// faked: a BinRoot whose two version folders link to the same binaries.
func TestDBUpgrade(t *testing.T) {
	installed := pgserver.Installed("")
	if len(installed) == 0 {
		t.Skip("no PostgreSQL installed")
	}
	cur := installed[0]
	dir := tempDir(t, "pbU")
	_, _, stop := startServe(t, dir)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	root := tempDir(t, "pbroot")
	os.Chmod(root, 0o755) // the postgres user runs the binaries through it
	for _, major := range []int{cur.Major, cur.Major + 1} {
		if err := os.Symlink(filepath.Dir(cur.BinDir), filepath.Join(root, fmt.Sprint(major))); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := loadConfig(envOf(map[string]string{"PLANBOARD_DATA_DIR": dir, "PLANBOARD_BACKUP_KEY": testBackupKey}))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	e := &env{cfg: cfg, stdout: &out, log: discardLogger()}
	if err := dbUpgrade(context.Background(), e, root); err != nil {
		t.Fatal(err)
	}
	oldDir := filepath.Join(dir, fmt.Sprintf("postgres.old-%d", cur.Major))
	if !strings.Contains(out.String(), fmt.Sprintf("from PostgreSQL %d to %d", cur.Major, cur.Major+1)) || !strings.Contains(out.String(), oldDir) {
		t.Errorf("db upgrade said %q", out.String())
	}
	if _, err := os.Stat(filepath.Join(oldDir, "PG_VERSION")); err != nil {
		t.Errorf("old folder not kept: %v", err)
	}
	_, out2, stop := startServe(t, dir)
	defer stop()
	if !strings.Contains(out2.String(), "admin@example.org") {
		t.Errorf("serve after the upgrade lost the demo data:\n%s", out2.String())
	}
	err = run(context.Background(), []string{"db", "upgrade"}, envOf(map[string]string{"PLANBOARD_DATABASE_URL": "postgres://u@db/x"}), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "PLANBOARD_DATA_DIR") {
		t.Errorf("db upgrade with a database URL: %v", err)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
