-- Streams: one row per stream; last_version is the concurrency token, deleted_at the tombstone.
CREATE TABLE streams (
    name TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    last_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    deleted_at TEXT NULL
);

-- Events: position is the global log order (AUTOINCREMENT so positions are never reused after a delete).
CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BLOB NOT NULL UNIQUE,
    stream_name TEXT NOT NULL REFERENCES streams (name),
    version INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (stream_name, version)
);

CREATE TABLE snapshots (
    stream_name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    taken_at TEXT NOT NULL
);
