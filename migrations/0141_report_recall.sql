-- A progress report can be recalled by the institution until the founder
-- decides (docs/trust.md): status 'recalled', kept for «Журнал плана», and
-- no longer holding its period.
ALTER TABLE progress_reports DROP CONSTRAINT progress_reports_status_check;
ALTER TABLE progress_reports ADD CONSTRAINT progress_reports_status_check
    CHECK (status IN ('submitted', 'accepted', 'returned', 'recalled'));
DROP INDEX progress_reports_period_key;
CREATE UNIQUE INDEX progress_reports_period_key ON progress_reports (plan_id, period) WHERE status NOT IN ('returned', 'recalled');
