-- Accounts: single-use links (invitations, password resets) stored hashed,
-- failed logins for the rate limit (shared by every replica), and the audit
-- log the admin reads.

CREATE TABLE account_tokens (
    id          bigserial PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    kind        text NOT NULL CHECK (kind IN ('invitation', 'password_reset')),
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_by  bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id);

-- One row per failed login; rows older than the window are irrelevant.
CREATE TABLE login_failures (
    id     bigserial PRIMARY KEY,
    email  text NOT NULL,
    ip     text NOT NULL,
    at     timestamptz NOT NULL
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);
CREATE INDEX login_failures_at_idx ON login_failures (at);

CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor_id        bigint,
    actor_email     text NOT NULL DEFAULT '',
    action          text NOT NULL,
    target_user_id  bigint,
    target_email    text NOT NULL DEFAULT '',
    institution_id  bigint,
    ip              text NOT NULL DEFAULT '',
    detail          text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
