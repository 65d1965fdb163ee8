-- Oversight above founders (docs/regions.md): a tree of overseers (a
-- region's ministry of culture, the federal ministry above the regions),
-- each seeing the founders attached anywhere in its subtree.
--
-- path holds the ids from the root down to the node itself, so "is X
-- below Y" is path @> ARRAY[Y] on a GIN index. A node never moves (there
-- is no way to change parent_id), so paths never need rewriting.
CREATE TABLE overseers (
    id          bigserial PRIMARY KEY,
    parent_id   bigint REFERENCES overseers(id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    short_name  text NOT NULL DEFAULT '',
    path        bigint[] NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX overseers_path_idx ON overseers USING gin (path);
CREATE INDEX overseers_parent_idx ON overseers (parent_id);

CREATE FUNCTION pb_overseer_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.parent_id IS DISTINCT FROM OLD.parent_id THEN
        RAISE EXCEPTION 'an overseer does not move' USING ERRCODE = 'check_violation';
    END IF;
    NEW.path := coalesce((SELECT path FROM overseers WHERE id = NEW.parent_id), '{}') || NEW.id;
    RETURN NEW;
END $$;
CREATE TRIGGER overseers_path BEFORE INSERT OR UPDATE ON overseers
    FOR EACH ROW EXECUTE FUNCTION pb_overseer_path();

-- A founder hangs under at most one overseer; overseer_path is a copy of
-- that node's path (kept by the trigger), the one column the scope reads.
ALTER TABLE founders ADD COLUMN overseer_id bigint REFERENCES overseers(id);
ALTER TABLE founders ADD COLUMN overseer_path bigint[] NOT NULL DEFAULT '{}';
CREATE INDEX founders_overseer_path_idx ON founders USING gin (overseer_path);

CREATE FUNCTION pb_founder_overseer_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.overseer_path := coalesce((SELECT path FROM overseers WHERE id = NEW.overseer_id), '{}');
    RETURN NEW;
END $$;
CREATE TRIGGER founders_overseer_path BEFORE INSERT OR UPDATE OF overseer_id ON founders
    FOR EACH ROW EXECUTE FUNCTION pb_founder_overseer_path();

-- Attaching a founder changes what its region sees: count it as a change
-- of the founder (the dashboards' keys sum founder_revs over the scope).
CREATE FUNCTION pb_founder_attached() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pb_touch_founder(NEW.id);
    RETURN NEW;
END $$;
CREATE TRIGGER founders_attached AFTER UPDATE OF overseer_id ON founders
    FOR EACH ROW EXECUTE FUNCTION pb_founder_attached();

-- The role «регион»: a person's membership in an overseer node.
ALTER TABLE memberships ADD COLUMN overseer_id bigint REFERENCES overseers(id) ON DELETE CASCADE;
ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
ALTER TABLE memberships DROP CONSTRAINT memberships_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('director', 'staff', 'founder', 'region'));
ALTER TABLE memberships ADD CONSTRAINT memberships_check CHECK (
    (role = 'founder' AND founder_id IS NOT NULL AND institution_id IS NULL AND overseer_id IS NULL) OR
    (role = 'region' AND overseer_id IS NOT NULL AND founder_id IS NULL AND institution_id IS NULL) OR
    (role IN ('director', 'staff') AND institution_id IS NOT NULL AND founder_id IS NULL AND overseer_id IS NULL)
);
CREATE UNIQUE INDEX memberships_user_overseer_key ON memberships (user_id, overseer_id) WHERE overseer_id IS NOT NULL;
CREATE INDEX memberships_overseer_idx ON memberships (overseer_id) WHERE overseer_id IS NOT NULL;
