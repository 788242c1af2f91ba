-- History backfill runs (src/lib/server/simulator/backfill.ts), one row per state change:
-- 'planned' is written before the first chunk (it pins the plan, so a run resumed after a crash
-- regenerates exactly the same rows), 'done' after the last one (a later start skips the backfill).
-- The dedup window makes a retried insert of the same state row (same insert_deduplication_token) a no-op.
CREATE TABLE IF NOT EXISTS backfill_runs {{ON_CLUSTER}}
(
    run_key String,
    status LowCardinality(String),
    seed UInt32,
    from_ms Int64,
    to_ms Int64,
    days UInt32,
    rows UInt64,
    elapsed_ms UInt64,
    recorded_at DateTime64(3, 'UTC')
)
ENGINE = {{REPLICATED}}MergeTree
ORDER BY (run_key, status, recorded_at)
SETTINGS non_replicated_deduplication_window = 1000;
