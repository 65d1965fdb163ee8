-- The site audit (docs/site-audit.md): each institution's official site on
-- record, the audit's runs with their findings, and what the director marked
-- as present although the audit did not find it.

-- One row per institution with a site. requested_at: a run is wanted
-- («Проверить сейчас» or the monthly schedule); lease_until: a replica is
-- running it until then (one run per site at a time across replicas).
CREATE TABLE institution_sites (
    institution_id  bigint PRIMARY KEY REFERENCES institutions(id) ON DELETE CASCADE,
    url             text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    updated_by      bigint REFERENCES users(id) ON DELETE SET NULL,
    updated_at      timestamptz NOT NULL,
    requested_at    timestamptz,
    lease_until     timestamptz
);
CREATE INDEX institution_sites_requested_idx ON institution_sites (requested_at) WHERE requested_at IS NOT NULL;

-- Every run, kept: outcome 'ok' (findings valid) or the reason it failed
-- (outcome_detail fills the message's blank). findings and pages are JSON
-- written and read by storage/siteaudit.go; the estimates are copies for
-- the founder's sorting.
CREATE TABLE site_audit_runs (
    id              bigserial PRIMARY KEY,
    institution_id  bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    url             text NOT NULL,
    started_at      timestamptz NOT NULL,
    duration_ms     bigint NOT NULL DEFAULT 0,
    pages           integer NOT NULL DEFAULT 0,
    outcome         text NOT NULL,
    outcome_detail  text NOT NULL DEFAULT '',
    estimate_12     double precision,
    site_found      integer,
    site_required   integer,
    site_version    boolean,
    report          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX site_audit_runs_institution_idx ON site_audit_runs (institution_id, started_at DESC, id DESC);

-- «есть, но не найдено автоматически»: kept across runs until removed.
CREATE TABLE site_check_overrides (
    institution_id  bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    check_key       text NOT NULL,
    url             text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    created_by      bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (institution_id, check_key)
);

-- A run changes the founder dashboard's site column: count it in the
-- institution's change counter (0125_perf.sql), so kept pages refresh.
CREATE CONSTRAINT TRIGGER pb_rev AFTER INSERT OR UPDATE OR DELETE ON site_audit_runs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pb_rev_institution_id();
