using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Stormline.EventSourcing.Sql;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Postgres;

/// <summary>
/// The server store on PostgreSQL through Npgsql. Owns its data source; dispose it to close the pool.
/// <para>
/// Appends to different streams run in parallel and share commits (group commit): only the step that assigns the
/// transaction id and the global positions is serialized, by a session advisory lock held for one statement, not
/// until commit. Position order is then transaction-id order, and <see cref="ReadAll"/> returns only events whose
/// transaction is older than every transaction still running, so a reader never passes a position that a slower
/// transaction commits later.
/// </para>
/// </summary>
public sealed class PostgresEventStore : SqlStore, IAsyncDisposable
{
    /// <summary>How long <see cref="ReadAll"/> waits for in-flight appends below a visible event before returning what is settled.</summary>
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _insertSql;
    private readonly string _readAllSql;

    public PostgresEventStore(string connectionString, bool outbox = true) : base(PostgresDialect.Instance, outbox)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The store runs a handful of fixed statements: preparing them saves parsing and planning on every append.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 20;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _insertSql = InsertSql(outbox);
        _readAllSql = $"SELECT {SqlText.EventColumns}, e.transaction_id < pg_snapshot_xmin(pg_current_snapshot()) " +
                      "FROM events e WHERE e.position >= @from ORDER BY e.position LIMIT @max";
    }

    public static async Task<PostgresEventStore> Open(string connectionString, bool outbox = true, CancellationToken cancellationToken = default)
    {
        var store = new PostgresEventStore(connectionString, outbox);
        await store.Initialize(cancellationToken);
        return store;
    }

    protected override async Task<DbConnection> OpenConnection(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginWrite(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken);

    /// <summary>
    /// One round trip: take the order lock, write stream row, events and outbox rows in one statement (the
    /// transaction's first write, so its id is assigned here too), release the lock. The stream lock taken by the
    /// version check is still held, so the stream's own versions cannot race.
    /// </summary>
    protected override async Task<long> WriteEvents(DbTransaction transaction, StreamName stream, long actual, IReadOnlyList<EventData> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)transaction.Connection!;
        var ids = new Guid[events.Count];
        var types = new string[events.Count];
        var data = new string[events.Count];
        var metadata = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            ids[i] = events[i].EventId;
            types[i] = events[i].Type;
            data[i] = events[i].Data;
            metadata[i] = SerializeMetadata(events[i].Metadata);
        }

        await using var batch = new NpgsqlBatch(connection, (NpgsqlTransaction)transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SELECT pg_advisory_lock({PostgresDialect.OrderLockKey})"),
                new NpgsqlBatchCommand(_insertSql)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string>("name", stream.Value),
                        new NpgsqlParameter<string>("category", stream.Category),
                        new NpgsqlParameter<long>("first_version", actual + 1),
                        new NpgsqlParameter<long>("last_version", actual + events.Count),
                        new NpgsqlParameter<DateTimeOffset>("now", now),
                        new NpgsqlParameter<Guid[]>("ids", ids),
                        new NpgsqlParameter<string[]>("types", types),
                        new NpgsqlParameter<string[]>("data", data) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new NpgsqlParameter<string[]>("metadata", metadata) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                    },
                },
                new NpgsqlBatchCommand($"SELECT pg_advisory_unlock({PostgresDialect.OrderLockKey})"),
            },
        };

        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken); // past the lock's row
            await reader.ReadAsync(cancellationToken);
            var position = reader.GetInt64(0);
            while (await reader.NextResultAsync(cancellationToken)) { } // run the unlock
            return position;
        }
        catch
        {
            // The statement failed (a duplicate event id, a cancel): the unlock did not run. A session lock outlives
            // the transaction, so end the transaction and release it here, before the connection goes back to the pool.
            await ReleaseOrderLock(connection, (NpgsqlTransaction)transaction);
            throw;
        }
    }

    private static async Task ReleaseOrderLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresDialect.OrderLockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken: the server ends its session, and with it the lock.
        }
    }

    /// <summary>
    /// Events from <paramref name="fromPosition"/> in position order, up to the first one whose transaction is not
    /// older than every running transaction (a lower position may still commit). When an unsettled event cuts the
    /// page, it waits briefly for those appends to finish, then returns the settled prefix.
    /// </summary>
    public override async Task<IReadOnlyList<StreamEvent>> ReadAll(long fromPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var deadline = DateTime.UtcNow + SettleWait;
        var pause = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            var (events, cut) = await ReadSettled(fromPosition, maxCount, cancellationToken);
            if (!cut || DateTime.UtcNow >= deadline) return events;
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(50).Ticks));
        }
    }

    private async Task<(List<StreamEvent> Events, bool Cut)> ReadSettled(long fromPosition, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_readAllSql, connection)
        {
            Parameters = { new NpgsqlParameter<long>("from", fromPosition), new NpgsqlParameter<long>("max", maxCount) },
        };
        var events = new List<StreamEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.GetBoolean(8)) return (events, true);
            events.Add(ReadEvent(reader));
        }
        return (events, false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // Upsert of the stream row, the events in version order (so positions follow versions) and their outbox rows, in
    // one statement; the foreign key from events to streams is checked at its end, when the stream row exists.
    private static string InsertSql(bool outbox) =>
        "WITH s AS (INSERT INTO streams (name, category, last_version, created_at) VALUES (@name, @category, @last_version, @now) " +
        "ON CONFLICT (name) DO UPDATE SET last_version = excluded.last_version), " +
        "e AS (INSERT INTO events (event_id, stream_name, version, type, data, metadata, recorded_at) " +
        "SELECT u.id, @name, @first_version + u.n - 1, u.type, u.data::jsonb, u.metadata::jsonb, @now " +
        "FROM unnest(@ids, @types, @data, @metadata) WITH ORDINALITY AS u(id, type, data, metadata, n) ORDER BY u.n RETURNING position)" +
        (outbox ? ", o AS (INSERT INTO outbox (position, enqueued_at) SELECT position, @now FROM e) " : " ") +
        "SELECT max(position) FROM e";
}
