-- Alert engine persistence (docs/alerts.md "Notification log, persistence, restart").
-- Latest version of each alert episode, as the engine's JSON record.
CREATE TABLE IF NOT EXISTS alerts {{ON_CLUSTER}}
(
    id String,
    updated_at_ms Int64,
    status LowCardinality(String),
    level UInt8,
    channel LowCardinality(String),
    started_at_ms Int64,
    record String
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(updated_at_ms)
ORDER BY id;

-- One row per (alert, level, recipient) notice; later versions record the delivery outcome.
CREATE TABLE IF NOT EXISTS alert_notifications {{ON_CLUSTER}}
(
    log_key String,
    version_ms Int64,
    alert_id String,
    status LowCardinality(String),
    entry String
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version_ms)
ORDER BY log_key;

-- Append-only history: every transition and every delivery attempt, for "who was told what and when".
CREATE TABLE IF NOT EXISTS alert_history {{ON_CLUSTER}}
(
    at_ms Int64,
    alert_id String,
    kind LowCardinality(String),
    level UInt8,
    channel LowCardinality(String),
    actor String,
    recipient String,
    target String,
    ok Nullable(UInt8),
    detail String
)
ENGINE = {{REPLICATED}}MergeTree
ORDER BY (at_ms, alert_id);

-- The rule configuration managers edit, one row per saved version.
CREATE TABLE IF NOT EXISTS alert_config {{ON_CLUSTER}}
(
    version_ms Int64,
    saved_by String,
    config String
)
ENGINE = {{REPLICATED}}MergeTree
ORDER BY version_ms;

-- Silences (planned quiet windows); a deleted silence is a later version with deleted = 1.
CREATE TABLE IF NOT EXISTS alert_silences {{ON_CLUSTER}}
(
    id String,
    version_ms Int64,
    deleted UInt8,
    silence String
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version_ms)
ORDER BY id;
