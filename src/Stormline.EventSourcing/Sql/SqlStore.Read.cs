using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    public async Task<IReadOnlyList<StreamEvent>> ReadStream(StreamName stream, long fromVersion, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromVersion);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var metadata = await GetStreamMetadata(stream, cancellationToken);
        if (metadata is null) return [];
        if (metadata.IsDeleted) throw new StreamDeletedException(stream);

        return await ReadOnOwnConnection(_sql.ReadStream, cancellationToken, ("@name", stream.Value), ("@from", fromVersion), ("@max", maxCount));
    }

    /// <summary>A stream's events as the caller's transaction sees them, its own uncommitted appends included.</summary>
    public async Task<IReadOnlyList<StreamEvent>> ReadStream(StreamName stream, long fromVersion, int maxCount, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromVersion);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        await WriteGrouped(transaction, stream, cancellationToken);
        List<StreamEvent> events;
        await using (var command = Command(transaction, _sql.ReadStream, ("@name", stream.Value), ("@from", fromVersion), ("@max", maxCount)))
            events = await ReadSealed(command, cancellationToken);
        await Reveal(events, transaction, cancellationToken);
        return events;
    }

    public virtual async Task<IReadOnlyList<StreamEvent>> ReadAll(long fromPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return await ReadOnOwnConnection(_sql.ReadAll, cancellationToken, ("@from", fromPosition), ("@max", maxCount));
    }

    public async Task<long> CountEventsAfter(long position, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.CountAfter, ("@after", position));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<StreamMetadata?> GetStreamMetadata(StreamName stream, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.StreamMetadata, ("@name", stream.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StreamMetadata(
            stream,
            reader.GetString(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetInt64(2),
            await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetFieldValue<DateTimeOffset>(3));
    }
}
