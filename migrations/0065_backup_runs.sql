-- Daily backups (PLANBOARD_BACKUP_DIR): one row per day. The replica that
-- inserts the day's row makes the dump, so several replicas make one a
-- day; the row keeps the result for /admin and /metrics.
CREATE TABLE backup_runs (
    day          date PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    host         text NOT NULL DEFAULT '',
    file         text NOT NULL DEFAULT '',
    size         bigint NOT NULL DEFAULT 0,
    error        text NOT NULL DEFAULT ''
);
