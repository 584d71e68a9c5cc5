-- Appends take their positions under a lock held for that one statement, no longer until commit. Each event records
-- its settle mark: the highest transaction id of every append that took positions up to its own, kept in a sequence
-- because a sequence is not rolled back. ReadAll passes an event only once every transaction up to its mark has ended.
CREATE SEQUENCE events_settle_mark AS bigint MINVALUE 0 START 0;
ALTER TABLE events ADD COLUMN settle_mark bigint NULL;
