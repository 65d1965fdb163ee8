-- The plan table is shown a page at a time in report order (section, then
-- position): this index lets a page be read without sorting the whole plan.
CREATE INDEX items_plan_order_idx ON items (plan_id, (CASE section WHEN 'org' THEN 0 ELSE section::int END), position, id);
