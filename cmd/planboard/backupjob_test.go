package main

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"planboard/storage"
	"planboard/storage/pgtest"
)

// TestDailyBackup: two replicas look at the same moments; one of them makes
// the day's dump, the other skips; only the newest PLANBOARD_BACKUP_KEEP
// archives are kept, other files are left alone; a failed dump is recorded
// and tried again after an hour. Time is passed in, never read.
func TestDailyBackup(t *testing.T) {
	ctx := context.Background()
	dsn := urlDSN(pgtest.DSN(t))
	dir := tempDir(t, "pbB")
	cfg, err := loadConfig(envOf(map[string]string{"PLANBOARD_DATABASE_URL": dsn, "PLANBOARD_BACKUP_DIR": dir, "PLANBOARD_BACKUP_KEY": testBackupKey,
		"PLANBOARD_BACKUP_KEEP": "2", "PLANBOARD_TZ": "Asia/Novokuznetsk"}))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{cfg: cfg, log: discardLogger()}
	d, err := openDatabase(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	store := storage.New(d.db)
	if _, err := newBackupJob(e, d, store); err != nil {
		t.Fatal(err)
	}
	replica := func(host string, clock time.Time) *backupJob {
		return &backupJob{e: e, d: d, store: store, host: host, now: func() time.Time { return clock.Add(time.Minute) }}
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600)
	start := time.Date(2027, 1, 10, 18, 30, 0, 0, time.UTC) // 01:30 on the 11th in Novokuznetsk
	for i := 0; i < 3; i++ {
		now := start.Add(time.Duration(i) * 24 * time.Hour)
		file, err := replica("a", now).runIfDue(ctx, now)
		if err != nil || file == "" {
			t.Fatalf("day %d: replica a made %q, %v", i, file, err)
		}
		if !strings.Contains(file, now.UTC().Format("20060102-150405")) {
			t.Errorf("archive name %s lacks the time", file)
		}
		if file, err := replica("b", now.Add(10*time.Minute)).runIfDue(ctx, now.Add(10*time.Minute)); err != nil || file != "" {
			t.Errorf("day %d: replica b made %q, %v, want nothing (a made it)", i, file, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, en := range entries {
		names = append(names, en.Name())
	}
	sort.Strings(names)
	want := []string{"notes.txt", "planboard-20270111-183000.tar", "planboard-20270112-183000.tar"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("backup folder holds %v, want %v", names, want)
	}
	st, err := store.BackupStatus(ctx)
	if err != nil || !st.Last.OK() || st.Last.Host != "a" || st.Last.Size == 0 || st.Last.File != filepath.Join(dir, want[2]) {
		t.Errorf("status = %+v, %v", st, err)
	}

	// A dump that fails (the folder is gone, a file in its place) is
	// recorded, and tried again only after an hour.
	os.RemoveAll(dir)
	os.WriteFile(dir, []byte("not a folder"), 0o600)
	defer os.Remove(dir)
	now := start.Add(3 * 24 * time.Hour)
	if _, err := replica("a", now).runIfDue(ctx, now); err == nil {
		t.Fatal("a dump into a file's place succeeded")
	}
	st, _ = store.BackupStatus(ctx)
	if st.Last.OK() || st.Last.Error == "" || st.LastOK.File != filepath.Join(dir, want[2]) {
		t.Errorf("status after a failure = %+v", st)
	}
	if file, err := replica("b", now.Add(30*time.Minute)).runIfDue(ctx, now.Add(30*time.Minute)); file != "" || err != nil {
		t.Errorf("retry within the hour: %q %v", file, err)
	}
	if _, err := replica("b", now.Add(2*time.Hour)).runIfDue(ctx, now.Add(2*time.Hour)); err == nil {
		t.Errorf("retry after an hour was not attempted")
	}
	if st, _ := store.BackupStatus(ctx); st.Last.Host != "b" {
		t.Errorf("the retry was not claimed by b: %+v", st.Last)
	}
}
