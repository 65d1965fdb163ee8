-- Secrets the application derives tokens from (e.g. the one-click
-- unsubscribe links of digests), generated on first use and shared by every
-- replica.
CREATE TABLE app_secrets (
    name        text PRIMARY KEY,
    value       bytea NOT NULL CHECK (length(value) >= 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);
