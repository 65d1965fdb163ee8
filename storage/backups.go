package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type backupRunRow struct {
	bun.BaseModel `bun:"table:backup_runs"`
	Day           time.Time  `bun:"day,pk"`
	StartedAt     time.Time  `bun:"started_at"`
	FinishedAt    *time.Time `bun:"finished_at"`
	Host          string     `bun:"host"`
	File          string     `bun:"file"`
	Size          int64      `bun:"size"`
	Error         string     `bun:"error"`
}

func (r backupRunRow) domain() domain.BackupRun {
	b := domain.BackupRun{Day: domain.DateOf(r.Day.UTC()), StartedAt: r.StartedAt, Host: r.Host, File: r.File, Size: r.Size, Error: r.Error}
	if r.FinishedAt != nil {
		b.FinishedAt = *r.FinishedAt
	}
	return b
}

// ClaimBackup records that host makes the backup of day and reports
// whether it won: false when another replica has made it, is making it
// (started less than lease ago) or failed less than retry ago.
func (s *Store) ClaimBackup(ctx context.Context, day domain.Date, host string, now time.Time, lease, retry time.Duration) (bool, error) {
	var got time.Time
	err := s.db.NewRaw(`INSERT INTO backup_runs (day, started_at, host) VALUES (?, ?, ?)
		ON CONFLICT (day) DO UPDATE SET started_at = EXCLUDED.started_at, host = EXCLUDED.host,
			finished_at = NULL, file = '', size = 0, error = ''
		WHERE (backup_runs.finished_at IS NULL AND backup_runs.started_at < ?)
		   OR (backup_runs.error <> '' AND backup_runs.finished_at < ?)
		RETURNING day`, nullDate(day), now, host, now.Add(-lease), now.Add(-retry)).Scan(ctx, &got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// FinishBackup records the outcome of the day's backup: the file and its
// size, or the error.
func (s *Store) FinishBackup(ctx context.Context, day domain.Date, now time.Time, file string, size int64, errMsg string) error {
	_, err := s.db.NewUpdate().Table("backup_runs").
		Set("finished_at = ?, file = ?, size = ?, error = ?", now, file, size, errMsg).
		Where("day = ?", nullDate(day)).Exec(ctx)
	return err
}

// BackupStatus returns the latest backup and the latest good one.
func (s *Store) BackupStatus(ctx context.Context) (domain.BackupStatus, error) {
	var st domain.BackupStatus
	var last, ok []backupRunRow
	if err := s.db.NewSelect().Model(&last).Order("started_at DESC").Limit(1).Scan(ctx); err != nil {
		return st, err
	}
	if err := s.db.NewSelect().Model(&ok).Where("finished_at IS NOT NULL AND error = ''").Order("finished_at DESC").Limit(1).Scan(ctx); err != nil {
		return st, err
	}
	if len(last) > 0 {
		st.Last = last[0].domain()
	}
	if len(ok) > 0 {
		st.LastOK = ok[0].domain()
	}
	return st, nil
}
