-- Webhooks (issue 17): endpoints of an institution or of a founder, the
-- events that happened, and one delivery row per (event, endpoint) — a
-- durable ledger like mail_outbox: unique keys make enqueueing idempotent,
-- leases (locked_until) make each delivery go out once across replicas.

CREATE TABLE webhook_endpoints (
    id                   bigserial PRIMARY KEY,
    institution_id       bigint REFERENCES institutions(id) ON DELETE CASCADE,
    founder_id           bigint REFERENCES founders(id) ON DELETE CASCADE,
    url                  text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    events               text[] NOT NULL CHECK (cardinality(events) >= 1),
    enabled              boolean NOT NULL DEFAULT true,
    -- The signing secrets (whsec_…): the receiver needs the same key, so it
    -- is kept as is; the previous one signs too until prev_secret_until.
    secret               text NOT NULL CHECK (secret LIKE 'whsec\_%'),
    prev_secret          text NOT NULL DEFAULT '',
    prev_secret_until    timestamptz,
    created_by           bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    disabled_at          timestamptz,
    disabled_reason      text NOT NULL DEFAULT '' CHECK (disabled_reason IN ('', 'failing', 'gone')),
    -- Health: the first failure since the last success, and how many
    -- deliveries failed for good since then.
    failing_since        timestamptz,
    failed_count         integer NOT NULL DEFAULT 0,
    CHECK ((institution_id IS NULL) <> (founder_id IS NULL))
);
CREATE INDEX webhook_endpoints_institution_idx ON webhook_endpoints (institution_id) WHERE institution_id IS NOT NULL;
CREATE INDEX webhook_endpoints_founder_idx ON webhook_endpoints (founder_id) WHERE founder_id IS NOT NULL;

CREATE TABLE webhook_events (
    id              bigserial PRIMARY KEY,
    -- webhook-id: stable over every attempt and endpoint, so receivers dedupe.
    msg_id          text NOT NULL UNIQUE DEFAULT 'msg_' || replace(gen_random_uuid()::text, '-', ''),
    dedupe_key      text NOT NULL UNIQUE,
    kind            text NOT NULL,
    institution_id  bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    plan_id         bigint,  -- no foreign keys: the event outlives a deleted plan or item
    item_id         bigint,
    body            bytea NOT NULL,  -- the exact bytes sent and signed
    occurred_at     timestamptz NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               bigserial PRIMARY KEY,
    event_id         bigint NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    endpoint_id      bigint NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    locked_until     timestamptz,
    last_attempt_at  timestamptz,
    last_status      integer NOT NULL DEFAULT 0,
    last_error       text NOT NULL DEFAULT '',
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);
