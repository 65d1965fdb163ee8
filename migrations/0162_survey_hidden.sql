-- A suggestion the director hid from the results (a person's data typed in,
-- abuse, spam), with who, when and why; the answer itself still counts.
CREATE TABLE survey_hidden_suggestions (
    response_id    bigint PRIMARY KEY REFERENCES survey_responses(id) ON DELETE CASCADE,
    institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    at             timestamptz NOT NULL,
    by_user        bigint REFERENCES users(id) ON DELETE SET NULL,
    reason         text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500)
);
