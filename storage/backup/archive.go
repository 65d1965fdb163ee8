// Package backup writes and reads Planboard's backup archive: a tar file
// holding manifest.json (what made it: Planboard and schema version, time,
// PostgreSQL version, every table's columns, size and SHA-256, the
// sequences), manifest.sig (the manifest's HMAC under the instance's backup
// key) and one entry per table: its rows as COPY text, gzipped, sealed with
// the key for the tables that hold secrets. The archive holds data only, no
// SQL: restore builds the schema from this binary's migrations and loads
// the rows into it. Reading checks the signature first and everything else
// before anything is restored, so a truncated, corrupt, changed or foreign
// archive is refused with nothing touched. See docs/security.md.
package backup

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

const (
	// Application names the archives this package writes.
	Application = "planboard"
	// Format is the archive layout version; a newer one is refused. Format
	// 1 (a pg_dump of the whole database, unsigned) is refused too.
	Format        = 2
	manifestName  = "manifest.json"
	signatureName = "manifest.sig"
	dataDir       = "data/"
	maxManifest   = 1 << 20
)

// Manifest describes an archive.
type Manifest struct {
	Application      string     `json:"application"`
	Format           int        `json:"format"`
	PlanboardVersion string     `json:"planboard_version"`
	SchemaVersion    string     `json:"schema_version"` // latest applied migration
	Migrations       []string   `json:"migrations"`     // every applied migration
	CreatedAt        time.Time  `json:"created_at"`
	PostgresVersion  string     `json:"postgres_version"`
	Database         string     `json:"database"`
	DumpSize         int64      `json:"dump_size"` // the table entries' bytes
	Tables           []Table    `json:"tables"`
	Sequences        []Sequence `json:"sequences"`
}

// Table is one table's entry: its rows in COPY text format with the
// columns in this order, gzipped (then sealed when Sealed).
type Table struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Sealed  bool     `json:"sealed,omitempty"`
	Size    int64    `json:"size"`
	SHA256  string   `json:"sha256"`
}

// Sequence is a sequence's state, as setval takes it.
type Sequence struct {
	Name   string `json:"name"`
	Value  int64  `json:"value"`
	Called bool   `json:"called"`
}

// CheckSchema refuses an archive of a schema newer than this binary knows
// (a migration it does not carry); an older one is fine (restore migrates).
func (m Manifest) CheckSchema(known []string) error {
	for _, v := range m.Migrations {
		if !slices.Contains(known, v) {
			latest := ""
			if len(known) > 0 {
				latest = known[len(known)-1]
			}
			return fmt.Errorf("the backup's schema (%s, Planboard %s) is newer than this Planboard knows (%s): restore it with Planboard %s or newer",
				m.SchemaVersion, m.PlanboardVersion, latest, m.PlanboardVersion)
		}
	}
	return nil
}

// writeArchive writes the tar: the manifest and its signature first (so
// that a reader knows what it holds, and that it may trust it, before the
// large part), then each table's entry from dir (named as the table).
func writeArchive(w io.Writer, key Key, m Manifest, dir string) error {
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tw := tar.NewWriter(w)
	put := func(name string, size int64, body io.Reader) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: m.CreatedAt, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
			return err
		}
		n, err := io.Copy(tw, body)
		if err == nil && n != size {
			err = fmt.Errorf("%s changed while archived: %d bytes, expected %d", name, n, size)
		}
		return err
	}
	sig := []byte(key.sign(mj))
	if err := put(manifestName, int64(len(mj)), bytes.NewReader(mj)); err != nil {
		return err
	}
	if err := put(signatureName, int64(len(sig)), bytes.NewReader(sig)); err != nil {
		return err
	}
	for _, t := range m.Tables {
		f, err := os.Open(filepath.Join(dir, t.Name))
		if err != nil {
			return err
		}
		err = put(dataDir+t.Name, t.Size, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return tw.Close()
}

// Archive is an opened, checked archive: its manifest, and its table
// entries unpacked into a temporary folder.
type Archive struct {
	Manifest Manifest
	key      Key
	dir      string
}

// Close removes the unpacked entries.
func (a *Archive) Close() error { return os.RemoveAll(a.dir) }

// ErrNotArchive is wrapped by every refusal of Open.
var ErrNotArchive = errors.New("not a usable Planboard backup")

// ErrNotSigned is wrapped by the refusal of an archive whose signature is
// not the key's: changed after it was made, or made by another instance.
var ErrNotSigned = errors.New("the archive is not signed with this instance's backup key")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotArchive, fmt.Sprintf(format, args...))
}

