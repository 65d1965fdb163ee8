-- The visitors' questionnaire (docs/survey.md). Answers are appended, never
-- updated; the monthly counters are kept as they arrive, in the answer's
-- transaction, so that the results page reads a fixed number of rows
-- whatever the number of answers.
CREATE TABLE survey_responses (
    id             bigserial PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    at             timestamptz NOT NULL,
    month          date NOT NULL CHECK (extract(day FROM month) = 1), -- in the institution's zone
    source         text NOT NULL CHECK (source IN ('web', 'kiosk', 'paper')),
    answers        jsonb NOT NULL,  -- question key → true («Да») / false, only those that applied
    suggestion     text NOT NULL DEFAULT '' CHECK (char_length(suggestion) <= 2000),
    sex            text NOT NULL DEFAULT '' CHECK (sex IN ('', 'male', 'female')),
    age            int CHECK (age BETWEEN 14 AND 120),
    batch          text NOT NULL DEFAULT '' CHECK (char_length(batch) <= 200), -- paper forms' label
    entered_by     bigint REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX survey_responses_institution_idx ON survey_responses (institution_id, id DESC);
CREATE INDEX survey_responses_suggestions_idx ON survey_responses (institution_id, id DESC) WHERE suggestion <> '';

-- part '' counts the forms themselves (respondents of the questionnaire).
CREATE TABLE survey_counts (
    institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    month          date NOT NULL,
    source         text NOT NULL CHECK (source IN ('web', 'kiosk', 'paper')),
    part           text NOT NULL,
    respondents    int NOT NULL CHECK (respondents >= 0),
    satisfied      int NOT NULL CHECK (satisfied >= 0 AND satisfied <= respondents),
    PRIMARY KEY (institution_id, month, source, part)
);

-- One-time form tokens already used: a replayed form is not counted twice.
CREATE TABLE survey_form_uses (
    nonce  text PRIMARY KEY,
    at     timestamptz NOT NULL
);
CREATE INDEX survey_form_uses_at_idx ON survey_form_uses (at);

-- The short-window rate limit per client address: a keyed hash of the
-- address (HMAC under an app secret, truncated), never the address itself.
CREATE TABLE survey_rate (
    addr  bytea NOT NULL,
    at    timestamptz NOT NULL
);
CREATE INDEX survey_rate_addr_idx ON survey_rate (addr, at);
CREATE INDEX survey_rate_at_idx ON survey_rate (at);
