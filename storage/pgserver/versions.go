package pgserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// DefaultBinRoot is where Debian and Ubuntu install each PostgreSQL major
// version side by side: /usr/lib/postgresql/<major>/bin.
const DefaultBinRoot = "/usr/lib/postgresql"

// Install is one installed PostgreSQL major version.
type Install struct {
	Major  int
	BinDir string
}

// Installed lists the PostgreSQL server installations under root (empty:
// DefaultBinRoot), newest first.
func Installed(root string) []Install {
	if root == "" {
		root = DefaultBinRoot
	}
	matches, _ := filepath.Glob(filepath.Join(root, "*", "bin", "postgres"))
	var out []Install
	for _, m := range matches {
		if n := pgMajor(m); n > 0 {
			out = append(out, Install{Major: n, BinDir: filepath.Dir(m)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Major > out[j].Major })
	return out
}

// DataMajor reads the major version that made the cluster in dir
// (its PG_VERSION file); 0 and no error when dir holds no cluster yet.
func DataMajor(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, "PG_VERSION"))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s: PG_VERSION holds %q, not a PostgreSQL major version", dir, strings.TrimSpace(string(b)))
	}
	return n, nil
}

// VersionError says that the data folder was made by a PostgreSQL major
// version that is not installed. Its message is one line saying what to do.
type VersionError struct {
	Dir       string
	DataMajor int // made the folder
	Newest    int // newest installed
}

// NeedsUpgrade is true when a newer major version is installed: the data
// folder can be moved to it with `planboard db upgrade`.
func (e *VersionError) NeedsUpgrade() bool { return e.Newest > e.DataMajor }

func (e *VersionError) Error() string {
	if e.NeedsUpgrade() {
		return fmt.Sprintf("the data folder %s was made by PostgreSQL %d, but only PostgreSQL %d is installed: run `planboard db upgrade` to move it to %d (the old folder is kept)",
			e.Dir, e.DataMajor, e.Newest, e.Newest)
	}
	return fmt.Sprintf("the data folder %s was made by PostgreSQL %d, newer than the installed %d: install the PostgreSQL %d server (apt-get install postgresql-%d)",
		e.Dir, e.DataMajor, e.Newest, e.DataMajor, e.DataMajor)
}

// binDirFor picks the binaries for the cluster in dir: the installed major
// version that made it; the newest one for a new cluster. A folder whose
// version is not installed gets a *VersionError.
func binDirFor(dir, root string) (string, error) {
	installs := Installed(root)
	if len(installs) == 0 {
		// Not the Debian layout: whatever postgres is on PATH (it refuses a
		// folder of another major version itself).
		return FindBinDir()
	}
	major, err := DataMajor(dir)
	if err != nil {
		return "", err
	}
	if major == 0 {
		return installs[0].BinDir, nil
	}
	for _, in := range installs {
		if in.Major == major {
			return in.BinDir, nil
		}
	}
	return "", &VersionError{Dir: dir, DataMajor: major, Newest: installs[0].Major}
}

var versionRe = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// BinaryMajor asks the binaries in binDir for their major version
// (postgres --version).
func BinaryMajor(ctx context.Context, binDir string) (int, error) {
	out, err := exec.CommandContext(ctx, filepath.Join(binDir, "postgres"), "--version").Output()
	if err != nil {
		return 0, fmt.Errorf("%s/postgres --version: %w", binDir, err)
	}
	m := versionRe.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("%s/postgres --version: unexpected answer %q", binDir, strings.TrimSpace(string(out)))
	}
	return strconv.Atoi(string(m[1]))
}

// FindTool finds a PostgreSQL client program (pg_dump, pg_restore): in the
// newest installation under root (empty: DefaultBinRoot), else on PATH. A
// newer pg_dump reads an older server; an older one refuses a newer server.
func FindTool(root, name string) (string, error) {
	if root == "" {
		root = DefaultBinRoot
	}
	matches, _ := filepath.Glob(filepath.Join(root, "*", "bin", name))
	sort.Slice(matches, func(i, j int) bool { return pgMajor(matches[i]) > pgMajor(matches[j]) })
	if len(matches) > 0 {
		return matches[0], nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s not found: install the PostgreSQL client (apt-get install postgresql-client)", name)
}
