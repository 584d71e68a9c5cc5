-- Outbox rows point at the event by position; sent_at stays NULL until a relay has published it.
CREATE TABLE outbox (
    position INTEGER PRIMARY KEY REFERENCES events (position),
    enqueued_at TEXT NOT NULL,
    sent_at TEXT NULL
);
CREATE INDEX outbox_pending ON outbox (position) WHERE sent_at IS NULL;

CREATE TABLE inbox (
    consumer TEXT NOT NULL,
    event_id BLOB NOT NULL,
    handled_at TEXT NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

CREATE TABLE checkpoints (
    id TEXT PRIMARY KEY,
    position INTEGER NULL,
    updated_at TEXT NOT NULL
);
