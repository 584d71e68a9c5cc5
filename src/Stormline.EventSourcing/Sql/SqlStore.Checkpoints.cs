using System.Data.Common;
using Stormline.EventSourcing.Projections;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    public async Task<Checkpoint> GetCheckpoint(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.GetCheckpoint, ("@id", id));
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? Checkpoint.Empty(id) : new Checkpoint(id, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Events in the log after the checkpoint <paramref name="id"/> (all of them when it has none): how far its reader is behind, in one query.</summary>
    public async Task<long> CountEventsAfterCheckpoint(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.CountAfterCheckpoint, ("@id", id));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task StoreCheckpoint(Checkpoint checkpoint, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var command = Command(transaction, _sql.StoreCheckpoint, ("@id", checkpoint.Id), ("@position", checkpoint.Position), ("@now", DateTimeOffset.UtcNow));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Moves the checkpoint from <paramref name="expected"/> (what the caller read before its batch) to
    /// <paramref name="next"/> in the caller's transaction, only if nobody moved it meanwhile: false means another
    /// runner applied these events first, and the caller must roll back. So a read model is never changed twice by
    /// one event, and its checkpoint never moves back.
    /// </summary>
    public async Task<bool> TryAdvanceCheckpoint(Checkpoint expected, Checkpoint next, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(next);
        await using var command = expected.Position is { } position
            ? Command(transaction, _sql.AdvanceCheckpoint, ("@id", next.Id), ("@position", next.Position), ("@expected", position), ("@now", DateTimeOffset.UtcNow))
            : Command(transaction, _sql.StartCheckpoint, ("@id", next.Id), ("@position", next.Position), ("@now", DateTimeOffset.UtcNow));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
