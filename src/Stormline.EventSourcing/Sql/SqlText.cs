namespace Stormline.EventSourcing.Sql;

/// <summary>The store's statements, built once per dialect. Portable SQL: both SQLite ≥ 3.35 and PostgreSQL accept it.</summary>
internal sealed class SqlText(SqlDialect dialect)
{
    public const string EventColumns = "e.event_id, e.stream_name, e.version, e.position, e.type, e.data, e.metadata, e.recorded_at";

    public string StreamState { get; } = "SELECT last_version, deleted_at FROM streams WHERE name = @name";

    public string InsertStream { get; } =
        "INSERT INTO streams (name, category, last_version, created_at) VALUES (@name, @category, @last_version, @now)";

    public string UpdateStreamVersion { get; } = "UPDATE streams SET last_version = @last_version WHERE name = @name";

    public string DeleteStream { get; } = "UPDATE streams SET deleted_at = @now WHERE name = @name";

    public string InsertEvent { get; } =
        "INSERT INTO events (event_id, stream_name, version, type, data, metadata, recorded_at) " +
        $"VALUES (@event_id, @name, @version, @type, {dialect.Json("@data")}, {dialect.Json("@metadata")}, @now) RETURNING position";

    public string SubjectKeysOf { get; } = $"SELECT key_id, subject, key FROM subject_keys WHERE {dialect.PositionIn("subject", "@subjects")}";

    /// <summary>Per entry of <see cref="StatementSizes.Rows"/>: creates that many subjects' keys, returning those not created by someone else first.</summary>
    public string[] InsertSubjectKeysMany { get; } =
        [.. StatementSizes.Rows.Select(n => "INSERT INTO subject_keys (key_id, subject, key, created_at) VALUES " +
            string.Join(", ", Enumerable.Range(0, n).Select(i => $"(@key_id{i}, @subject{i}, @key{i}, @now)")) +
            " ON CONFLICT (subject) DO NOTHING RETURNING key_id, subject, key")];

    public string FindSubjectKeys { get; } = $"SELECT key_id, key FROM subject_keys WHERE {dialect.PositionIn("key_id", "@ids")}";

    public string DeleteSubjectKeys { get; } = "DELETE FROM subject_keys WHERE subject = @subject";

    public string DropSnapshots { get; } = "DELETE FROM snapshots";

    public string RecordErasure { get; } =
        "INSERT INTO erasures (subject, keys_deleted, reason, erased_at) VALUES (@subject, @deleted, @reason, @now)";

    public string InsertOutbox { get; } = "INSERT INTO outbox (position, enqueued_at) VALUES (@position, @now)";

    public string ReadStream { get; } =
        $"SELECT {EventColumns} FROM events e WHERE e.stream_name = @name AND e.version >= @from ORDER BY e.version LIMIT @max";

    public string ReadAll { get; } = $"SELECT {EventColumns} FROM events e WHERE e.position >= @from ORDER BY e.position LIMIT @max";

    public string CountAfter { get; } = "SELECT COUNT(*) FROM events WHERE position > @after";

    public string CountAfterCheckpoint { get; } = "SELECT COUNT(*) FROM events WHERE position > coalesce((SELECT position FROM checkpoints WHERE id = @id), 0)";

    public string StreamMetadata { get; } = "SELECT category, created_at, last_version, deleted_at FROM streams WHERE name = @name";

    public string SaveSnapshot { get; } =
        "INSERT INTO snapshots (stream_name, version, schema_version, data, taken_at) " +
        $"VALUES (@name, @version, @schema_version, {dialect.Json("@data")}, @now) " +
        "ON CONFLICT (stream_name) DO UPDATE SET version = excluded.version, schema_version = excluded.schema_version, " +
        "data = excluded.data, taken_at = excluded.taken_at WHERE excluded.version >= snapshots.version";

    public string LoadSnapshot { get; } = "SELECT version, schema_version, data, taken_at FROM snapshots WHERE stream_name = @name";

