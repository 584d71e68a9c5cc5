-- Stream rows, events and outbox rows are written by one statement, under the append-order lock, and none of them
-- is ever deleted: the two foreign keys between them could not fail, yet each checked and share-locked a row (a
-- write-ahead-log record each) for every event, inside the one section that every append of the database runs in
-- turn. The unique (stream_name, version) and the outbox's primary key stay.
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_stream_name_fkey;
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_position_fkey;
