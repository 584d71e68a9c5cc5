using System.Data.Common;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    public virtual async Task<AppendResult> AppendToStream(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var unit = await BeginTransaction(cancellationToken);
        var result = await AppendToStream(stream, expected, events, unit.Transaction, cancellationToken);
        await unit.Commit(cancellationToken);
        return result;
    }

    /// <summary>
    /// Appends inside the caller's transaction (from <see cref="BeginTransaction"/>), with its outbox rows: they
    /// commit with whatever else the transaction does, or not at all.
    /// </summary>
    /// <exception cref="WrongExpectedVersionException">The stream's version did not match; nothing was written.</exception>
    /// <exception cref="StreamDeletedException">The stream was soft-deleted.</exception>
    public async Task<AppendResult> AppendToStream(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(transaction);
        var actual = await CheckExpected(transaction, stream, expected, cancellationToken);
        return await AppendToLockedStream(stream, actual, events, transaction, cancellationToken);
    }

    /// <summary>
    /// Appends after <see cref="LockStream"/> returned <paramref name="lockedVersion"/> in the same transaction: the
    /// lock holds, so the version needs no second look.
    /// </summary>
    public async Task<AppendResult> AppendToLockedStream(StreamName stream, long lockedVersion, IReadOnlyList<EventData> events, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(transaction);
        if (events.Count == 0) return new AppendResult(lockedVersion, -1);
        var plain = events;
        var generation = RecentGeneration;
        if (PersonalData is { } personalData) events = await personalData.Protect(events, transaction, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var position = await WriteEvents(transaction, stream, lockedVersion, events, now, cancellationToken);
        Appended(transaction, generation, stream, lockedVersion, plain, position, now);
        return new AppendResult(lockedVersion + events.Count, position);
    }

    /// <summary>Where the store keeps recently committed events for its readers, the erasure generation an append starts in.</summary>
    internal virtual long RecentGeneration => 0;

    /// <summary>
    /// Called once an append's rows are written in <paramref name="transaction"/> (not yet committed), with its events
    /// as given (personal fields open) and the last of their positions.
    /// </summary>
    private protected virtual void Appended(DbTransaction transaction, long generation, StreamName stream, long lockedVersion, IReadOnlyList<EventData> events, long lastPosition, DateTimeOffset recordedAt)
    {
    }

    /// <summary>
    /// <see cref="AppendToStream(StreamName, ExpectedVersion, IReadOnlyList{EventData}, DbTransaction, CancellationToken)"/>
    /// for events whose personal fields are sealed already (a group commit seals its whole group with one key look-up):
    /// <paramref name="plain"/> as given, <paramref name="sealedEvents"/> as stored, <paramref name="generation"/> read
    /// before the sealing.
    /// </summary>
    internal async Task<AppendResult> AppendSealedToStream(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> plain, IReadOnlyList<EventData> sealedEvents,
        long generation, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var actual = await CheckExpected(transaction, stream, expected, cancellationToken);
        if (sealedEvents.Count == 0) return new AppendResult(actual, -1);
        var now = DateTimeOffset.UtcNow;
        var position = await WriteEvents(transaction, stream, actual, sealedEvents, now, cancellationToken);
        Appended(transaction, generation, stream, actual, plain, position, now);
        return new AppendResult(actual + sealedEvents.Count, position);
    }

    /// <summary>Writes the stream row, the events and their outbox rows of one locked stream; returns the last position.</summary>
    private protected virtual async Task<long> WriteEvents(DbTransaction transaction, StreamName stream, long actual, IReadOnlyList<EventData> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = actual < 0 ? _sql.InsertStream : _sql.UpdateStreamVersion;
        await using (var upsert = Command(transaction, sql, ("@name", stream.Value), ("@category", stream.Category), ("@last_version", actual + events.Count), ("@now", now)))
            await upsert.ExecuteNonQueryAsync(cancellationToken);

        long position = -1;
        var version = actual;
        foreach (var e in events)
        {
            version++;
            await using (var insert = Command(transaction, _sql.InsertEvent,
                ("@event_id", _dialect.EventId(e.EventId)), ("@name", stream.Value), ("@version", version), ("@type", e.Type),
                ("@data", e.Data), ("@metadata", SerializeMetadata(e.Metadata)), ("@now", now)))
                position = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

            if (Outbox)
                await using (var outbox = Command(transaction, _sql.InsertOutbox, ("@position", position), ("@now", now)))
                    await outbox.ExecuteNonQueryAsync(cancellationToken);
        }
        return position;
    }

    /// <summary>
    /// Writes the appends that <paramref name="transaction"/> holds back for its commit (see
    /// <see cref="StoreTransaction.GroupAppends"/>) when one of them is to <paramref name="stream"/>, so that reading or
    /// locking the stream in the transaction sees them.
    /// </summary>
    private protected virtual Task WriteGrouped(DbTransaction transaction, StreamName stream, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken cancellationToken)
    {
        await using var unit = await BeginTransaction(cancellationToken);
        var actual = await CheckExpected(unit.Transaction, stream, expected, cancellationToken);
        if (actual < 0) return; // nothing to tombstone; an "any" delete of a missing stream is a no-op

        await using (var delete = Command(unit.Transaction, _sql.DeleteStream, ("@name", stream.Value), ("@now", DateTimeOffset.UtcNow)))
            await delete.ExecuteNonQueryAsync(cancellationToken);
        await unit.Commit(cancellationToken);
    }

    /// <summary>
    /// Takes the stream's write lock, then compares its last version (-1 = no stream) with the expectation; lock and
    /// read go in one command, so one round trip.
    /// </summary>
    private async Task<long> CheckExpected(DbTransaction transaction, StreamName stream, ExpectedVersion expected, CancellationToken cancellationToken)
    {
        var actual = await LockStream(transaction, stream, cancellationToken);
        if (!expected.IsSatisfiedBy(actual)) throw new WrongExpectedVersionException(stream, expected, actual);
        return actual;
    }

    /// <summary>
    /// Locks the stream for the rest of the transaction and returns its last version (-1 = no stream). A command
    /// handler inside a unit of work calls it before loading, so nobody appends between its load and its append.
    /// </summary>
    /// <exception cref="StreamDeletedException">The stream was soft-deleted.</exception>
    public async Task<long> LockStream(DbTransaction transaction, StreamName stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await WriteGrouped(transaction, stream, cancellationToken);
        var sql = _dialect.StreamLockSql is { } lockSql ? $"{lockSql}; {_sql.StreamState}" : _sql.StreamState;
        await using var query = Command(transaction, sql, ("@name", stream.Value));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (_dialect.StreamLockSql is not null) await reader.NextResultAsync(cancellationToken); // past the lock's empty row
        if (!await reader.ReadAsync(cancellationToken)) return -1;
        if (!await reader.IsDBNullAsync(1, cancellationToken)) throw new StreamDeletedException(stream);
        return reader.GetInt64(0);
    }
}