    public string PendingOutbox { get; } =
        $"SELECT {EventColumns} FROM outbox o JOIN events e ON e.position = o.position WHERE o.sent_at IS NULL AND o.parked_at IS NULL ORDER BY o.position LIMIT @max";

    public string PendingOutboxPositions { get; } =
        "SELECT o.position FROM outbox o WHERE o.sent_at IS NULL AND o.parked_at IS NULL ORDER BY o.position LIMIT @max";

    public string MarkSent { get; } = $"UPDATE outbox SET sent_at = @now WHERE {dialect.PositionIn("position", "@positions")}";

    public string Park { get; } = "UPDATE outbox SET parked_at = @now, park_reason = @reason WHERE position = @position AND sent_at IS NULL";

    public string ParkedCount { get; } = "SELECT COUNT(*) FROM outbox WHERE parked_at IS NOT NULL AND sent_at IS NULL";

    /// <summary>The lease row as this holder at this epoch, locked against a takeover until the transaction ends.</summary>
    public string LeaseHeld { get; } = "SELECT 1 FROM outbox_lease WHERE name = @name AND holder = @holder AND epoch = @epoch" + dialect.ForShare;

    // A takeover (another holder, or this one after someone else held it) bumps the epoch, the fencing token every
    // write under the lease checks; a renewal keeps it.
    public string AcquireLease { get; } =
        "INSERT INTO outbox_lease (name, holder, expires_at_ms, epoch) VALUES (@name, @holder, @until, 1) " +
        "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms, " +
        "epoch = CASE WHEN outbox_lease.holder = excluded.holder THEN outbox_lease.epoch ELSE outbox_lease.epoch + 1 END " +
        "WHERE outbox_lease.holder = excluded.holder OR outbox_lease.expires_at_ms < @now RETURNING epoch";

    // Expire rather than delete: the row keeps its epoch, so the next holder's token is still higher than every old one.
    public string ReleaseLease { get; } = "UPDATE outbox_lease SET expires_at_ms = 0 WHERE name = @name AND holder = @holder";

    /// <summary>Per entry of <see cref="StatementSizes.Rows"/>: records that many event ids, returning those not recorded before.</summary>
    public string[] RecordInboxMany { get; } =
        [.. StatementSizes.Rows.Select(n => "INSERT INTO inbox (consumer, event_id, handled_at) VALUES " +
            string.Join(", ", Enumerable.Range(0, n).Select(i => $"(@consumer, @event_id{i}, @now)")) + " ON CONFLICT DO NOTHING RETURNING event_id")];

    /// <summary>Records any number of event ids (array @event_ids), returning those not recorded before; null where <see cref="SqlDialect.Rows"/> is.</summary>
    public string? RecordInboxAll { get; } = dialect.Rows("@event_ids") is { } ids
        ? $"INSERT INTO inbox (consumer, event_id, handled_at) SELECT @consumer, id, @now FROM {ids} AS u(id) ON CONFLICT DO NOTHING RETURNING event_id"
        : null;

    public string SeenInbox { get; } = "SELECT COUNT(*) FROM inbox WHERE consumer = @consumer AND event_id = @event_id";

    public string GetCheckpoint { get; } = "SELECT position FROM checkpoints WHERE id = @id";

    public string StoreCheckpoint { get; } =
        "INSERT INTO checkpoints (id, position, updated_at) VALUES (@id, @position, @now) " +
        "ON CONFLICT (id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at";

    public string AdvanceCheckpoint { get; } = "UPDATE checkpoints SET position = @position, updated_at = @now WHERE id = @id AND position = @expected";

    public string StartCheckpoint { get; } =
        "INSERT INTO checkpoints (id, position, updated_at) VALUES (@id, @position, @now) " +
        "ON CONFLICT (id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at WHERE checkpoints.position IS NULL";

    public string CreateSchemaTable { get; } =
        "CREATE TABLE IF NOT EXISTS stormline_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL)";

    public string AppliedScripts { get; } = "SELECT version FROM stormline_schema";

    public string RecordScript { get; } = "INSERT INTO stormline_schema (version, name) VALUES (@version, @script)";
}
