-- A visitor's suggestion taken into a plan as a draft item: one item per
-- suggestion (the primary key), the item linked back to the answer.
CREATE TABLE survey_plan_items (
    response_id    bigint PRIMARY KEY REFERENCES survey_responses(id) ON DELETE CASCADE,
    institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    item_id        bigint NOT NULL UNIQUE REFERENCES items(id) ON DELETE CASCADE,
    at             timestamptz NOT NULL,
    by_user        bigint REFERENCES users(id) ON DELETE SET NULL
);
