-- Mail reminders and digests: per-institution rules, per-user choices, and
-- what the delivery worker needs to drop a mail that is no longer relevant.
-- Rules and choices live in their own tables (a missing row means the
-- defaults), so the users and institutions tables keep their shape.

-- Reminder rules of an institution: days before the deadline, the overdue
-- notice cadence, escalation thresholds, and whether non-urgent mail goes
-- out on weekends.
CREATE TABLE institution_mail_rules (
    institution_id     bigint PRIMARY KEY REFERENCES institutions(id) ON DELETE CASCADE,
    remind_offsets     integer[] NOT NULL DEFAULT '{7,3,1,0}'
        CHECK (cardinality(remind_offsets) BETWEEN 1 AND 10 AND 0 <= ALL (remind_offsets) AND 366 >= ALL (remind_offsets)),
    overdue_every      integer NOT NULL DEFAULT 3 CHECK (overdue_every BETWEEN 1 AND 60),
    escalate_director  integer NOT NULL DEFAULT 3 CHECK (escalate_director BETWEEN 1 AND 365),
    escalate_founder   integer NOT NULL DEFAULT 14 CHECK (escalate_founder BETWEEN 1 AND 365),
    mail_on_weekends   boolean NOT NULL DEFAULT false
);

-- A user's own choices: digests on or off, and reminder offsets that replace
-- the institution's (NULL: the institution's).
CREATE TABLE user_mail_settings (
    user_id         bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    mail_digests    boolean NOT NULL DEFAULT true,
    remind_offsets  integer[]
        CHECK (remind_offsets IS NULL OR (cardinality(remind_offsets) BETWEEN 1 AND 10 AND 0 <= ALL (remind_offsets) AND 366 >= ALL (remind_offsets)))
);

-- The deadline a scheduled item mail was planned for (a mail whose item was
-- closed, reassigned or moved meanwhile is dropped instead of sent), and the
-- List-Unsubscribe header of digests.
ALTER TABLE mail_outbox
    ADD COLUMN item_deadline  date,
    ADD COLUMN list_unsubscribe text NOT NULL DEFAULT '';

CREATE INDEX mail_outbox_status_idx ON mail_outbox (status, id DESC);
