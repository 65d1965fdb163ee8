-- Core schema: tenants (founders, institutions), people (users, memberships,
-- sessions), plans and their items, the append-only item history, plan
-- templates, and the mail ledger.

CREATE TABLE founders (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    short_name  text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE institutions (
    id          bigserial PRIMARY KEY,
    founder_id  bigint NOT NULL REFERENCES founders(id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    short_name  text NOT NULL DEFAULT '',
    kind        text NOT NULL CHECK (kind IN ('museum', 'library', 'theatre', 'culture_house', 'other')),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    time_zone   text NOT NULL DEFAULT 'Asia/Novokuznetsk',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX institutions_founder_idx ON institutions (founder_id);

CREATE TABLE users (
    id             bigserial PRIMARY KEY,
    email          text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
    full_name      text NOT NULL DEFAULT '',
    position       text NOT NULL DEFAULT '',
    password_hash  text NOT NULL DEFAULT '',
    is_admin       boolean NOT NULL DEFAULT false,
    locale         text NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru', 'en')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE memberships (
    id              bigserial PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('director', 'staff', 'founder')),
    institution_id  bigint REFERENCES institutions(id) ON DELETE CASCADE,
    founder_id      bigint REFERENCES founders(id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (
        (role = 'founder' AND founder_id IS NOT NULL AND institution_id IS NULL) OR
        (role <> 'founder' AND institution_id IS NOT NULL AND founder_id IS NULL)
    )
);
CREATE UNIQUE INDEX memberships_user_institution_key ON memberships (user_id, institution_id) WHERE institution_id IS NOT NULL;
CREATE UNIQUE INDEX memberships_user_founder_key ON memberships (user_id, founder_id) WHERE founder_id IS NOT NULL;
CREATE INDEX memberships_institution_idx ON memberships (institution_id);

-- Sessions live in PostgreSQL so they survive restarts and work across
-- replicas. Only a hash of the cookie value is stored.
CREATE TABLE sessions (
    id_hash       bytea PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE plan_templates (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    title       text NOT NULL,
    kind        text NOT NULL,
    items       jsonb NOT NULL DEFAULT '[]',
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plans (
    id              bigserial PRIMARY KEY,
    institution_id  bigint NOT NULL REFERENCES institutions(id),
    year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'closed')),
    period_start    date,
    period_end      date,
    template_code   text NOT NULL DEFAULT '',
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, year)
);

CREATE TABLE items (
    id                       bigserial PRIMARY KEY,
    plan_id                  bigint NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    institution_id           bigint NOT NULL REFERENCES institutions(id),
    position                 integer NOT NULL,
    section                  text NOT NULL CHECK (section IN ('org', '1', '2', '3', '4', '5')),
    indicator                text NOT NULL DEFAULT '' CHECK (indicator ~ '^([1-5]\.[1-3])?$'),
    deficiency               text NOT NULL DEFAULT '',
    measure                  text NOT NULL CHECK (length(measure) BETWEEN 1 AND 5000),
    description              text NOT NULL DEFAULT '',
    deadline_kind            text NOT NULL DEFAULT '' CHECK (deadline_kind IN ('', 'date', 'month', 'quarter', 'ongoing')),
    deadline_date            date,
    original_deadline_kind   text NOT NULL DEFAULT '',
    original_deadline_date   date,
    deadline_moves           integer NOT NULL DEFAULT 0,
    assignee_id              bigint REFERENCES users(id) ON DELETE SET NULL,
    priority                 smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    status                   text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'review', 'done', 'not_done', 'cancelled')),
    implemented              text NOT NULL DEFAULT '',
    completed_on             date,
    status_reason            text NOT NULL DEFAULT '',
    version                  integer NOT NULL DEFAULT 1,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CHECK ((deadline_kind IN ('', 'ongoing')) = (deadline_date IS NULL))
);
CREATE INDEX items_plan_idx ON items (plan_id, position);
CREATE INDEX items_institution_idx ON items (institution_id);
CREATE INDEX items_assignee_idx ON items (assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX items_open_due_idx ON items (deadline_date) WHERE status IN ('planned', 'in_progress', 'review');

CREATE TABLE item_checklist (
    id         bigserial PRIMARY KEY,
    item_id    bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position   integer NOT NULL,
    text       text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    done       boolean NOT NULL DEFAULT false,
    done_by    bigint REFERENCES users(id) ON DELETE SET NULL,
    done_at    timestamptz
);
CREATE INDEX item_checklist_item_idx ON item_checklist (item_id, position);

-- Append-only: rows are never updated or deleted, so the history outlives
-- deleted items and shows the founder what changed after approval.
CREATE TABLE item_history (
    id              bigserial PRIMARY KEY,
    institution_id  bigint NOT NULL,
    plan_id         bigint NOT NULL,
    item_id         bigint NOT NULL,
    actor_id        bigint NOT NULL DEFAULT 0,
    actor_name      text NOT NULL DEFAULT '',
    at              timestamptz NOT NULL DEFAULT now(),
    action          text NOT NULL,
    field           text NOT NULL DEFAULT '',
    old_value       text NOT NULL DEFAULT '',
    new_value       text NOT NULL DEFAULT '',
    note            text NOT NULL DEFAULT ''
);
CREATE INDEX item_history_item_idx ON item_history (item_id, id);
CREATE INDEX item_history_plan_idx ON item_history (plan_id, id);

CREATE FUNCTION item_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'item_history is append-only';
END $$;
CREATE TRIGGER item_history_no_change BEFORE UPDATE OR DELETE ON item_history
    FOR EACH ROW EXECUTE FUNCTION item_history_append_only();

-- The mail ledger: every mail is a row before it is sent, keyed so that a
-- mail is planned once; senders claim rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE mail_outbox (
    id               bigserial PRIMARY KEY,
    dedupe_key       text NOT NULL UNIQUE,
    kind             text NOT NULL,
    subject_id       bigint NOT NULL DEFAULT 0,
    recipient_id     bigint REFERENCES users(id) ON DELETE SET NULL,
    institution_id   bigint,
    to_email         text NOT NULL,
    subject          text NOT NULL,
    body_text        text NOT NULL,
    body_html        text NOT NULL DEFAULT '',
    message_id       text NOT NULL,
    status           text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'sent', 'failed', 'dropped', 'kept')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    locked_until     timestamptz,
    last_error       text NOT NULL DEFAULT '',
    drop_reason      text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'planned';
