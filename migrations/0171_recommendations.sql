-- A region's recommendations to the institutions below it (docs/regions.md),
-- and which plan items answer which: marked by the director (Planboard
-- proposes from the texts, the director confirms).
CREATE TABLE region_recommendations (
    id           bigserial PRIMARY KEY,
    overseer_id  bigint NOT NULL REFERENCES overseers(id) ON DELETE CASCADE,
    position     integer NOT NULL DEFAULT 0,
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    body         text NOT NULL DEFAULT '' CHECK (length(body) <= 10000),
    criteria     text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX region_recommendations_node_idx ON region_recommendations (overseer_id, position, id);

CREATE TABLE item_recommendations (
    item_id            bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    recommendation_id  bigint NOT NULL REFERENCES region_recommendations(id) ON DELETE CASCADE,
    institution_id     bigint NOT NULL REFERENCES institutions(id),
    PRIMARY KEY (item_id, recommendation_id)
);
CREATE INDEX item_recommendations_rec_idx ON item_recommendations (recommendation_id, institution_id);

-- A mark changes what the institution's pages show: count it (0125_perf.sql).
CREATE CONSTRAINT TRIGGER pb_rev AFTER INSERT OR UPDATE OR DELETE ON item_recommendations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pb_rev_institution_id();
