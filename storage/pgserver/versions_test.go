package pgserver

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRoot is a BinRoot in a temporary folder whose major versions are
// links to the one really installed, so that a "newer" version can be
// installed beside it and taken away again.
type fakeRoot struct {
	t    *testing.T
	dir  string
	real Install
}

func newFakeRoot(t *testing.T) *fakeRoot {
	t.Helper()
	installs := Installed("")
	if len(installs) == 0 {
		t.Skip("no PostgreSQL installed under " + DefaultBinRoot)
	}
	dir, err := os.MkdirTemp("", "pgroot")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // the postgres user runs the binaries through it
		t.Fatal(err)
	}
	return &fakeRoot{t: t, dir: dir, real: installs[0]}
}

// install makes major look installed (the real binaries under its number).
func (r *fakeRoot) install(major int) {
	r.t.Helper()
	if err := os.Symlink(filepath.Dir(r.real.BinDir), filepath.Join(r.dir, fmt.Sprint(major))); err != nil {
		r.t.Fatal(err)
	}
}

func (r *fakeRoot) remove(major int) {
	r.t.Helper()
	if err := os.Remove(filepath.Join(r.dir, fmt.Sprint(major))); err != nil {
		r.t.Fatal(err)
	}
}

func dataDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pbpg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "postgres")
}

func count(t *testing.T, s *Server) int {
	t.Helper()
	db, err := sql.Open("pgx", s.DSN("planboard"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM kept").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMajorVersions: the cluster runs on the binaries of the major version
// that made it, even when a newer one is installed; with only a newer one,
// Start refuses with one line naming `planboard db upgrade`, touching
// nothing; Upgrade moves the data to the newer version and keeps the old
// folder. Only one major version is really installed here, so the newer one
// is the same binaries under a higher number.
func TestMajorVersions(t *testing.T) {
	ctx := context.Background()
	root := newFakeRoot(t)
	cur, next := root.real.Major, root.real.Major+1
	root.install(cur)
	dir := dataDir(t)
	s, err := Start(ctx, Options{Dir: dir, BinRoot: root.dir, Fast: true})
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", s.DSN("planboard"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE kept (id int PRIMARY KEY, body text); INSERT INTO kept SELECT g, md5(g::text) FROM generate_series(1, 500) g"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}

	root.install(next)
	s, err = Start(ctx, Options{Dir: dir, BinRoot: root.dir, Fast: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root.dir, fmt.Sprint(cur), "bin"); s.BinDir() != want {
		t.Errorf("runs %s, want the binaries that made the folder, %s", s.BinDir(), want)
	}
	s.Stop()

	root.remove(cur)
	_, err = Start(ctx, Options{Dir: dir, BinRoot: root.dir, Fast: true})
	var ve *VersionError
	if !errors.As(err, &ve) || !ve.NeedsUpgrade() || strings.Contains(err.Error(), "\n") ||
		!strings.Contains(err.Error(), "planboard db upgrade") || !strings.Contains(err.Error(), fmt.Sprintf("PostgreSQL %d", cur)) {
		t.Fatalf("start with only a newer major installed: %v, want one line naming planboard db upgrade", err)
	}
	if _, err := Upgrade(ctx, UpgradeOptions{Dir: dir, BinRoot: root.dir}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("postgresql-%d", cur)) {
		t.Errorf("upgrade without the old binaries: %v, want a message saying to install them", err)
	}
	if m, _ := DataMajor(dir); m != cur {
		t.Fatalf("the refused folder changed: PG_VERSION %d", m)
	}

	root.install(cur)
	res, err := Upgrade(ctx, UpgradeOptions{Dir: dir, BinRoot: root.dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.From != cur || res.To != next || res.OldDir != dir+fmt.Sprintf(".old-%d", cur) {
		t.Errorf("upgrade result %+v", res)
	}
	if _, err := os.Stat(filepath.Join(res.OldDir, "PG_VERSION")); err != nil {
		t.Errorf("old folder not kept: %v", err)
	}
	if _, err := os.Stat(dir + fmt.Sprintf(".new-%d", next)); !os.IsNotExist(err) {
		t.Errorf("the temporary new folder is left behind: %v", err)
	}
	s, err = Start(ctx, Options{Dir: dir, BinRoot: root.dir, Fast: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if n := count(t, s); n != 500 {
		t.Errorf("rows after the upgrade = %d, want 500", n)
	}
}

// TestNewerDataFolder: a folder made by a major version newer than any
// installed is refused with a line saying which server to install.
func TestNewerDataFolder(t *testing.T) {
	if len(Installed("")) == 0 {
		t.Skip("no PostgreSQL installed")
	}
	dir := dataDir(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "PG_VERSION"), []byte("99\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Start(context.Background(), Options{Dir: dir})
	var ve *VersionError
	if !errors.As(err, &ve) || ve.NeedsUpgrade() || !strings.Contains(err.Error(), "postgresql-99") {
		t.Errorf("start on a PostgreSQL 99 folder: %v", err)
	}
}
