using Npgsql;
using NpgsqlTypes;
using Stormline.EventSourcing.Sql;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Postgres;

/// <summary>
/// Appends to distinct streams in one transaction, three round trips for the whole batch: (1) take the order lock,
/// lock the streams in a fixed order and read their versions; refuse each append whose expectation fails; (2) write
/// all stream rows, events and outbox rows in one statement, then release the order lock; (3) commit. The
/// transaction's first write happens in (2), so its id is assigned under the order lock together with its positions.
/// The order lock comes before the stream locks, as in every appending transaction, so appends never deadlock.
/// </summary>
internal static class AppendBatch
{
    private static readonly string LockAndRead =
        $"SELECT pg_advisory_lock({PostgresDialect.OrderLockKey});" +
        $"SELECT pg_advisory_xact_lock({PostgresDialect.StreamLockClass}, h) FROM (SELECT DISTINCT hashtext(n) AS h FROM unnest(@names) AS n ORDER BY 1) AS locks;" +
        "SELECT name, last_version, deleted_at IS NOT NULL FROM streams WHERE name = ANY(@names)";

    private static readonly string Unlock = $"SELECT pg_advisory_unlock({PostgresDialect.OrderLockKey})";

    /// <summary>Runs the batch and completes every append in it. A failed write retries each append alone, so only the culprit fails.</summary>
    public static async Task Run(NpgsqlDataSource dataSource, bool outbox, IReadOnlyList<PendingAppend> batch)
    {
        try
        {
            await RunOnce(dataSource, outbox, batch);
        }
        catch (Exception e) when (batch.Count > 1 && e is PostgresException)
        {
            foreach (var append in batch.Where(a => !a.Completion.IsCompleted))
                await Run(dataSource, outbox, [append]);
        }
        catch (Exception e)
        {
            foreach (var append in batch) append.Fail(e);
        }
    }

    private static async Task RunOnce(NpgsqlDataSource dataSource, bool outbox, IReadOnlyList<PendingAppend> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        Dictionary<string, long> lastPositions;
        try
        {
            var accepted = await CheckVersions(connection, transaction, batch);
            if (accepted.Count == 0)
            {
                await ReleaseOrderLock(connection, transaction);
                return;
            }
            lastPositions = await Write(connection, transaction, outbox, accepted);
        }
        catch
        {
            // The statement failed (a duplicate event id, a broken connection): the unlock did not run. A session lock
            // outlives the transaction, so end the transaction and release it before the connection returns to the pool.
            await ReleaseOrderLock(connection, transaction);
            throw;
        }
        await transaction.CommitAsync();
        foreach (var append in batch.Where(a => lastPositions.ContainsKey(a.Stream.Value)))
            append.Succeed(new AppendResult(append.Actual + append.Events.Count, lastPositions[append.Stream.Value]));
    }

    /// <summary>Locks the batch's streams and reads their versions; refuses (completes) the appends whose expectation fails.</summary>
    private static async Task<List<PendingAppend>> CheckVersions(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingAppend> batch)
    {
        var states = new Dictionary<string, (long Version, bool Deleted)>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(LockAndRead, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. batch.Select(a => a.Stream.Value)]));
            await using var reader = await command.ExecuteReaderAsync();
            await reader.NextResultAsync(); // past the order lock's row
            await reader.NextResultAsync(); // past the stream locks' rows
            while (await reader.ReadAsync())
                states[reader.GetString(0)] = (reader.GetInt64(1), reader.GetBoolean(2));
        }

        var accepted = new List<PendingAppend>(batch.Count);
        foreach (var append in batch)
        {
            var (version, deleted) = states.TryGetValue(append.Stream.Value, out var state) ? state : (-1L, false);
            append.Actual = version;
            if (deleted) append.Fail(new StreamDeletedException(append.Stream));
            else if (!append.Expected.IsSatisfiedBy(version)) append.Fail(new WrongExpectedVersionException(append.Stream, append.Expected, version));
            else accepted.Add(append);
        }
        return accepted;
    }

    private static async Task<Dictionary<string, long>> Write(NpgsqlConnection connection, NpgsqlTransaction transaction, bool outbox, List<PendingAppend> accepted)
    {
        var eventCount = accepted.Sum(a => a.Events.Count);
        var ids = new Guid[eventCount];
        var streams = new string[eventCount];
        var versions = new long[eventCount];
        var types = new string[eventCount];
        var data = new string[eventCount];
        var metadata = new string[eventCount];
        var i = 0;
        foreach (var append in accepted)
        {
            var version = append.Actual;
            foreach (var e in append.Events)
            {
                ids[i] = e.EventId;
                streams[i] = append.Stream.Value;
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
                new NpgsqlBatchCommand(InsertSql(outbox))
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string[]>("stream_names", [.. accepted.Select(a => a.Stream.Value)]),
                        new NpgsqlParameter<string[]>("categories", [.. accepted.Select(a => a.Stream.Category)]),
                        new NpgsqlParameter<long[]>("last_versions", [.. accepted.Select(a => a.Actual + a.Events.Count)]),
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

        var lastPositions = new Dictionary<string, long>(accepted.Count, StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lastPositions[reader.GetString(0)] = reader.GetInt64(1);
        while (await reader.NextResultAsync()) { } // run the unlock
        return lastPositions;
    }

    private static async Task ReleaseOrderLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync();
            await using var unlock = new NpgsqlCommand(Unlock, connection);
            await unlock.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken: the server ends its session, and with it the lock.
        }
    }

    // Stream rows, events in batch order (so positions follow each stream's versions) and outbox rows in one
    // statement; the foreign key from events to streams is checked at its end, when the stream rows exist.
    private static string InsertSql(bool outbox) =>
        "WITH s AS (INSERT INTO streams (name, category, last_version, created_at) " +
        "SELECT n, c, v, @now FROM unnest(@stream_names, @categories, @last_versions) AS u(n, c, v) " +
        "ON CONFLICT (name) DO UPDATE SET last_version = excluded.last_version), " +
        "e AS (INSERT INTO events (event_id, stream_name, version, type, data, metadata, recorded_at) " +
        "SELECT u.id, u.stream, u.version, u.type, u.data::jsonb, u.metadata::jsonb, @now " +
        "FROM unnest(@ids, @streams, @versions, @types, @data, @metadata) WITH ORDINALITY AS u(id, stream, version, type, data, metadata, n) " +
        "ORDER BY u.n RETURNING stream_name, position)" +
        (outbox ? ", o AS (INSERT INTO outbox (position, enqueued_at) SELECT position, @now FROM e) " : " ") +
        "SELECT stream_name, max(position) FROM e GROUP BY stream_name";
}
