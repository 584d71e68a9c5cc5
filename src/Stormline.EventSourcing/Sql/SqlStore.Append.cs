using System.Data.Common;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    public virtual async Task<AppendResult> AppendToStream(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await OpenConnection(cancellationToken);
        await using var transaction = await BeginWrite(connection, cancellationToken);
        var actual = await CheckExpected(transaction, stream, expected, cancellationToken);
        if (events.Count == 0) return new AppendResult(actual, -1);

        var now = DateTimeOffset.UtcNow;
        var sql = actual < 0 ? _sql.InsertStream : _sql.UpdateStreamVersion;
        await using (var upsert = Command(transaction, sql, ("@name", stream.Value), ("@category", stream.Category), ("@last_version", actual + events.Count), ("@now", now)))
            await upsert.ExecuteNonQueryAsync(cancellationToken);

        long position = -1;
        var version = actual;
        foreach (var e in events)
        {
            version++;
            await using (var insert = Command(transaction, _sql.InsertEvent,
                ("@event_id", e.EventId), ("@name", stream.Value), ("@version", version), ("@type", e.Type),
                ("@data", e.Data), ("@metadata", SerializeMetadata(e.Metadata)), ("@now", now)))
                position = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

            if (Outbox)
                await using (var outbox = Command(transaction, _sql.InsertOutbox, ("@position", position), ("@now", now)))
                    await outbox.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new AppendResult(actual + events.Count, position);
    }

    public async Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var transaction = await BeginWrite(connection, cancellationToken);
        var actual = await CheckExpected(transaction, stream, expected, cancellationToken);
        if (actual < 0) return; // nothing to tombstone; an "any" delete of a missing stream is a no-op

        await using (var delete = Command(transaction, _sql.DeleteStream, ("@name", stream.Value), ("@now", DateTimeOffset.UtcNow)))
            await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the stream's write lock, then compares its last version (-1 = no stream) with the expectation; lock and
    /// read go in one command, so one round trip.
    /// </summary>
    private async Task<long> CheckExpected(DbTransaction transaction, StreamName stream, ExpectedVersion expected, CancellationToken cancellationToken)
    {
        var sql = _dialect.StreamLockSql is { } lockSql ? $"{lockSql}; {_sql.StreamState}" : _sql.StreamState;
        long actual = -1;
        await using (var query = Command(transaction, sql, ("@name", stream.Value)))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            if (_dialect.StreamLockSql is not null) await reader.NextResultAsync(cancellationToken); // past the lock's empty row
            if (await reader.ReadAsync(cancellationToken))
            {
                if (!await reader.IsDBNullAsync(1, cancellationToken)) throw new StreamDeletedException(stream);
                actual = reader.GetInt64(0);
            }
        }

        if (!expected.IsSatisfiedBy(actual)) throw new WrongExpectedVersionException(stream, expected, actual);
        return actual;
    }
}
