package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupKey: PLANBOARD_BACKUP_KEY wins and must be long enough; else
// the key file, which a dump (create) makes once, readable by its owner
// only, and a restore never makes.
func TestBackupKey(t *testing.T) {
	dir := tempDir(t, "pbK")
	envWith := func(vars map[string]string) *env {
		cfg, err := loadConfig(envOf(vars))
		if err != nil {
			t.Fatal(err)
		}
		return &env{cfg: cfg, log: discardLogger()}
	}
	if _, err := backupKey(envWith(map[string]string{"PLANBOARD_DATA_DIR": dir, "PLANBOARD_BACKUP_KEY": "short"}), true); err == nil ||
		!strings.HasPrefix(err.Error(), "PLANBOARD_BACKUP_KEY: ") {
		t.Errorf("a short key: %v", err)
	}
	e := envWith(map[string]string{"PLANBOARD_DATA_DIR": dir})
	if _, err := backupKey(e, false); err == nil || !strings.Contains(err.Error(), "PLANBOARD_BACKUP_KEY_FILE") {
		t.Errorf("restore without a key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "backup.key")); err == nil {
		t.Error("restore made a key")
	}
	k1, err := backupKey(e, true)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "backup.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the key file: %v, %v", fi, err)
	}
	if k2, err := backupKey(e, true); err != nil || !k2.Equal(k1) {
		t.Errorf("the second dump's key differs: %v", err)
	}
	if k3, err := backupKey(envWith(map[string]string{"PLANBOARD_BACKUP_KEY_FILE": filepath.Join(dir, "backup.key")}), false); err != nil || !k3.Equal(k1) {
		t.Errorf("the key read through PLANBOARD_BACKUP_KEY_FILE differs: %v", err)
	}
	// serve with daily backups stops at start on a bad key.
	bad := envWith(map[string]string{"PLANBOARD_DATA_DIR": dir, "PLANBOARD_BACKUP_DIR": filepath.Join(dir, "b"), "PLANBOARD_BACKUP_KEY": "short"})
	if _, err := newBackupJob(bad, nil, nil); err == nil || !strings.Contains(err.Error(), "PLANBOARD_BACKUP_KEY") {
		t.Errorf("the daily backup with a short key: %v", err)
	}
}
