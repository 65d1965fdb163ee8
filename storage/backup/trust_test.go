package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"planboard/storage"
	"planboard/storage/pgtest"
)

// makeAdmin rewrites the users entry in dir so that staff@example.org is
// an administrator, and the manifest's size and checksum to match.
func makeAdmin(t *testing.T) func(m *Manifest, dir string) {
	return func(m *Manifest, dir string) { makeAdminIn(t, m, dir) }
}

func makeAdminIn(t *testing.T, m *Manifest, dir string) {
	t.Helper()
	i := slices.IndexFunc(m.Tables, func(e Table) bool { return e.Name == "users" })
	col := slices.Index(m.Tables[i].Columns, "is_admin")
	path := filepath.Join(dir, "users")
	f, _ := os.Open(path)
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := io.ReadAll(zr)
	f.Close()
	lines := strings.Split(string(rows), "\n")
	changed := false
	for n, line := range lines {
		if cols := strings.Split(line, "\t"); strings.Contains(line, "\tstaff@example.org\t") {
			cols[col], changed = "t", true
			lines[n] = strings.Join(cols, "\t")
		}
	}
	if !changed {
		t.Fatal("no staff@example.org row to change")
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(strings.Join(lines, "\n")))
	zw.Close()
	os.WriteFile(path, buf.Bytes(), 0o600)
	sum := sha256.Sum256(buf.Bytes())
	m.Tables[i].Size, m.Tables[i].SHA256 = int64(buf.Len()), hex.EncodeToString(sum[:])
}

func staffIsAdmin(t *testing.T, dsn string) bool {
	t.Helper()
	var admin bool
	if err := open(t, dsn).QueryRow("SELECT is_admin FROM users WHERE email = 'staff@example.org'").Scan(&admin); err != nil {
		t.Fatal(err)
	}
	return admin
}

// TestRestoreRefusesTamperedArchive: an archive whose users entry was
// changed to make a staff member an administrator, with the manifest
// recomputed to match, is refused before anything is touched unless it
// carries the instance key's signature (which only the instance can make:
// then it is restored, showing that the change itself would have worked).
func TestRestoreRefusesTamperedArchive(t *testing.T) {
	good := dump(t, demoDSN(t))
	attacker := mustKey("not-the-instance-key-0123456789abcdef0123")
	tampered := rewrite(t, good, attacker, makeAdmin(t))
	dst := demoDSN(t)
	before := pgtest.Checksums(t, open(t, dst))
	err := restore(t, tampered, dst, true)
	if !errors.Is(err, ErrNotSigned) || !strings.Contains(err.Error(), "changed after it was made") {
		t.Errorf("restore of a tampered archive: %v, want a refusal saying it was changed", err)
	}
	equalSums(t, "after the refusals", pgtest.Checksums(t, open(t, dst)), before)
	if staffIsAdmin(t, dst) {
		t.Fatal("staff is an administrator after the refusals")
	}
	if err := restore(t, rewrite(t, good, testKey, makeAdmin(t)), dst, true); err != nil || !staffIsAdmin(t, dst) {
		t.Errorf("the same change signed with the instance's key: %v", err)
	}
}

// legacyArchive wraps a pg_dump of dsn as a format 1 archive (what
// Planboard wrote before archives were signed and data only).
func legacyArchive(t *testing.T, dsn string) (archive []byte, dumpFile string) {
	t.Helper()
	dumpFile = filepath.Join(t.TempDir(), "db.dump")
	if out, err := exec.Command(tool(t, "pg_dump"), "--format=custom", "--file="+dumpFile, "--dbname="+dsn).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v: %s", err, out)
	}
	raw, _ := os.ReadFile(dumpFile)
	sum := sha256.Sum256(raw)
	man := []byte(`{"application": "planboard", "format": 1, "dump_size": ` + strconv.Itoa(len(raw)) + `, "dump_sha256": "` + hex.EncodeToString(sum[:]) + `"}`)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range []struct {
		name string
		body []byte
	}{{manifestName, man}, {"db.dump", raw}} {
		tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o600, Size: int64(len(e.body)), Typeflag: tar.TypeReg})
		tw.Write(e.body)
	}
	tw.Close()
	return buf.Bytes(), dumpFile
}

