-- Raw events, exactly as accepted by the ingester (docs/events.md), one row per event.
-- Dedup of resends is done by event_id in the ingester; the dedup window below makes a retried
-- insert of the same block (same insert_deduplication_token) a no-op, also across restarts.
CREATE TABLE IF NOT EXISTS contact_events {{ON_CLUSTER}}
(
    event_id String,
    ts DateTime64(3, 'UTC'),
    received_at DateTime64(3, 'UTC'),
    type LowCardinality(String),
    contact_id String,
    channel LowCardinality(String),
    queue LowCardinality(String),
    agent_id String DEFAULT '',
    team_id String DEFAULT '',
    priority UInt8 DEFAULT 0,
    customer_id String DEFAULT '',
    to_queue LowCardinality(String) DEFAULT '',
    to_agent_id String DEFAULT '',
    csat Nullable(UInt8),
    nps Nullable(UInt8),
    -- derived by the ingester from live state; NULL when the contact's earlier events are unknown
    wait_ms Nullable(UInt32),
    handle_ms Nullable(UInt32),
    source LowCardinality(String),
    attrs String DEFAULT ''
)
ENGINE = {{REPLICATED}}MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (channel, queue, ts, contact_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS agent_events {{ON_CLUSTER}}
(
    event_id String,
    ts DateTime64(3, 'UTC'),
    received_at DateTime64(3, 'UTC'),
    agent_id String,
    team_id String DEFAULT '',
    state LowCardinality(String),
    channels Array(LowCardinality(String)),
    max_concurrency UInt8 DEFAULT 1,
    source LowCardinality(String),
    attrs String DEFAULT ''
)
ENGINE = {{REPLICATED}}MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (agent_id, ts)
SETTINGS non_replicated_deduplication_window = 10000;
