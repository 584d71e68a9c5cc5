-- Process-manager state, one row per saga instance (type + correlation id); version is the concurrency token.
CREATE TABLE sagas (
    saga_type text NOT NULL,
    correlation_id text NOT NULL,
    state jsonb NOT NULL,
    version bigint NOT NULL,
    completed_at timestamptz NULL,
    PRIMARY KEY (saga_type, correlation_id)
);

-- Deadlines a saga is waiting on; a row is deleted when it fires or the saga cancels it.
CREATE TABLE saga_deadlines (
    saga_type text NOT NULL,
    correlation_id text NOT NULL,
    name text NOT NULL,
    due_at_ms bigint NOT NULL,
    PRIMARY KEY (saga_type, correlation_id, name)
);
CREATE INDEX saga_deadlines_due ON saga_deadlines (saga_type, due_at_ms);
