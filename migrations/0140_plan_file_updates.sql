-- Updates of a plan from a file (docs/plan-files.md): one row per applied
-- update, listed in «Журнал плана» with the file's name, holding the
-- replaced items as they were before (snapshot) and the items the update
-- added, so the plan's previous version can be restored from the log.
CREATE TABLE plan_file_updates (
    id             bigserial PRIMARY KEY,
    plan_id        bigint NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    at             timestamptz NOT NULL,
    actor_id       bigint REFERENCES users(id) ON DELETE SET NULL,
    actor_name     text NOT NULL DEFAULT '',
    file_name      text NOT NULL DEFAULT '',
    snapshot       jsonb NOT NULL DEFAULT '[]',
    added_ids      bigint[] NOT NULL DEFAULT '{}',
    restored_at    timestamptz,
    restored_name  text NOT NULL DEFAULT ''
);
CREATE INDEX plan_file_updates_plan ON plan_file_updates (plan_id, id);

CREATE CONSTRAINT TRIGGER pb_rev AFTER INSERT OR UPDATE OR DELETE ON plan_file_updates
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pb_rev_institution_id();
