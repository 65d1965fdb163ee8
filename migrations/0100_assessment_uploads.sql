-- НОК import (issue 16): an operator's table held between the preview and
-- its confirmation, the uploader's own and only until it expires (the
-- store's clock stamps both moments). The confirmation parses the stored
-- bytes again instead of trusting anything the browser sends back.
-- Additive only.
CREATE TABLE assessment_uploads (
    id               bigserial PRIMARY KEY,
    user_id          bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    operator         text NOT NULL DEFAULT '' CHECK (length(operator) <= 1000),
    decision_date    date,
    decision_number  text NOT NULL DEFAULT '' CHECK (length(decision_number) <= 100),
    filename         text NOT NULL DEFAULT '' CHECK (length(filename) <= 255),
    data             bytea NOT NULL CHECK (length(data) <= 10485760),
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL CHECK (expires_at > created_at)
);
CREATE INDEX assessment_uploads_user_idx ON assessment_uploads (user_id, id);
CREATE INDEX assessment_uploads_expiry_idx ON assessment_uploads (expires_at);
