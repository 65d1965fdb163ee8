-- Founder oversight: plan approval records, progress reports with frozen
-- rows (columns 5a/5b as of a date), published report snapshots, and
-- per-user calendar feed tokens.

-- One row per submit / approve / return of a plan. The latest "approved" row
-- is what the «УТВЕРЖДАЮ» header prints; name and position are copied so the
-- header does not change when the person's profile does.
CREATE TABLE plan_approvals (
    id              bigserial PRIMARY KEY,
    plan_id         bigint NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    institution_id  bigint NOT NULL REFERENCES institutions(id),
    action          text NOT NULL CHECK (action IN ('submitted', 'approved', 'returned')),
    actor_id        bigint REFERENCES users(id) ON DELETE SET NULL,
    actor_name      text NOT NULL DEFAULT '',
    actor_position  text NOT NULL DEFAULT '',
    remarks         text NOT NULL DEFAULT '' CHECK (length(remarks) <= 5000),
    on_date         date NOT NULL,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_approvals_plan_idx ON plan_approvals (plan_id, id);

-- An institution may choose that changes after approval (items added or
-- removed, deadlines moved) need the founder's approval again.
ALTER TABLE institutions ADD COLUMN reapproval_required boolean NOT NULL DEFAULT false;

CREATE TABLE progress_reports (
    id              bigserial PRIMARY KEY,
    plan_id         bigint NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    institution_id  bigint NOT NULL REFERENCES institutions(id),
    period          text NOT NULL CHECK (period IN ('q1', 'q2', 'q3', 'q4', 'h1', 'year')),
    as_of           date NOT NULL,
    status          text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'returned')),
    remarks         text NOT NULL DEFAULT '' CHECK (length(remarks) <= 5000),
    submitted_by    bigint REFERENCES users(id) ON DELETE SET NULL,
    submitted_at    timestamptz NOT NULL DEFAULT now(),
    decided_by      bigint REFERENCES users(id) ON DELETE SET NULL,
    decided_at      timestamptz
);
CREATE INDEX progress_reports_plan_idx ON progress_reports (plan_id, id);
-- One open (submitted or accepted) report per plan and period.
CREATE UNIQUE INDEX progress_reports_period_key ON progress_reports (plan_id, period) WHERE status <> 'returned';

-- Columns 5a/5b of every item frozen at submission.
CREATE TABLE progress_report_rows (
    report_id     bigint NOT NULL REFERENCES progress_reports(id) ON DELETE CASCADE,
    item_id       bigint NOT NULL,
    section       text NOT NULL,
    position      integer NOT NULL,
    measure       text NOT NULL,
    status        text NOT NULL,
    implemented   text NOT NULL DEFAULT '',
    completed_on  date,
    PRIMARY KEY (report_id, item_id)
);

-- The public report is a snapshot: the director publishes (and may
-- republish); the newest version per plan is served. data holds only the
-- fields chosen for the public (see docs/public-report.md).
CREATE TABLE plan_publications (
    id              bigserial PRIMARY KEY,
    plan_id         bigint NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    institution_id  bigint NOT NULL REFERENCES institutions(id),
    year            integer NOT NULL,
    version         integer NOT NULL,
    data            jsonb NOT NULL,
    published_by    bigint REFERENCES users(id) ON DELETE SET NULL,
    published_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, version)
);
CREATE INDEX plan_publications_public_idx ON plan_publications (institution_id, year, version DESC);

-- The secret of a user's iCalendar feed: only its hash is kept, so the
-- URL cannot be read back from the database; regenerating revokes the old one.
CREATE TABLE calendar_tokens (
    user_id     bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
