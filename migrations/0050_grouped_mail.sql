-- Escalations are sent grouped: one mail per recipient and sweep lists every
-- newly escalated item. Each item's escalation stays a row of its own, with
-- status 'grouped', so that it is escalated once (its key is taken) and the
-- admin sees it in the ledger.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_status_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_status_check
    CHECK (status IN ('planned', 'sent', 'failed', 'dropped', 'kept', 'grouped'));