// TestRestoreRunsNoSQLFromArchive: a database whose founders table has a
// CHECK calling a function that runs COPY ... TO PROGRAM (as the database
// server's operating-system user). pg_restore of its dump runs the
// program (the marker file appears); Planboard's restore refuses such an
// archive (format 1), and its own archive of that database restores the
// rows without the function or the CHECK: the marker never appears.
func TestRestoreRunsNoSQLFromArchive(t *testing.T) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "pbmark") // not under t.TempDir: its parent is private
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o777) // the database server's user writes the marker
	marker := filepath.Join(dir, "pwned")
	src := demoDSN(t)
	if _, err := open(t, src).ExecContext(ctx, `CREATE FUNCTION public.pb_evil(path text) RETURNS boolean LANGUAGE plpgsql AS $$
		BEGIN EXECUTE format('COPY (SELECT 1) TO PROGRAM %L', 'touch ' || path); RETURN true; END $$;
		ALTER TABLE public.founders ADD CONSTRAINT pb_evil CHECK (public.pb_evil('`+marker+`'))`); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Skipf("the test database cannot run programs: %v", err)
	}
	os.Remove(marker)

	legacy, dumpFile := legacyArchive(t, src)
	// The payload is live: pg_restore runs it.
	scratch := pgtest.DSN(t)
	open(t, scratch).ExecContext(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
	exec.Command(tool(t, "pg_restore"), "--no-owner", "--dbname="+scratch, dumpFile).Run() //nolint:errcheck // only its side effect counts
	if _, err := os.Stat(marker); err != nil {
		t.Fatalf("pg_restore of the dump did not run the program: %v", err)
	}
	os.Remove(marker)

	dst := pgtest.DSN(t)
	if err := restore(t, legacy, dst, true); err == nil || !strings.Contains(err.Error(), "format 1") {
		t.Errorf("restore of a format 1 archive: %v, want a refusal", err)
	}
	if err := restore(t, dump(t, src), dst, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("restore ran a program of the archive's database")
	}
	var fns, checks, founders int
	if err := open(t, dst).QueryRow(`SELECT (SELECT count(*) FROM pg_proc WHERE proname = 'pb_evil'),
		(SELECT count(*) FROM pg_constraint WHERE conname = 'pb_evil'), (SELECT count(*) FROM founders)`).Scan(&fns, &checks, &founders); err != nil {
		t.Fatal(err)
	}
	if fns != 0 || checks != 0 || founders == 0 {
		t.Errorf("after the restore: %d evil functions, %d evil checks, %d founders", fns, checks, founders)
	}
}

// TestRestoreAsRoleThatCannotRunPrograms: dump and restore work as a role
// that owns its databases but is neither a superuser nor allowed to run
// programs (what docs/security.md asks of PLANBOARD_DATABASE_URL), and
// restore warns about a role that can.
func TestRestoreAsRoleThatCannotRunPrograms(t *testing.T) {
	ctx := context.Background()
	admin := open(t, pgtest.DSN(t))
	cfg, err := pgx.ParseConfig(pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	role := fmt.Sprintf("pb_owner_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, "CREATE ROLE "+role+" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"); err != nil {
		t.Fatal(err)
	}
	dsnOf := func(db string) string {
		return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", cfg.Host, cfg.Port, role, db)
	}
	var dbs []string
	t.Cleanup(func() {
		for _, db := range dbs {
			admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)")
		}
		admin.ExecContext(ctx, "DROP ROLE IF EXISTS "+role)
	})
	for _, db := range []string{role + "_src", role + "_dst"} {
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+db+" OWNER "+role+" TEMPLATE template0"); err != nil {
			t.Fatal(err)
		}
		dbs = append(dbs, db)
	}
	src, dst := dsnOf(dbs[0]), dsnOf(dbs[1])
	sdb, err := storage.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storage.Migrate(ctx, sdb); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.New(sdb).LoadDemo(ctx, storage.DemoOptions{PasswordHash: "x", Now: at}); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	archive := dump(t, src)
	a, err := Open(bytes.NewReader(archive), "", testKey)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	known, _ := storage.KnownMigrations()
	var warned []string
	o := RestoreOptions{DSN: dst, Known: known, Now: at, Warn: func(s string) { warned = append(warned, s) }}
	if err := Restore(ctx, a, o); err != nil {
		t.Fatalf("restore as %s: %v", role, err)
	}
	equalSums(t, "restored as a plain owner", pgtest.Checksums(t, open(t, dst)), pgtest.Checksums(t, open(t, src)))
	if len(warned) != 0 {
		t.Errorf("restore as a role that cannot run programs warned: %q", warned)
	}
	// The superuser the tests use is warned about.
	o.DSN, o.Force = pgtest.DSN(t), true
	if err := Restore(ctx, a, o); err != nil || len(warned) != 1 || !strings.Contains(warned[0], "can run programs") {
		t.Errorf("restore as a superuser: %v, warnings %q", err, warned)
	}
}
