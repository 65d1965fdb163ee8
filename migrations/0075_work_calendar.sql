-- The production calendar (issue 18): the federal data ships with the
-- binary (domain/workcal_ru.txt); these tables hold what the admin adds on
-- top of it, the regions' own holidays, and each institution's choice of
-- counting reminder and escalation days in calendar or working days.
-- Additive only: every new column is nullable or has a default.

-- A year whose days the admin entered from its decree: the Labour Code's
-- automatic transfers no longer apply to it.
CREATE TABLE calendar_years (
    year        integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    source      text NOT NULL DEFAULT '' CHECK (length(source) <= 500),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The admin's corrections of single days; they override the shipped data.
CREATE TABLE calendar_days (
    day         date PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('non_working', 'working', 'shortened')),
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A region's own non-working days, for the institutions of that region.
CREATE TABLE regional_holidays (
    region      text NOT NULL CHECK (region ~ '^[0-9A-Z][0-9A-Z-]{0,15}$'),
    day         date NOT NULL,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    PRIMARY KEY (region, day)
);

-- The region whose holidays an institution keeps (NULL: federal days only).
ALTER TABLE institutions ADD COLUMN region text CHECK (region IS NULL OR region ~ '^[0-9A-Z][0-9A-Z-]{0,15}$');

-- "N days before" and "N days overdue" in working days or calendar days.
-- Defaults as issue 18 asks: reminders in calendar days, escalations in
-- working days (also for institutions whose rules row exists already).
ALTER TABLE institution_mail_rules
    ADD COLUMN remind_working_days boolean NOT NULL DEFAULT false,
    ADD COLUMN escalate_working_days boolean NOT NULL DEFAULT true;
