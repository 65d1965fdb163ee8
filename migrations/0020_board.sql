-- The plan board: co-assignees, comments, evidence (files in PostgreSQL and
-- links), and recurring items with their dated occurrences.

CREATE TABLE item_assignees (
    item_id  bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, user_id)
);
CREATE INDEX item_assignees_user_idx ON item_assignees (user_id);

CREATE TABLE item_comments (
    id              bigserial PRIMARY KEY,
    item_id         bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    institution_id  bigint NOT NULL REFERENCES institutions(id),
    author_id       bigint REFERENCES users(id) ON DELETE SET NULL,
    author_name     text NOT NULL DEFAULT '',
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX item_comments_item_idx ON item_comments (item_id, id);

-- Evidence: a file (bytes in PostgreSQL, so replicas share them) or a link.
CREATE TABLE item_attachments (
    id              bigserial PRIMARY KEY,
    item_id         bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    institution_id  bigint NOT NULL REFERENCES institutions(id),
    kind            text NOT NULL CHECK (kind IN ('file', 'link')),
    filename        text NOT NULL DEFAULT '',
    content_type    text NOT NULL DEFAULT '',
    size            bigint NOT NULL DEFAULT 0,
    data            bytea,
    url             text NOT NULL DEFAULT '',
    uploaded_by     bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'file') = (data IS NOT NULL))
);
CREATE INDEX item_attachments_item_idx ON item_attachments (item_id, id);

ALTER TABLE items ADD COLUMN recur_kind text NOT NULL DEFAULT ''
    CHECK (recur_kind IN ('', 'monthly', 'quarterly', 'cron'));
ALTER TABLE items ADD COLUMN recur_expr text NOT NULL DEFAULT '';

CREATE TABLE item_occurrences (
    id              bigserial PRIMARY KEY,
    item_id         bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    institution_id  bigint NOT NULL REFERENCES institutions(id),
    due             date NOT NULL,
    assignee_id     bigint REFERENCES users(id) ON DELETE SET NULL,
    done            boolean NOT NULL DEFAULT false,
    implemented     text NOT NULL DEFAULT '',
    completed_on    date,
    UNIQUE (item_id, due)
);
