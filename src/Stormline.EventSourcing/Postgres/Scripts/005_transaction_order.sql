-- The id of the transaction that appended each event. Appends assign their transaction id and their positions under
-- one short lock, so position order is transaction order, and a reader that stops at the oldest running
-- transaction never passes a position that commits later (PostgresEventStore.ReadAll).
ALTER TABLE events ADD COLUMN transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id();
