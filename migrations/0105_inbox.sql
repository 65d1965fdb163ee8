-- The inbox (issue 18): every notice that goes by mail is also a row here
-- for its recipient, written in the same statement as its ledger row and
-- keyed by the same dedupe key, so that it appears once across replicas and
-- restarts. The planner's sweep deletes rows older than 90 days.
-- Additive only: two new tables.
CREATE TABLE inbox_notices (
    id              bigserial PRIMARY KEY,
    dedupe_key      text NOT NULL UNIQUE,
    recipient_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind            text NOT NULL,
    subject_id      bigint NOT NULL DEFAULT 0,
    institution_id  bigint,
    text            text NOT NULL CHECK (length(text) <= 1000),
    link            text NOT NULL CHECK (link LIKE '/%' AND link NOT LIKE '//%'),
    created_at      timestamptz NOT NULL,
    read_at         timestamptz
);
CREATE INDEX inbox_notices_list_idx ON inbox_notices (recipient_id, created_at DESC, id DESC);
CREATE INDEX inbox_notices_unread_idx ON inbox_notices (recipient_id) WHERE read_at IS NULL;
CREATE INDEX inbox_notices_age_idx ON inbox_notices (created_at);

-- Each user's channel per notice kind: mail, inbox, both or none. A missing
-- row is the default, both. Invitations and password resets have no row:
-- they always go by mail.
CREATE TABLE user_notice_channels (
    user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind     text NOT NULL,
    channel  text NOT NULL CHECK (channel IN ('mail', 'inbox', 'both', 'none')),
    PRIMARY KEY (user_id, kind)
);
