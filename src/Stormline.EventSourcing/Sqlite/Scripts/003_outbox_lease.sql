-- One row per relay lease: only the holder of a live lease publishes, so two relays never send the same rows and
-- stream order survives. Expiry is in Unix milliseconds so it compares as a number in every backend.
CREATE TABLE outbox_lease (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
