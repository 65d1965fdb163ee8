package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"planboard/domain"
	"planboard/storage"
)

// backupCheckEvery is how often serve looks whether the day's backup is
// due: the first look of each day (PLANBOARD_TZ) makes it.
const backupCheckEvery = 10 * time.Minute

// backupJob makes the daily dump into PLANBOARD_BACKUP_DIR and keeps the
// last PLANBOARD_BACKUP_KEEP. Every replica runs it; the day's row in
// backup_runs goes to one of them.
type backupJob struct {
	e     *env
	d     *database
	store *storage.Store
	host  string
	now   func() time.Time
}

func newBackupJob(e *env, d *database, store *storage.Store) (*backupJob, error) {
	if err := os.MkdirAll(e.cfg.BackupDir, 0o700); err != nil {
		return nil, &configError{"PLANBOARD_BACKUP_DIR", err.Error()}
	}
	if _, err := backupKey(e, true); err != nil { // a bad key stops serve at start, not the first backup
		return nil, err
	}
	host, _ := os.Hostname()
	return &backupJob{e: e, d: d, store: store, host: host, now: e.now}, nil
}

// backupName is the daily archive's file name: UTC time, so names sort in
// time order.
var backupName = regexp.MustCompile(`^planboard-\d{8}-\d{6}\.tar$`)

// runIfDue makes the backup of now's day unless it is made, being made, or
// failed within the hour (then it is tried again). It returns the file
// written, "" when it was not this process's turn.
func (b *backupJob) runIfDue(ctx context.Context, now time.Time) (string, error) {
	day := domain.DateOf(now.In(b.e.cfg.TZ))
	won, err := b.store.ClaimBackup(ctx, day, b.host, now, time.Hour, time.Hour)
	if err != nil || !won {
		return "", err
	}
	path := filepath.Join(b.e.cfg.BackupDir, "planboard-"+now.UTC().Format("20060102-150405")+".tar")
	_, derr := dumpTo(ctx, b.e, b.d, path, now)
	var size int64
	msg := ""
	if derr != nil {
		msg = derr.Error()
	} else if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	if err := b.store.FinishBackup(context.WithoutCancel(ctx), day, b.now(), path, size, msg); err != nil {
		return path, err
	}
	if derr != nil {
		return "", derr
	}
	return path, b.prune()
}

// prune deletes all but the newest PLANBOARD_BACKUP_KEEP daily archives;
// other files in the folder are never touched.
func (b *backupJob) prune() error {
	entries, err := os.ReadDir(b.e.cfg.BackupDir)
	if err != nil {
		return err
	}
	var names []string
	for _, en := range entries {
		if en.Type().IsRegular() && backupName.MatchString(en.Name()) {
			names = append(names, en.Name())
		}
	}
	sort.Strings(names)
	for len(names) > b.e.cfg.BackupKeep {
		if err := os.Remove(filepath.Join(b.e.cfg.BackupDir, names[0])); err != nil {
			return err
		}
		names = names[1:]
	}
	return nil
}

// loop looks at start and then every backupCheckEvery.
func (b *backupJob) loop(ctx context.Context) {
	t := time.NewTicker(backupCheckEvery)
	defer t.Stop()
	for {
		if file, err := b.runIfDue(ctx, b.now()); err != nil && ctx.Err() == nil {
			b.e.log.Error("daily backup", "err", err)
		} else if file != "" {
			b.e.log.Info("daily backup written", "file", file)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
