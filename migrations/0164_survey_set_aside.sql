-- A batch of answers the director set aside (a spam burst, a test), with
-- who, when and why: the answers stay in survey_responses, their counts
-- leave survey_counts in the same transaction, and come back on restore.
CREATE TABLE survey_set_asides (
    id             bigserial PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    at             timestamptz NOT NULL,
    by_user        bigint REFERENCES users(id) ON DELETE SET NULL,
    reason         text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    source         text NOT NULL DEFAULT '',   -- '' any source
    from_day       date,                       -- in the institution's zone
    to_day         date,
    batch          text NOT NULL DEFAULT '',   -- a paper batch's label
    answers        int NOT NULL CHECK (answers > 0),
    restored_at    timestamptz,
    restored_by    bigint REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX survey_set_asides_institution_idx ON survey_set_asides (institution_id, id DESC);

-- The answers of a set-aside still in force (deleted on restore: the
-- set-aside row keeps the record).
CREATE TABLE survey_set_aside_responses (
    response_id  bigint PRIMARY KEY REFERENCES survey_responses(id) ON DELETE CASCADE,
    set_aside_id bigint NOT NULL REFERENCES survey_set_asides(id) ON DELETE CASCADE
);
CREATE INDEX survey_set_aside_responses_set_idx ON survey_set_aside_responses (set_aside_id);
