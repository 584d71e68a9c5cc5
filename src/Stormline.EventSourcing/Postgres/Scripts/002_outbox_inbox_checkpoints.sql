-- Outbox rows point at the event by position; sent_at stays NULL until a relay has published it.
CREATE TABLE outbox (
    position bigint PRIMARY KEY REFERENCES events (position),
    enqueued_at timestamptz NOT NULL,
    sent_at timestamptz NULL
);
CREATE INDEX outbox_pending ON outbox (position) WHERE sent_at IS NULL;

CREATE TABLE inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    handled_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

CREATE TABLE checkpoints (
    id text PRIMARY KEY,
    position bigint NULL,
    updated_at timestamptz NOT NULL
);
