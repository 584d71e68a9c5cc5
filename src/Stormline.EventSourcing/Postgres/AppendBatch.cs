using Npgsql;
using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Postgres;

/// <summary>
/// Appends to distinct streams in one transaction, three round trips for the whole batch: (1) lock the streams in a
/// fixed order and read their versions; refuse each append whose expectation fails; (2) write all stream rows, events
/// and outbox rows in one statement under the append-order lock (<see cref="OrderedInsert"/>); (3) commit. With
/// personal-data protection, the accepted appends' events are sealed together between (1) and (2): one key look-up for
/// the batch, in its transaction.
/// </summary>
internal static class AppendBatch
{
    private static readonly string LockAndRead =
        $"SELECT pg_advisory_xact_lock({PostgresDialect.StreamLockClass}, h) FROM (SELECT DISTINCT hashtext(n) AS h FROM unnest(@names) AS n ORDER BY 1) AS locks;" +
        "SELECT name, last_version, deleted_at IS NOT NULL FROM streams WHERE name = ANY(@names)";

    /// <summary>
    /// Runs the batch and completes every append in it. A failed write, or events that cannot be sealed (no data
    /// subject), retries each append alone, so only the culprit fails.
    /// </summary>
    public static async Task Run(NpgsqlDataSource dataSource, bool outbox, PersonalDataProtection? protection, IReadOnlyList<PendingAppend> batch)
    {
        try
        {
            await RunOnce(dataSource, outbox, protection, batch);
        }
        catch (Exception e) when (batch.Count > 1 && e is PostgresException or InvalidOperationException)
        {
            foreach (var append in batch.Where(a => !a.Completion.IsCompleted))
                await Run(dataSource, outbox, protection, [append]);
        }
        catch (Exception e)
        {
            foreach (var append in batch) append.Fail(e);
        }
    }

    private static async Task RunOnce(NpgsqlDataSource dataSource, bool outbox, PersonalDataProtection? protection, IReadOnlyList<PendingAppend> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var accepted = await CheckVersions(connection, transaction, batch);
        if (accepted.Count == 0) return;
        var lastPositions = await OrderedInsert.Run(connection, transaction, outbox, await Writes(accepted, protection, transaction), CancellationToken.None);
        await transaction.CommitAsync();
        foreach (var append in accepted)
            append.Succeed(new AppendResult(append.Actual + append.Events.Count, lastPositions[append.Stream.Value]));
    }

    /// <summary>The accepted appends' writes, their events sealed together when personal data is protected.</summary>
    private static async Task<StreamWrite[]> Writes(List<PendingAppend> accepted, PersonalDataProtection? protection, NpgsqlTransaction transaction)
    {
        if (protection is null) return [.. accepted.Select(a => new StreamWrite(a.Stream, a.Actual, a.Events))];
        var sealedAll = await protection.Protect([.. accepted.SelectMany(a => a.Events)], transaction, CancellationToken.None);
        var writes = new StreamWrite[accepted.Count];
        for (int i = 0, at = 0; i < accepted.Count; at += accepted[i].Events.Count, i++)
            writes[i] = new StreamWrite(accepted[i].Stream, accepted[i].Actual, [.. sealedAll.Skip(at).Take(accepted[i].Events.Count)]);
        return writes;
    }

    /// <summary>Locks the batch's streams and reads their versions; refuses (completes) the appends whose expectation fails.</summary>
    private static async Task<List<PendingAppend>> CheckVersions(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingAppend> batch)
    {
        var states = new Dictionary<string, (long Version, bool Deleted)>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(LockAndRead, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. batch.Select(a => a.Stream.Value)]));
            await using var reader = await command.ExecuteReaderAsync();
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
}
