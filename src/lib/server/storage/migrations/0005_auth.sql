-- Access control (docs/decisions/0007-access-control.md): users, sessions, ingest keys, board tokens.
-- Small tables, read whole into memory at start and written through on every change. A change is a
-- new row with a higher version; ReplacingMergeTree keeps the newest and reads use FINAL.
-- No secret is stored: passwords as argon2id PHC strings, session ids, keys and tokens as SHA-256.
CREATE TABLE IF NOT EXISTS auth_users {{ON_CLUSTER}}
(
    username String,
    display_name String,
    roles Array(LowCardinality(String)),
    password_hash String,
    disabled UInt8 DEFAULT 0,
    deleted UInt8 DEFAULT 0,
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    updated_by String DEFAULT '',
    version UInt64
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version)
ORDER BY username;

-- A session row is rewritten when it is used after a quiet minute (idle expiry survives a restart)
-- and when it ends; rows go a day after their absolute expiry.
CREATE TABLE IF NOT EXISTS auth_sessions {{ON_CLUSTER}}
(
    id_hash String,
    username String,
    created_at DateTime64(3, 'UTC'),
    last_seen_at DateTime64(3, 'UTC'),
    expires_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0,
    version UInt64
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version)
ORDER BY id_hash
TTL toDateTime(expires_at) + INTERVAL 1 DAY;

CREATE TABLE IF NOT EXISTS auth_ingest_keys {{ON_CLUSTER}}
(
    id String,
    source LowCardinality(String),
    label String,
    key_sha256 String,
    key_prefix String,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    -- set on rotation: the old key keeps working until then
    expires_at Nullable(DateTime64(3, 'UTC')),
    revoked_at Nullable(DateTime64(3, 'UTC')),
    replaced_by String DEFAULT '',
    version UInt64
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version)
ORDER BY id;

CREATE TABLE IF NOT EXISTS auth_board_tokens {{ON_CLUSTER}}
(
    id String,
    label String,
    token_sha256 String,
    token_prefix String,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    revoked_at Nullable(DateTime64(3, 'UTC')),
    version UInt64
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version)
ORDER BY id;
