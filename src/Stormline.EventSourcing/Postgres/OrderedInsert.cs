using Npgsql;
using NpgsqlTypes;
using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Postgres;

/// <summary>
/// The one critical section of a PostgreSQL append: stream rows, events and outbox rows written by one statement under
/// the append-order lock, a session lock taken just before that statement and released just after it, not held to
/// commit. Positions are therefore handed out in lock order while the transactions around them run, and commit, side
/// by side.
/// <para>
/// Each event also gets a settle mark: the highest transaction id among every statement that took positions up to and
/// including its own (the <c>events_settle_mark</c> sequence, which a rollback does not undo). A transaction that took
/// lower positions had its id by then, so its id is at most the mark. Once the oldest running transaction is above the
/// mark, no lower position can still commit, which is what <see cref="PostgresEventStore.ReadAll"/> waits for. This
/// holds whatever the transaction wrote before its append (inbox marks, read models), so the lock need not be taken
/// before the transaction's first write.
/// </para>
/// </summary>
internal static class OrderedInsert
{
    private static readonly string Lock = $"SELECT pg_advisory_lock({PostgresDialect.OrderLockKey})";

    private static readonly string Unlock = $"SELECT pg_advisory_unlock({PostgresDialect.OrderLockKey})";

    /// <summary>
    /// Writes every stream's events in order and returns each stream's last position. Takes and releases the order
    /// lock around the statement, in one round trip. After a failure the transaction is over (rolled back) and the
    /// lock released: a PostgreSQL transaction cannot go on after a failed statement anyway.
    /// </summary>
    public static async Task<Dictionary<string, long>> Run(NpgsqlConnection connection, NpgsqlTransaction transaction, bool outbox,
        IReadOnlyList<StreamWrite> writes, CancellationToken cancellationToken)
    {
        var eventCount = writes.Sum(w => w.Events.Count);
        var ids = new Guid[eventCount];
        var streams = new string[eventCount];
        var versions = new long[eventCount];
        var types = new string[eventCount];
        var data = new string[eventCount];
        var metadata = new string[eventCount];
        var i = 0;
        foreach (var write in writes)
        {
            var version = write.Actual;
            foreach (var e in write.Events)
            {
                ids[i] = e.EventId;
                streams[i] = write.Stream.Value;
                versions[i] = ++version;
                types[i] = e.Type;
                data[i] = e.Data;
                metadata[i] = SqlStore.SerializeMetadata(e.Metadata);
                i++;
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(Lock),
                new NpgsqlBatchCommand(outbox ? InsertWithOutbox : Insert)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string[]>("stream_names", [.. writes.Select(w => w.Stream.Value)]),
                        new NpgsqlParameter<string[]>("categories", [.. writes.Select(w => w.Stream.Category)]),
                        new NpgsqlParameter<long[]>("last_versions", [.. writes.Select(w => w.Actual + w.Events.Count)]),
                        new NpgsqlParameter<DateTimeOffset>("now", DateTimeOffset.UtcNow),
                        new NpgsqlParameter<Guid[]>("ids", ids),
                        new NpgsqlParameter<string[]>("streams", streams),
                        new NpgsqlParameter<long[]>("versions", versions),
                        new NpgsqlParameter<string[]>("types", types),
                        new NpgsqlParameter<string[]>("data", data) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new NpgsqlParameter<string[]>("metadata", metadata) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                    },
                },
                new NpgsqlBatchCommand(Unlock),
            },
        };

        var lastPositions = new Dictionary<string, long>(writes.Count, StringComparer.Ordinal);
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken); // past the lock's row
            while (await reader.ReadAsync(cancellationToken))
                lastPositions[reader.GetString(0)] = reader.GetInt64(1);
            while (await reader.NextResultAsync(cancellationToken)) { } // run the unlock
        }
        catch
        {
            await ReleaseAfterFailure(connection, transaction);
            throw;
        }
        return lastPositions;
    }

    /// <summary>
    /// A failed statement left the transaction aborted and perhaps the session lock held (the unlock after it did not
    /// run, and a session lock outlives its transaction): end the transaction, then release the lock, before the
    /// connection goes back to the pool. Releasing a lock not held only warns.
    /// </summary>
    private static async Task ReleaseAfterFailure(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        try
        {
            if (transaction.Connection is not null) await transaction.RollbackAsync();
            await using var unlock = new NpgsqlCommand(Unlock, connection);
            await unlock.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken: the server ends its session, and with it the lock.
        }
    }

    // Stream rows, events in write order (so positions follow each stream's versions) and outbox rows in one
    // statement; the foreign key from events to streams is checked at its end, when the stream rows exist. The mark is
    // read and raised once per statement, under the lock.
    private const string Head =
        "WITH mark AS (SELECT setval('events_settle_mark', greatest(last_value, pg_current_xact_id()::text::bigint)) AS x FROM events_settle_mark), " +
        "s AS (INSERT INTO streams (name, category, last_version, created_at) " +
        "SELECT n, c, v, @now FROM unnest(@stream_names, @categories, @last_versions) AS u(n, c, v) " +
        "ON CONFLICT (name) DO UPDATE SET last_version = excluded.last_version), " +
        "e AS (INSERT INTO events (event_id, stream_name, version, type, data, metadata, recorded_at, settle_mark) " +
        "SELECT u.id, u.stream, u.version, u.type, u.data::jsonb, u.metadata::jsonb, @now, (SELECT x FROM mark) " +
        "FROM unnest(@ids, @streams, @versions, @types, @data, @metadata) WITH ORDINALITY AS u(id, stream, version, type, data, metadata, n) " +
        "ORDER BY u.n RETURNING stream_name, position)";

    private const string Tail = " SELECT stream_name, max(position) FROM e GROUP BY stream_name";

    private const string Insert = Head + Tail;

    private const string InsertWithOutbox = Head + ", o AS (INSERT INTO outbox (position, enqueued_at) SELECT position, @now FROM e)" + Tail;
}
