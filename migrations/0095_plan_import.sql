-- Plans from Word and Excel files (issue 15). Additive only: every new
-- column is nullable or has a default, so an older binary keeps working.

-- The «УТВЕРЖДАЮ» block of an imported file, as written: the approval the
-- plan already had on paper. NULL when the plan was not imported or the
-- file had none.
ALTER TABLE plans ADD COLUMN approval_text text
    CHECK (approval_text IS NULL OR length(approval_text) BETWEEN 1 AND 4000);

-- A responsible person named in column 4 who has no account: the name and
-- position as written, printed where the item has no assignee.
ALTER TABLE items ADD COLUMN responsible_name text NOT NULL DEFAULT ''
    CHECK (length(responsible_name) <= 1000);
ALTER TABLE items ADD COLUMN responsible_position text NOT NULL DEFAULT ''
    CHECK (length(responsible_position) <= 1000);

-- An uploaded file held between its preview and the confirmation, so the
-- confirmation re-reads the file the server was given rather than anything
-- the browser sends back. Only its uploader reads it, for one hour; the
-- confirmation consumes it.
CREATE TABLE plan_imports (
    id              bigserial PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    institution_id  bigint REFERENCES institutions(id) ON DELETE CASCADE, -- NULL for a template
    plan_id         bigint REFERENCES plans(id) ON DELETE CASCADE,        -- the plan an update is for
    purpose         text NOT NULL CHECK (purpose IN ('create', 'update', 'template')),
    file_name       text NOT NULL DEFAULT '' CHECK (length(file_name) <= 500),
    data            bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);
CREATE INDEX plan_imports_user_idx ON plan_imports (user_id);
CREATE INDEX plan_imports_expires_idx ON plan_imports (expires_at);
