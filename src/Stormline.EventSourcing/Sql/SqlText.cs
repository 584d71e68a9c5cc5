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

    public string InsertOutbox { get; } = "INSERT INTO outbox (position, enqueued_at) VALUES (@position, @now)";

    public string ReadStream { get; } =
        $"SELECT {EventColumns} FROM events e WHERE e.stream_name = @name AND e.version >= @from ORDER BY e.version LIMIT @max";

    public string ReadAll { get; } = $"SELECT {EventColumns} FROM events e WHERE e.position >= @from ORDER BY e.position LIMIT @max";

    public string CountAfter { get; } = "SELECT COUNT(*) FROM events WHERE position > @after";

    public string StreamMetadata { get; } = "SELECT category, created_at, last_version, deleted_at FROM streams WHERE name = @name";

    public string SaveSnapshot { get; } =
        "INSERT INTO snapshots (stream_name, version, schema_version, data, taken_at) " +
        $"VALUES (@name, @version, @schema_version, {dialect.Json("@data")}, @now) " +
        "ON CONFLICT (stream_name) DO UPDATE SET version = excluded.version, schema_version = excluded.schema_version, " +
        "data = excluded.data, taken_at = excluded.taken_at WHERE excluded.version >= snapshots.version";

    public string LoadSnapshot { get; } = "SELECT version, schema_version, data, taken_at FROM snapshots WHERE stream_name = @name";

    public string PendingOutbox { get; } =
        $"SELECT {EventColumns} FROM outbox o JOIN events e ON e.position = o.position WHERE o.sent_at IS NULL ORDER BY o.position LIMIT @max";

    public string MarkSent { get; } = "UPDATE outbox SET sent_at = @now WHERE position = @position";

    public string AcquireLease { get; } =
        "INSERT INTO outbox_lease (name, holder, expires_at_ms) VALUES ('relay', @holder, @until) " +
        "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms " +
        "WHERE outbox_lease.holder = excluded.holder OR outbox_lease.expires_at_ms < @now";

    public string ReleaseLease { get; } = "DELETE FROM outbox_lease WHERE name = 'relay' AND holder = @holder";

    public string RecordInbox { get; } =
        "INSERT INTO inbox (consumer, event_id, handled_at) VALUES (@consumer, @event_id, @now) ON CONFLICT DO NOTHING";

    public string SeenInbox { get; } = "SELECT COUNT(*) FROM inbox WHERE consumer = @consumer AND event_id = @event_id";

    public string GetCheckpoint { get; } = "SELECT position FROM checkpoints WHERE id = @id";

    public string StoreCheckpoint { get; } =
        "INSERT INTO checkpoints (id, position, updated_at) VALUES (@id, @position, @now) " +
        "ON CONFLICT (id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at";

    public string CreateSchemaTable { get; } =
        "CREATE TABLE IF NOT EXISTS stormline_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL)";

    public string AppliedScripts { get; } = "SELECT version FROM stormline_schema";

    public string RecordScript { get; } = "INSERT INTO stormline_schema (version, name) VALUES (@version, @script)";
}
