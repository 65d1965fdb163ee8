-- Password-reset requests (issue 13.2), for the limits per address and per
-- client address. Counted in PostgreSQL, like login_failures, so that every
-- replica sees the same numbers. Every accepted request is a row, for known
-- and unknown addresses alike: the limits must not tell them apart.
CREATE TABLE password_reset_requests (
    id     bigserial PRIMARY KEY,
    email  text NOT NULL,
    ip     text NOT NULL,
    at     timestamptz NOT NULL
);
CREATE INDEX password_reset_requests_email_idx ON password_reset_requests (email, at);
CREATE INDEX password_reset_requests_ip_idx ON password_reset_requests (ip, at);
CREATE INDEX password_reset_requests_at_idx ON password_reset_requests (at);
