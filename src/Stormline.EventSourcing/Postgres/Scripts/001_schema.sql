-- Streams: one row per stream; last_version is the concurrency token, deleted_at the tombstone.
CREATE TABLE streams (
    name text PRIMARY KEY,
    category text NOT NULL,
    last_version bigint NOT NULL,
    created_at timestamptz NOT NULL,
    deleted_at timestamptz NULL
);

-- Events: position is the global log order; appends hold an advisory lock so positions commit in order.
CREATE TABLE events (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    stream_name text NOT NULL REFERENCES streams (name),
    version bigint NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL,
    UNIQUE (stream_name, version)
);

CREATE TABLE snapshots (
    stream_name text PRIMARY KEY,
    version bigint NOT NULL,
    schema_version integer NOT NULL,
    data jsonb NOT NULL,
    taken_at timestamptz NOT NULL
);