// Open reads and checks an archive: the manifest's signature must be key's
// (checked before the manifest is believed), the manifest Planboard's, of
// this format, and every entry complete with the recorded size and
// SHA-256. The entries are unpacked into a folder under tempDir (the
// system's when empty).
func Open(r io.Reader, tempDir string, key Key) (*Archive, error) {
	if !key.usable() {
		return nil, errors.New("no backup key: set PLANBOARD_BACKUP_KEY (see docs/security.md)")
	}
	tr := tar.NewReader(r)
	h, err := tr.Next()
	if err != nil {
		return nil, refuse("it is not a tar archive (%v)", err)
	}
	if h.Name != manifestName {
		return nil, refuse("it starts with %q, not %s (an archive of another program?)", h.Name, manifestName)
	}
	if h.Size > maxManifest {
		return nil, refuse("its manifest is %d bytes, too large", h.Size)
	}
	raw, err := io.ReadAll(tr)
	if err != nil {
		return nil, refuse("the archive is truncated in its manifest (%v)", err)
	}
	h, err = tr.Next()
	if err != nil {
		return nil, refuse("the archive is truncated: nothing after the manifest (%v)", err)
	}
	if h.Name == "db.dump" {
		return nil, refuse("it was made by a Planboard older than signed archives (format 1, a whole-database dump that restore would have to trust): restore it with that Planboard, upgrade, and make a new backup")
	}
	if h.Name != signatureName || h.Size > 1<<10 {
		return nil, refuse("it holds %q where the manifest's signature (%s) was expected", h.Name, signatureName)
	}
	sig, err := io.ReadAll(tr)
	if err != nil {
		return nil, refuse("the archive is truncated in its signature (%v)", err)
	}
	if !key.verify(raw, sig) {
		return nil, fmt.Errorf("%w: %w: it was changed after it was made, or another instance (or another PLANBOARD_BACKUP_KEY) made it", ErrNotArchive, ErrNotSigned)
	}
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, refuse("its manifest is not valid JSON (%v)", err)
	}
	if m.Application != Application {
		return nil, refuse("it is a backup of %q, not of Planboard", m.Application)
	}
	if m.Format != Format {
		return nil, refuse("archive format %d is not the one this Planboard reads (%d): use the Planboard that made it or a newer one", m.Format, Format)
	}
	dir, err := os.MkdirTemp(tempDir, "planboard-restore-")
	if err != nil {
		return nil, err
	}
	a := &Archive{Manifest: m, key: key, dir: dir}
	if err := a.unpack(tr); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// unpack copies every table's entry into the folder, checking its name,
// size and SHA-256 against the manifest.
func (a *Archive) unpack(tr *tar.Reader) error {
	seen := map[string]bool{}
	for _, t := range a.Manifest.Tables {
		if !tableName.MatchString(t.Name) || seen[t.Name] {
			return refuse("its manifest names a table %q", t.Name)
		}
		seen[t.Name] = true
		h, err := tr.Next()
		if err != nil {
			return refuse("the archive is truncated: no entry of table %s (%v)", t.Name, err)
		}
		if h.Name != dataDir+t.Name {
			return refuse("it holds %q where %s was expected", h.Name, dataDir+t.Name)
		}
		if h.Size != t.Size {
			return refuse("%s is %d bytes, the manifest says %d", h.Name, h.Size, t.Size)
		}
		f, err := os.OpenFile(filepath.Join(a.dir, t.Name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		sum := sha256.New()
		n, err := io.Copy(io.MultiWriter(f, sum), tr)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || (err == nil && n != t.Size) {
			return refuse("the archive is truncated: %s has %d of %d bytes", h.Name, n, t.Size)
		}
		if err != nil {
			return err
		}
		if got := hex.EncodeToString(sum.Sum(nil)); got != t.SHA256 {
			return refuse("the archive is corrupt: the SHA-256 of %s is %s, the manifest says %s", h.Name, got, t.SHA256)
		}
	}
	return nil
}
