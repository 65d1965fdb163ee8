-- Issue 14 (points 6 and 10): a director may withdraw a submitted plan
-- before the founder decides, recorded in the plan's log like the other
-- approval steps; recurring items may repeat every half-year and every year.
-- Both only widen a CHECK: every stored row stays valid.
ALTER TABLE plan_approvals DROP CONSTRAINT IF EXISTS plan_approvals_action_check;
ALTER TABLE plan_approvals ADD CONSTRAINT plan_approvals_action_check
    CHECK (action IN ('submitted', 'approved', 'returned', 'withdrawn'));

ALTER TABLE items DROP CONSTRAINT IF EXISTS items_recur_kind_check;
ALTER TABLE items ADD CONSTRAINT items_recur_kind_check
    CHECK (recur_kind IN ('', 'monthly', 'quarterly', 'halfyearly', 'yearly', 'cron'));

-- The review queue (/review) reads a director's items awaiting acceptance.
CREATE INDEX IF NOT EXISTS items_review_idx ON items (institution_id) WHERE status = 'review';
