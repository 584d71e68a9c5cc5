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

    public async Task StoreCheckpoint(Checkpoint checkpoint, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var command = Command(transaction, _sql.StoreCheckpoint, ("@id", checkpoint.Id), ("@position", checkpoint.Position), ("@now", DateTimeOffset.UtcNow));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
