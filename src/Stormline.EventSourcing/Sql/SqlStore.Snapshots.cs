using Stormline.EventSourcing.Snapshots;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    public Task SaveSnapshot(Snapshot snapshot, CancellationToken cancellationToken) =>
        InTransaction((tx, ct) => SaveSnapshot(snapshot, tx, ct), cancellationToken);

    /// <summary>Saves the snapshot in the caller's transaction (a unit of work that also appended the events it covers).</summary>
    public async Task SaveSnapshot(Snapshot snapshot, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await using var command = Command(transaction, _sql.SaveSnapshot,
            ("@name", snapshot.Stream.Value), ("@version", snapshot.Version), ("@schema_version", snapshot.SchemaVersion),
            ("@data", snapshot.Data), ("@now", snapshot.TakenAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Snapshot?> LoadSnapshot(StreamName stream, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.LoadSnapshot, ("@name", stream.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new Snapshot(stream, reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>
    /// Drops every snapshot (they are a cache: the next load replays the stream). After an erasure, so that no state
    /// folded from personal fields before it outlives the key.
    /// </summary>
    public Task DropSnapshots(CancellationToken cancellationToken) =>
        InTransaction(async (transaction, ct) =>
        {
            await using var command = Command(transaction, _sql.DropSnapshots);
            await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
}
