package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"planboard/storage/backup"
)

// backupKey is the key that signs backups and seals their secrets
// (docs/security.md): PLANBOARD_BACKUP_KEY when set, else the file
// PLANBOARD_BACKUP_KEY_FILE (default DATA_DIR/backup.key). A dump creates
// the file when there is none (create); a restore never does: it needs the
// key of the instance that made the archive. It is never in an archive.
func backupKey(e *env, create bool) (backup.Key, error) {
	if e.cfg.BackupKey != "" {
		k, err := backup.ParseKey(e.cfg.BackupKey)
		if err != nil {
			return k, &configError{"PLANBOARD_BACKUP_KEY", err.Error()}
		}
		return k, nil
	}
	path := e.cfg.BackupKeyFile
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		raw, err = newKeyFile(path)
		if err == nil {
			e.log.Warn("made a new backup key: keep a copy of it apart from the backups, restore needs it", "file", path)
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return backup.Key{}, fmt.Errorf("no backup key: %s does not exist; set PLANBOARD_BACKUP_KEY or PLANBOARD_BACKUP_KEY_FILE to the key of the instance that made the archive (by default its data folder's backup.key)", path)
	}
	if err != nil {
		return backup.Key{}, &configError{"PLANBOARD_BACKUP_KEY_FILE", err.Error()}
	}
	k, err := backup.ParseKey(string(raw))
	if err != nil {
		return k, &configError{"PLANBOARD_BACKUP_KEY_FILE", path + ": " + err.Error()}
	}
	return k, nil
}

// newKeyFile writes a fresh key to path, readable by its owner only; a
// file another process wrote meanwhile wins.
func newKeyFile(path string) ([]byte, error) {
	text, err := backup.NewKeyText()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	_, err = f.WriteString(text + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return []byte(text), nil
}
