-- Scheduled report digests (issue 20, docs/metrics.md "Digests"): one row per delivery attempt of a
-- digest to a target. A period already delivered to a target (ok = 1) is not sent again after a restart.
CREATE TABLE IF NOT EXISTS report_digest_log {{ON_CLUSTER}}
(
    digest_id String,
    kind LowCardinality(String),
    period_from Date,
    period_to Date,
    target_id String,
    ok UInt8,
    error String DEFAULT '',
    sent_at DateTime64(3, 'UTC')
)
ENGINE = {{REPLICATED}}MergeTree
ORDER BY (digest_id, period_from, target_id, sent_at);
