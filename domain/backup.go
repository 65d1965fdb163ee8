package domain

import "time"

// BackupRun is one daily backup: claimed by a replica, then finished with
// a file or an error.
type BackupRun struct {
	Day        Date
	StartedAt  time.Time
	FinishedAt time.Time // zero while it runs
	Host       string
	File       string
	Size       int64
	Error      string
}

// OK reports whether the run finished without error.
func (r BackupRun) OK() bool { return !r.FinishedAt.IsZero() && r.Error == "" }

// BackupStatus is what /admin and /metrics show: the latest run and the
// latest one that succeeded (zero values when there is none).
type BackupStatus struct {
	Last   BackupRun
	LastOK BackupRun
}
