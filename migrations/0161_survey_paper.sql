-- Paper questionnaires typed in by staff (docs/survey.md): an answer is
-- never updated; removing or correcting one appends a withdrawal (who,
-- when, why, and the row that replaces it) and takes its counts away in the
-- same transaction. The audit log records both.
CREATE TABLE survey_withdrawals (
    response_id    bigint PRIMARY KEY REFERENCES survey_responses(id) ON DELETE CASCADE,
    institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    at             timestamptz NOT NULL,
    by_user        bigint REFERENCES users(id) ON DELETE SET NULL,
    reason         text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    replaced_by    bigint REFERENCES survey_responses(id) ON DELETE SET NULL
);
CREATE INDEX survey_withdrawals_institution_idx ON survey_withdrawals (institution_id);
CREATE INDEX survey_responses_paper_idx ON survey_responses (institution_id, id DESC) WHERE source = 'paper';
