package backup

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"planboard/storage"
	"planboard/storage/pgserver"
	"planboard/storage/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// at is the archives' time in these tests (never the wall clock).
var at = time.Date(2027, 3, 14, 3, 0, 0, 0, time.UTC)

// testKey is the instance's backup key in these tests.
var testKey = mustKey("test-backup-key-0123456789abcdef0123456789")

func mustKey(text string) Key {
	k, err := ParseKey(text)
	if err != nil {
		panic(err)
	}
	return k
}

func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := pgserver.FindTool("", name)
	if err != nil {
		t.Skip(err)
	}
	return p
}

func open(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	t.Cleanup(func() { db.Close() })
	return db
}

// demoDSN is a fresh database with the demo data and two file attachments
// of random bytes.
func demoDSN(t *testing.T) string {
	t.Helper()
	dsn := pgtest.DSN(t)
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := storage.New(db).LoadDemo(context.Background(), storage.DemoOptions{PasswordHash: "x", Now: at}); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{1 << 10, 300 << 10} {
		data := make([]byte, size)
		rand.Read(data)
		if _, err := db.DB.ExecContext(context.Background(), `INSERT INTO item_attachments (item_id, institution_id, kind, filename, size, data)
			SELECT id, institution_id, 'file', 'scan.pdf', $1, $2 FROM items ORDER BY id LIMIT 1`, size, data); err != nil {
			t.Fatal(err)
		}
	}
	return dsn
}

func dump(t *testing.T, dsn string) []byte {
	t.Helper()
	var buf bytes.Buffer
	m, err := Dump(context.Background(), DumpOptions{DSN: dsn, Key: testKey, Version: "1.0.0-test", Now: at}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	known, _ := storage.KnownMigrations()
	if m.SchemaVersion != known[len(known)-1] || m.PostgresVersion == "" || !m.CreatedAt.Equal(at) || m.Application != "planboard" {
		t.Errorf("manifest = %+v", m)
	}
	return buf.Bytes()
}

func restore(t *testing.T, archive []byte, dsn string, force bool) error {
	t.Helper()
	return restoreWith(t, testKey, archive, dsn, force)
}

func restoreWith(t *testing.T, key Key, archive []byte, dsn string, force bool) error {
	t.Helper()
	a, err := Open(bytes.NewReader(archive), "", key)
	if err != nil {
		return err
	}
	defer a.Close()
	known, _ := storage.KnownMigrations()
	return Restore(context.Background(), a, RestoreOptions{DSN: dsn, Known: known, Force: force, Now: at})
}

func equalSums(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d tables, want %d", what, len(got), len(want))
	}
	for tbl, sum := range want {
		if got[tbl] != sum {
			t.Errorf("%s: table %s differs (%s, want %s)", what, tbl, got[tbl], sum)
		}
	}
}

// TestDumpRestore: an archive restored into an empty (freshly migrated)
// database gives every row and attachment back identical; a database with
// data is replaced only with Force.
func TestDumpRestore(t *testing.T) {
	src := demoDSN(t)
	archive := dump(t, src)
	want := pgtest.Checksums(t, open(t, src))
	if want["item_attachments"] == "empty" || want["users"] == "empty" {
		t.Fatalf("source has no data: %v", want)
	}

	dst := pgtest.DSN(t)
	if err := restore(t, archive, dst, false); err != nil {
		t.Fatal(err)
	}
	equalSums(t, "restored", pgtest.Checksums(t, open(t, dst)), want)

	other := demoDSN(t) // same demo, other random attachments
	before := pgtest.Checksums(t, open(t, other))
	if err := restore(t, archive, other, false); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore into a database with data: %v, want a refusal naming --force", err)
	}
	equalSums(t, "refused", pgtest.Checksums(t, open(t, other)), before)
	if err := restore(t, archive, other, true); err != nil {
		t.Fatal(err)
	}
	equalSums(t, "forced", pgtest.Checksums(t, open(t, other)), want)
	var schemas int
	open(t, other).QueryRow("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'planboard_replaced%'").Scan(&schemas)
	if schemas != 0 {
		t.Errorf("the replaced schema was left behind")
	}
}

// archiveWith builds an archive around a real dump with a changed
// manifest, signed with the instance's key (what only the instance can do).
func archiveWith(t *testing.T, good []byte, change func(*Manifest)) []byte {
	t.Helper()
	return rewrite(t, good, testKey, func(m *Manifest, _ string) { change(m) })
}

// rewrite unpacks an archive, lets change edit the manifest and the
// entries (in dir), and packs it again signed with key.
func rewrite(t *testing.T, good []byte, key Key, change func(m *Manifest, dir string)) []byte {
	t.Helper()
	a, err := Open(bytes.NewReader(good), "", testKey)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	m := a.Manifest
	change(&m, a.dir)
	var buf bytes.Buffer
	if err := writeArchive(&buf, key, m, a.dir); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRestoreRefuses: a truncated or corrupt archive, one of another
// program, a plain file, one of a newer schema, and a database a running
// Planboard uses are refused with a message, and the target is unchanged.
func TestRestoreRefuses(t *testing.T) {
	good := dump(t, demoDSN(t))
	corrupt := bytes.Clone(good)
	corrupt[len(corrupt)/2] ^= 0xff
	var foreign bytes.Buffer
	tw := tar.NewWriter(&foreign)
	tw.WriteHeader(&tar.Header{Name: "gitea-db.sql", Mode: 0o600, Size: 5})
	tw.Write([]byte("hello"))
	tw.Close()
	cases := []struct {
		name    string
		archive []byte
		want    string
	}{
		{"truncated", good[:len(good)*2/3], "truncated"},
		{"truncated in the manifest", good[:700], "truncated"},
		{"corrupt", corrupt, "corrupt"},
		{"another program's tar", foreign.Bytes(), "another program"},
		{"not a tar", []byte("PGDMP this is not an archive"), "not a tar"},
		{"another application's manifest", archiveWith(t, good, func(m *Manifest) { m.Application = "vikunja" }), `"vikunja"`},
		{"a newer archive format", archiveWith(t, good, func(m *Manifest) { m.Format = 3 }), "format 3"},
		{"a newer schema", archiveWith(t, good, func(m *Manifest) {
			m.Migrations = append(m.Migrations, "9990_future")
			m.SchemaVersion, m.PlanboardVersion = "9990_future", "9.0.0"
		}), "newer than this Planboard knows"},
	}
	dst := demoDSN(t)
	before := pgtest.Checksums(t, open(t, dst))
	for _, c := range cases {
		err := restore(t, c.archive, dst, true)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
	// A running Planboard (its pool is named "planboard") uses the database.
	db, err := storage.Open(context.Background(), dst)
	if err != nil {
		t.Fatal(err)
	}
	if err := restore(t, good, dst, true); err == nil || !strings.Contains(err.Error(), "running Planboard") {
		t.Errorf("restore under a running Planboard: %v", err)
	}
	db.Close()
	equalSums(t, "after the refusals", pgtest.Checksums(t, open(t, dst)), before)

	// A database of another program is not empty either.
	alien := pgtest.DSN(t)
	if _, err := open(t, alien).Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public; CREATE TABLE public.tasks (id int); INSERT INTO public.tasks VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	if err := restore(t, good, alien, false); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("restore over another program's tables: %v", err)
	}
}
