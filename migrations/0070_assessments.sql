-- НОК results (issue 16): per institution and year the operator's figures
-- and the raw inputs behind them, each founder's thresholds, and the link
-- from a plan's checklist point to the condition it provides. Additive only.

-- The operator's tables name institutions by ИНН; '' when not recorded.
ALTER TABLE institutions ADD COLUMN inn text NOT NULL DEFAULT ''
    CHECK (inn ~ '^([0-9]{10}|[0-9]{12})?$');
CREATE UNIQUE INDEX institutions_inn_key ON institutions (inn) WHERE inn <> '';

CREATE TABLE assessments (
    id               bigserial PRIMARY KEY,
    institution_id   bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    operator         text NOT NULL DEFAULT '' CHECK (length(operator) <= 1000),
    decision_date    date,
    decision_number  text NOT NULL DEFAULT '' CHECK (length(decision_number) <= 100),
    proposals        text NOT NULL DEFAULT '' CHECK (length(proposals) <= 20000),
    published_total  double precision CHECK (published_total BETWEEN 0 AND 100),
    -- 1.1 inputs: required materials found on the stands and the site against the norms.
    stand_found      integer,
    stand_norm       integer,
    site_found       integer,
    site_norm        integer,
    -- domain.Calculate's total at the last save, so lists sort in SQL; never edited by hand.
    score_total      double precision CHECK (score_total BETWEEN 0 AND 100),
    score_complete   boolean NOT NULL DEFAULT false,
    source           text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'import')),
    version          integer NOT NULL DEFAULT 1,
    created_by       bigint REFERENCES users(id) ON DELETE SET NULL,
    updated_by       bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, year),
    CHECK ((stand_found IS NULL) = (stand_norm IS NULL) AND (stand_norm IS NULL) = (site_found IS NULL)
        AND (site_found IS NULL) = (site_norm IS NULL)),
    CHECK (stand_norm IS NULL OR (stand_norm > 0 AND site_norm > 0
        AND stand_found BETWEEN 0 AND stand_norm AND site_found BETWEEN 0 AND site_norm))
);
CREATE INDEX assessments_year_idx ON assessments (year, institution_id);

-- Indicator values (1.1 … 5.3) and the operator's published criteria (К1 … К5).
CREATE TABLE assessment_values (
    assessment_id  bigint NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    code           text NOT NULL CHECK (code IN ('1.1', '1.2', '1.3', '2.1', '2.3', '3.1', '3.2', '3.3',
                       '4.1', '4.2', '4.3', '5.1', '5.2', '5.3', 'К1', 'К2', 'К3', 'К4', 'К5')),
    value          double precision NOT NULL CHECK (value BETWEEN 0 AND 100),
    PRIMARY KEY (assessment_id, code)
);

-- The known set of present conditions of a counted indicator; no row: unknown.
CREATE TABLE assessment_conditions (
    assessment_id  bigint NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    indicator      text NOT NULL CHECK (indicator IN ('1.2', '2.1', '3.1', '3.2')),
    present        text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (assessment_id, indicator)
);

-- Survey figures by part (1.3 has two: the stands and the site).
CREATE TABLE assessment_surveys (
    assessment_id  bigint NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    part           text NOT NULL CHECK (part IN ('1.3.stand', '1.3.site', '2.3', '3.3', '4.1', '4.2', '4.3',
                       '5.1', '5.2', '5.3')),
    respondents    integer NOT NULL CHECK (respondents > 0),
    satisfied      integer NOT NULL CHECK (satisfied BETWEEN 0 AND respondents),
    PRIMARY KEY (assessment_id, part)
);

-- A founder's thresholds: target '' is the default, else a criterion or an indicator.
CREATE TABLE founder_thresholds (
    founder_id  bigint NOT NULL REFERENCES founders(id) ON DELETE CASCADE,
    target      text NOT NULL CHECK (target IN ('', 'К1', 'К2', 'К3', 'К4', 'К5', '1.1', '1.2', '1.3', '2.1',
                    '2.3', '3.1', '3.2', '3.3', '4.1', '4.2', '4.3', '5.1', '5.2', '5.3')),
    value       double precision NOT NULL CHECK (value BETWEEN 0 AND 100),
    PRIMARY KEY (founder_id, target)
);

-- The condition a checklist point provides ('' for none), as domain.NokCondition keys.
ALTER TABLE item_checklist ADD COLUMN condition_key text NOT NULL DEFAULT ''
    CHECK (condition_key ~ '^([1-3]\.[1-3]\.[a-z_]+)?$');
