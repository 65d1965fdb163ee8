-- Personal access tokens for the JSON API (issue 17). The token itself is
-- shown once; only its SHA-256 hash is kept, with its last four characters
-- to tell tokens apart. last_used_at is updated at most once a minute.
CREATE TABLE api_tokens (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    scope         text NOT NULL CHECK (scope IN ('read', 'write')),
    token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    hint          text NOT NULL DEFAULT '' CHECK (length(hint) <= 8),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    revoked_by    bigint REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id);
