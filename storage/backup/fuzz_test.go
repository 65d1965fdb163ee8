package backup

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// smallArchive is a valid archive of one table "t" holding entry.
func smallArchive(t testing.TB, entry []byte) []byte {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t"), entry, 0o600)
	sum := sha256.Sum256(entry)
	m := Manifest{Application: Application, Format: Format, SchemaVersion: "0001_core", Migrations: []string{"0001_core"},
		CreatedAt: time.Date(2027, 3, 14, 3, 0, 0, 0, time.UTC), DumpSize: int64(len(entry)),
		Tables: []Table{{Name: "t", Columns: []string{"id"}, Size: int64(len(entry)), SHA256: hex.EncodeToString(sum[:])}}}
	var buf bytes.Buffer
	if err := writeArchive(&buf, testKey, m, dir); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzOpenArchive: Open never panics on any bytes, and whatever it
// accepts carries the key's signature and entries as its manifest says.
func FuzzOpenArchive(f *testing.F) {
	good := smallArchive(f, []byte("1\n2\n"))
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PGDMP"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Open(bytes.NewReader(data), t.TempDir(), testKey)
		if err != nil {
			return
		}
		defer a.Close()
		for _, e := range a.Manifest.Tables {
			if !tableName.MatchString(e.Name) {
				t.Fatalf("accepted a table named %q", e.Name)
			}
		}
	})
}

// FuzzOpenSignedManifest: a manifest signed with the key (as only the
// instance makes them) but otherwise anything: Open refuses what does not
// fit, never panics, never writes outside its folder.
func FuzzOpenSignedManifest(f *testing.F) {
	f.Add([]byte(`{"application":"planboard","format":2,"tables":[{"name":"t","size":2,"sha256":"x"}]}`), []byte("1\n"))
	f.Add([]byte(`{"application":"planboard","format":2,"tables":[{"name":"../../etc/passwd","size":2}]}`), []byte("1\n"))
	f.Add([]byte(`{"application":"planboard","format":2,"tables":[{"name":"t","size":-1}]}`), []byte(""))
	f.Fuzz(func(t *testing.T, manifest, entry []byte) {
		var m Manifest
		name := "t"
		if json.Unmarshal(manifest, &m) == nil && len(m.Tables) > 0 {
			name = m.Tables[0].Name
		}
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		sig := []byte(testKey.sign(manifest))
		for _, e := range []struct {
			name string
			body []byte
		}{{manifestName, manifest}, {signatureName, sig}, {dataDir + name, entry}} {
			if tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o600, Size: int64(len(e.body)), Typeflag: tar.TypeReg}) != nil {
				return
			}
			tw.Write(e.body)
		}
		tw.Close()
		parent := t.TempDir()
		a, err := Open(&buf, parent, testKey)
		if err == nil {
			a.Close()
		}
		entries, _ := os.ReadDir(parent)
		if len(entries) != 0 {
			t.Fatalf("Open left %d files in its parent folder", len(entries))
		}
	})
}
