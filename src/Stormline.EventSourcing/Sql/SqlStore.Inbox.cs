using System.Data.Common;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    public async Task<bool> TryRecord(string consumer, Guid eventId, DbTransaction transaction, CancellationToken cancellationToken) =>
        (await RecordNew(consumer, [eventId], transaction, cancellationToken)).Count == 1;

    public async Task<ISet<Guid>> RecordNew(string consumer, IReadOnlyList<Guid> eventIds, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentNullException.ThrowIfNull(eventIds);
        var ids = eventIds.Distinct().ToArray(); // one statement may not name a row twice
        var recorded = new HashSet<Guid>();
        var now = DateTimeOffset.UtcNow;
        if (_sql.RecordInboxAll is { } all)
        {
            // One statement text for any count: the ids go as one array.
            await ReadRecorded(Command(transaction, all, ("@consumer", consumer), ("@now", now), ("@event_ids", ids)), recorded, cancellationToken);
            return recorded;
        }

        foreach (var (start, count, size) in StatementSizes.Split(ids.Length))
        {
            var parameters = new (string, object?)[count + 2];
            parameters[0] = ("@consumer", consumer);
            parameters[1] = ("@now", now);
            for (var i = 0; i < count; i++) parameters[i + 2] = ("@event_id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), _dialect.EventId(ids[start + i]));
            await ReadRecorded(Command(transaction, _sql.RecordInboxMany[size], parameters), recorded, cancellationToken);
        }
        return recorded;
    }

    private async Task ReadRecorded(DbCommand command, HashSet<Guid> recorded, CancellationToken cancellationToken)
    {
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                recorded.Add(_dialect.ReadEventId(reader, 0));
    }

    public async Task<bool> HasSeen(string consumer, Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.SeenInbox, ("@consumer", consumer), ("@event_id", _dialect.EventId(eventId)));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// Runs <paramref name="effect"/> once per (consumer, event id): the inbox mark and the effect's writes commit together,
    /// so a redelivered event finds the mark and is dropped. Returns false for a duplicate.
    /// </summary>
    public Task<bool> HandleOnce(string consumer, Guid eventId, Func<DbTransaction, CancellationToken, Task> effect, CancellationToken cancellationToken) =>
        InTransaction(async (transaction, ct) =>
        {
            if (!await TryRecord(consumer, eventId, transaction, ct)) return false;
            await effect(transaction, ct);
            return true;
        }, cancellationToken);
}
