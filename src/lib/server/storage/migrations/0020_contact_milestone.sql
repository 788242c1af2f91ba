-- contact.milestone events (issue 17, docs/events.md): the milestone a ticket or e-mail reached
-- (first_response, plan, follow_up, resolved, …). Empty for every other event type.
ALTER TABLE contact_events {{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS milestone LowCardinality(String) DEFAULT '';
