-- Imported interval history (POST /api/v1/history, docs/decisions/0013-history-import.md).
-- One row per channel, queue, interval length and interval start. A re-import of the same or a
-- corrected file writes rows with a higher version; ReplacingMergeTree keeps the newest and every
-- read uses FINAL, so an interval is counted once however often it was imported.
CREATE TABLE IF NOT EXISTS history_intervals {{ON_CLUSTER}}
(
    channel LowCardinality(String),
    queue LowCardinality(String),
    interval_min UInt16,
    interval_start DateTime('UTC'),
    offered UInt64,
    answered Nullable(UInt64),
    abandoned Nullable(UInt64),
    answered_within_target Nullable(UInt64),
    aht_sec Nullable(Float64),
    avg_wait_sec Nullable(Float64),
    csat_avg Nullable(Float64),
    import_id String,
    version UInt64
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version)
PARTITION BY toYear(interval_start)
ORDER BY (channel, queue, interval_min, interval_start);

-- Rows of an import still being validated. Nothing reads them but the commit, which copies one
-- import's rows into history_intervals with a single INSERT … SELECT once the whole file passed
-- validation; the partition is dropped afterwards (and on refusal), so a refused file leaves nothing.
CREATE TABLE IF NOT EXISTS history_staging {{ON_CLUSTER}}
(
    import_id String,
    channel LowCardinality(String),
    queue LowCardinality(String),
    interval_min UInt16,
    interval_start DateTime('UTC'),
    offered UInt64,
    answered Nullable(UInt64),
    abandoned Nullable(UInt64),
    answered_within_target Nullable(UInt64),
    aht_sec Nullable(Float64),
    avg_wait_sec Nullable(Float64),
    csat_avg Nullable(Float64)
)
ENGINE = {{REPLICATED}}MergeTree
PARTITION BY import_id
ORDER BY (channel, queue, interval_min, interval_start);

-- The import log: one row per state change of an import (running → done | refused | failed).
CREATE TABLE IF NOT EXISTS history_imports {{ON_CLUSTER}}
(
    id String,
    version UInt64,
    kind LowCardinality(String),
    status LowCardinality(String),
    file_name String,
    format LowCardinality(String),
    imported_by String,
    started_at DateTime64(3, 'UTC'),
    finished_at Nullable(DateTime64(3, 'UTC')),
    rows UInt64,
    errors UInt64,
    series Array(String),
    first_interval Nullable(DateTime('UTC')),
    last_interval Nullable(DateTime('UTC')),
    message String
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version)
ORDER BY id;
