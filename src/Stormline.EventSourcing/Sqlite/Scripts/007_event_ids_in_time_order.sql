-- Event ids are stored in RFC 9562 byte order (big-endian) from here on, so time-ordered ids sort by time in the
-- event id and inbox indexes (see SqliteDialect.EventId). Ids stored before, in .NET's layout (its first three fields
-- little-endian), are turned over: the same swap of bytes 0-3, 4-5 and 6-7 in both directions.
UPDATE events SET event_id = unhex(substr(hex(event_id), 7, 2) || substr(hex(event_id), 5, 2) || substr(hex(event_id), 3, 2) || substr(hex(event_id), 1, 2) ||
    substr(hex(event_id), 11, 2) || substr(hex(event_id), 9, 2) || substr(hex(event_id), 15, 2) || substr(hex(event_id), 13, 2) || substr(hex(event_id), 17))
WHERE length(event_id) = 16;
UPDATE inbox SET event_id = unhex(substr(hex(event_id), 7, 2) || substr(hex(event_id), 5, 2) || substr(hex(event_id), 3, 2) || substr(hex(event_id), 1, 2) ||
    substr(hex(event_id), 11, 2) || substr(hex(event_id), 9, 2) || substr(hex(event_id), 15, 2) || substr(hex(event_id), 13, 2) || substr(hex(event_id), 17))
WHERE length(event_id) = 16;
