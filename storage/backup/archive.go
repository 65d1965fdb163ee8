// Package backup writes and reads Planboard's backup archive: a tar file
// holding manifest.json (what made it: Planboard and schema version, time,
// PostgreSQL version, the dump's size and SHA-256) followed by db.dump, a
// pg_dump custom-format dump of the database (attachments included: they
// live in it). Reading checks everything before anything is restored, so a
// truncated, corrupt or foreign archive is refused with nothing touched.
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
	"slices"
	"time"
)

const (
	// Application names the archives this package writes.
	Application = "planboard"
	// Format is the archive layout version; a newer one is refused.
	Format       = 1
	manifestName = "manifest.json"
	dumpName     = "db.dump"
	maxManifest  = 1 << 20
)

// Manifest describes an archive.
type Manifest struct {
	Application      string    `json:"application"`
	Format           int       `json:"format"`
	PlanboardVersion string    `json:"planboard_version"`
	SchemaVersion    string    `json:"schema_version"` // latest applied migration
	Migrations       []string  `json:"migrations"`     // every applied migration
	CreatedAt        time.Time `json:"created_at"`
	PostgresVersion  string    `json:"postgres_version"`
	Database         string    `json:"database"`
	DumpSize         int64     `json:"dump_size"`
	DumpSHA256       string    `json:"dump_sha256"`
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

// writeArchive writes the tar: the manifest first (so that a reader knows
// what it holds before the large part), then the dump from dump.
func writeArchive(w io.Writer, m Manifest, dump io.Reader) error {
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tw := tar.NewWriter(w)
	hdr := func(name string, size int64) *tar.Header {
		return &tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: m.CreatedAt, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	}
	if err := tw.WriteHeader(hdr(manifestName, int64(len(mj)))); err != nil {
		return err
	}
	if _, err := tw.Write(mj); err != nil {
		return err
	}
	if err := tw.WriteHeader(hdr(dumpName, m.DumpSize)); err != nil {
		return err
	}
	if n, err := io.Copy(tw, dump); err != nil {
		return err
	} else if n != m.DumpSize {
		return fmt.Errorf("dump changed while archived: %d bytes, expected %d", n, m.DumpSize)
	}
	return tw.Close()
}

// Archive is an opened, checked archive: its manifest, and its dump
// unpacked into a temporary file.
type Archive struct {
	Manifest Manifest
	dumpPath string
}

// Close removes the unpacked dump.
func (a *Archive) Close() error { return os.Remove(a.dumpPath) }

// DumpPath is the unpacked pg_dump file.
func (a *Archive) DumpPath() string { return a.dumpPath }

// ErrNotArchive is wrapped by every refusal of Open.
var ErrNotArchive = errors.New("not a usable Planboard backup")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotArchive, fmt.Sprintf(format, args...))
}

// Open reads and checks an archive: the manifest must be Planboard's, of a
// known format, and the dump complete with the recorded size and SHA-256.
// The dump is unpacked into tempDir (the system's when empty).
func Open(r io.Reader, tempDir string) (*Archive, error) {
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
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, refuse("its manifest is not valid JSON (%v)", err)
	}
	if m.Application != Application {
		return nil, refuse("it is a backup of %q, not of Planboard", m.Application)
	}
	if m.Format < 1 || m.Format > Format {
		return nil, refuse("archive format %d is newer than this Planboard reads (%d): use a newer Planboard", m.Format, Format)
	}
	h, err = tr.Next()
	if err != nil {
		return nil, refuse("the archive is truncated: no %s after the manifest (%v)", dumpName, err)
	}
	if h.Name != dumpName {
		return nil, refuse("it holds %q where %s was expected", h.Name, dumpName)
	}
	if h.Size != m.DumpSize {
		return nil, refuse("%s is %d bytes, the manifest says %d", dumpName, h.Size, m.DumpSize)
	}
	f, err := os.CreateTemp(tempDir, "planboard-restore-*.dump")
	if err != nil {
		return nil, err
	}
	a := &Archive{Manifest: m, dumpPath: f.Name()}
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, sum), tr)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || n != m.DumpSize {
		a.Close()
		if errors.Is(err, io.ErrUnexpectedEOF) || n != m.DumpSize {
			return nil, refuse("the archive is truncated: %s has %d of %d bytes", dumpName, n, m.DumpSize)
		}
		return nil, err
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != m.DumpSHA256 {
		a.Close()
		return nil, refuse("the archive is corrupt: the SHA-256 of %s is %s, the manifest says %s", dumpName, got, m.DumpSHA256)
	}
	if err := checkDumpHeader(a.dumpPath); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// checkDumpHeader makes sure the dump is a pg_dump custom-format file.
func checkDumpHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	magic := make([]byte, 5)
	if _, err := io.ReadFull(f, magic); err != nil || !bytes.Equal(magic, []byte("PGDMP")) {
		return refuse("%s is not a pg_dump custom-format dump", dumpName)
	}
	return nil
}
