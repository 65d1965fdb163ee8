-- Change counters for the read models (issue 20). The director's board and
-- table, «Мои задачи», «На проверке» and the founder dashboard are kept
-- rendered in each replica's memory, keyed by these counters: one small
-- query tells a replica whether what it holds is still what the database
-- says, whoever wrote (a page, the API, the importer, the CLI, a job, or
-- another replica).
--
-- institution_revs.rev goes up by one in every transaction that changes
-- anything an institution's pages show: its plans, items and everything
-- hanging off them, its members and their names, its НОК results, its
-- founder's thresholds. founder_revs.rev goes up with any of its
-- institutions' (and with the founder's own rows), so a dashboard over a
-- founder's 1,000 institutions checks one row.
--
-- The counting triggers are deferred constraint triggers: they run at
-- commit, so the counter rows are locked only for the moment of the commit
-- (not from a transaction's first statement, where two writers of one
-- institution would otherwise wait on each other and could deadlock), and
-- a transaction bumps each counter once (a transaction-local setting
-- remembers which it did). A reader reads the counter before the data, so
-- a view can only ever be newer than its key, never older.

CREATE TABLE institution_revs (
    institution_id  bigint PRIMARY KEY,
    rev             bigint NOT NULL
);

CREATE TABLE founder_revs (
    founder_id  bigint PRIMARY KEY,
    rev         bigint NOT NULL
);

-- pb_touch_founder counts one change of founder f in this transaction.
CREATE FUNCTION pb_touch_founder(f bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF f IS NULL OR current_setting('planboard.rev_f' || f, true) = '1' THEN
        RETURN;
    END IF;
    PERFORM set_config('planboard.rev_f' || f, '1', true);
    INSERT INTO founder_revs AS r (founder_id, rev) VALUES (f, 1)
    ON CONFLICT (founder_id) DO UPDATE SET rev = r.rev + 1;
END $$;

-- pb_touch counts one change of institution i (and so of its founder).
CREATE FUNCTION pb_touch(i bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF i IS NULL OR current_setting('planboard.rev_i' || i, true) = '1' THEN
        RETURN;
    END IF;
    PERFORM set_config('planboard.rev_i' || i, '1', true);
    INSERT INTO institution_revs AS r (institution_id, rev) VALUES (i, 1)
    ON CONFLICT (institution_id) DO UPDATE SET rev = r.rev + 1;
    PERFORM pb_touch_founder((SELECT founder_id FROM institutions WHERE id = i));
END $$;

-- pb_touch_all_of counts a change of every institution of founder f (its
-- thresholds or its name, shown on each institution's pages).
CREATE FUNCTION pb_touch_all_of(f bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pb_touch(id) FROM institutions WHERE founder_id = f;
    PERFORM pb_touch_founder(f);
END $$;

-- Rows that carry their institution.
CREATE FUNCTION pb_rev_institution_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM pb_touch(OLD.institution_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pb_touch(NEW.institution_id); END IF;
    RETURN NULL;
END $$;

-- Rows whose parent carries the institution: TG_ARGV[0] is the parent's
-- table, TG_ARGV[1] the row's column naming the parent (an item's
-- checklist, a report's rows, an assessment's values).
CREATE FUNCTION pb_rev_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    q text := format('SELECT institution_id FROM %I WHERE id = $1', TG_ARGV[0]);
    inst bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        EXECUTE q INTO inst USING (to_jsonb(OLD) ->> TG_ARGV[1])::bigint;
        PERFORM pb_touch(inst);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE q INTO inst USING (to_jsonb(NEW) ->> TG_ARGV[1])::bigint;
        PERFORM pb_touch(inst);
    END IF;
    RETURN NULL;
END $$;

-- Memberships: an institution's members, or a founder's overseers.
CREATE FUNCTION pb_rev_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM pb_touch(OLD.institution_id); PERFORM pb_touch_founder(OLD.founder_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pb_touch(NEW.institution_id); PERFORM pb_touch_founder(NEW.founder_id); END IF;
    RETURN NULL;
END $$;

-- A person's name, position, address or admin flag, shown wherever they
-- are a member.
CREATE FUNCTION pb_rev_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.full_name, OLD.position, OLD.email, OLD.is_admin) IS DISTINCT FROM (NEW.full_name, NEW.position, NEW.email, NEW.is_admin) THEN
        PERFORM pb_touch(institution_id) FROM memberships WHERE user_id = NEW.id AND institution_id IS NOT NULL;
        PERFORM pb_touch_founder(founder_id) FROM memberships WHERE user_id = NEW.id AND founder_id IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;

-- The institution itself (name, time zone, founder, НОК settings).
CREATE FUNCTION pb_rev_institution() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM pb_touch_founder(OLD.founder_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pb_touch(NEW.id); PERFORM pb_touch_founder(NEW.founder_id); END IF;
    RETURN NULL;
END $$;

-- Founder-wide rows: the founder itself (TG_ARGV[0] 'id'), its НОК
-- thresholds ('founder_id').
CREATE FUNCTION pb_rev_founder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM pb_touch_all_of((to_jsonb(OLD) ->> TG_ARGV[0])::bigint); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pb_touch_all_of((to_jsonb(NEW) ->> TG_ARGV[0])::bigint); END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('plans', 'pb_rev_institution_id()'), ('items', 'pb_rev_institution_id()'),
        ('item_history', 'pb_rev_institution_id()'), ('item_comments', 'pb_rev_institution_id()'),
        ('item_attachments', 'pb_rev_institution_id()'), ('item_occurrences', 'pb_rev_institution_id()'),
        ('plan_approvals', 'pb_rev_institution_id()'), ('progress_reports', 'pb_rev_institution_id()'),
        ('plan_publications', 'pb_rev_institution_id()'), ('assessments', 'pb_rev_institution_id()'),
        ('item_checklist', 'pb_rev_parent(''items'', ''item_id'')'), ('item_assignees', 'pb_rev_parent(''items'', ''item_id'')'),
        ('progress_report_rows', 'pb_rev_parent(''progress_reports'', ''report_id'')'),
        ('assessment_values', 'pb_rev_parent(''assessments'', ''assessment_id'')'),
        ('assessment_conditions', 'pb_rev_parent(''assessments'', ''assessment_id'')'),
        ('assessment_surveys', 'pb_rev_parent(''assessments'', ''assessment_id'')'),
        ('memberships', 'pb_rev_membership()'), ('institutions', 'pb_rev_institution()'),
        ('founder_thresholds', 'pb_rev_founder(''founder_id'')'), ('founders', 'pb_rev_founder(''id'')')
    ) AS v(tab, fn) LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER pb_rev AFTER INSERT OR UPDATE OR DELETE ON %I '
            'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION %s', t.tab, t.fn);
    END LOOP;
END $$;

CREATE CONSTRAINT TRIGGER pb_rev AFTER UPDATE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pb_rev_user();
